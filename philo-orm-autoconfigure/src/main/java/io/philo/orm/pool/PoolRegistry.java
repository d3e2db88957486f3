package io.philo.orm.pool;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;
import io.philo.orm.connection.ConnectionNames;
import io.philo.orm.connection.PhiloDatabases;
import io.philo.orm.connection.Pooler;
import io.philo.orm.hibernate.ConnectionEntityManagerFactory;
import io.philo.orm.hibernate.PhiloSessionFactory;
import jakarta.persistence.EntityManager;
import jakarta.persistence.metamodel.Metamodel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The connections by name, and each thread's unit of work on them (Flask-Philo's {@code get_pool()}).
 * Inject it, or call {@link #get()} from code that is not a bean.
 *
 * <p>Each thread has its own session per connection, opened on first use (see {@link UnitOfWork}
 * for its lifecycle), and ended by {@link #close()} or the end of its {@link #scope()}. Inside a
 * Spring transaction on a connection ({@code @Transactional("NAME")}) the session of that
 * transaction is used instead, and commit and rollback belong to Spring.
 *
 * <p>A thread that dies holding a unit of work does not keep its connection: a daemon thread
 * checks every second for such threads, rolls their transactions back and returns their connections.
 */
public class PoolRegistry implements SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(PoolRegistry.class);

	/** The registries of the application contexts running in this JVM. */
	private static final Set<PoolRegistry> running = new CopyOnWriteArraySet<>();

	/** The registry of the scope the thread is in (a web request, a Spring task, {@link #scope()}). */
	private static final ThreadLocal<PoolRegistry> scoped = new ThreadLocal<>();

	/** The registry of the running test's application context, chosen by the Spring TestContext framework. */
	private static volatile PoolRegistry selectedByTest;

	private final PhiloDatabases databases;

	private final PhiloSessionFactory sessionFactory;

	private final Integer defaultLimit;

	/** Each connection's beginning and ending of units' transactions. */
	private final Map<String, UnitTransactions> unitTransactions = new ConcurrentHashMap<>();

	private final ThreadLocal<ThreadUnits> units = new ThreadLocal<>();

	/** The threads holding units of work, for the check of dead threads. */
	private final Set<ThreadUnits> open = ConcurrentHashMap.newKeySet();

	private final String applicationName;

	private final UnitObservations observations;

	private ScheduledExecutorService deadThreadCheck;

	/**
	 * @param databases the configured connections
	 * @param sessionFactory their SessionFactory
	 * @param defaultLimit {@code philo.orm.default-limit}, or null
	 * @param applicationName the application context's id, naming this registry in messages
	 * @param observations where commits and rollbacks are observed (see {@link UnitObservations})
	 */
	public PoolRegistry(PhiloDatabases databases, PhiloSessionFactory sessionFactory, Integer defaultLimit,
			String applicationName, ObservationRegistry observations) {
		this.databases = databases;
		this.sessionFactory = sessionFactory;
		this.defaultLimit = defaultLimit;
		this.applicationName = applicationName;
		this.observations = new UnitObservations(observations);
	}

	/**
	 * The registry of the running application, for code that is not a Spring bean. With several
	 * application contexts in one JVM: the one of the current web request, Spring task or
	 * {@link #scope()}; else, in tests, the one of the running test; else it cannot tell, and says so.
	 */
	public static PoolRegistry get() {
		PoolRegistry registry = scoped.get();
		if (registry != null && running.contains(registry)) {
			return registry;
		}
		registry = selectedByTest;
		if (registry != null && running.contains(registry)) {
			return registry;
		}
		List<PoolRegistry> all = List.copyOf(running);
		if (all.size() == 1) {
			return all.get(0);
		}
		if (all.isEmpty()) {
			throw new IllegalStateException("No philo-orm application is running: PoolRegistry.get() and the model API need a"
					+ " started Spring application context with philo.databases.postgresql.DEFAULT configured");
		}
		throw new IllegalStateException("Several philo-orm applications are running in this JVM ("
				+ all.stream().map((pool) -> pool.applicationName).collect(Collectors.joining(", "))
				+ ") and this thread is in the scope of none: use the model API from a web request or a Spring task of one of"
				+ " them, or inside try (PoolScope scope = pool.scope()) { … } with the PoolRegistry bean of the one you mean");
	}

	/** Makes the static API reach this registry on every thread not in a scope (the TestContext framework's choice). */
	static void selectForTests(PoolRegistry registry) {
		selectedByTest = registry;
	}

	/** Ends that choice, if it was this registry. */
	static void deselectForTests(PoolRegistry registry) {
		if (selectedByTest == registry) {
			selectedByTest = null;
		}
	}

	@Override
	public void afterSingletonsInstantiated() {
		running.add(this);
		this.deadThreadCheck = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "philo-orm-dead-thread-check");
			thread.setDaemon(true);
			return thread;
		});
		this.deadThreadCheck.scheduleWithFixedDelay(this::endUnitsOfDeadThreads, 1, 1, TimeUnit.SECONDS);
	}

	@Override
	public void destroy() {
		running.remove(this);
		deselectForTests(this);
		if (this.deadThreadCheck != null) {
			this.deadThreadCheck.shutdownNow();
		}
		close();
	}

	/**
	 * Opens a scope on this thread: when its outermost scope closes, the thread's units of work end
	 * (see {@link PoolScope}). Web requests and the tasks Spring runs have one already.
	 */
	public PoolScope scope() {
		ThreadUnits thread = threadUnits();
		if (thread.scopes++ == 0 && !thread.units.isEmpty()) {
			// what an earlier task left on this thread is not this scope's to commit
			close();
		}
		PoolScope scope = new PoolScope(this, scoped.get());
		scoped.set(this);
		return scope;
	}

	void endScope(PoolRegistry previous) {
		ThreadUnits thread = this.units.get();
		try {
			if (thread != null && thread.scopes == 1) {
				close();
			}
		}
		finally {
			if (thread != null && --thread.scopes == 0) {
				this.units.remove();
			}
			if (previous != null) {
				scoped.set(previous);
			}
			else {
				scoped.remove();
			}
		}
	}

	/** The configured connections, DEFAULT first. */
	public Set<String> connectionNames() {
		return new LinkedHashSet<>(this.databases.names());
	}

	/**
	 * The configured form of a connection name, however it is spelled ({@code music-catalog} →
	 * {@code MUSIC_CATALOG}).
	 * @throws UnknownConnectionException if no connection has that name
	 */
	public String connectionName(String name) {
		if (name == null) {
			return ConnectionNames.DEFAULT;
		}
		var settings = this.databases.find(name);
		if (settings == null) {
			throw new UnknownConnectionException(name, this.databases.names());
		}
		return settings.name();
	}

	/** What stands between a connection's pool and its server ({@code pooler}). */
	public Pooler pooler(String connection) {
		return this.databases.find(connectionName(connection)).pooler();
	}

	/** The pool of a connection. */
	public DataSource dataSource(String connection) {
		return this.sessionFactory.dataSource(connectionName(connection));
	}

	/** This thread's session on DEFAULT. */
	public EntityManager session() {
		return session(ConnectionNames.DEFAULT);
	}

	/** This thread's session on a connection, in a transaction: Spring's if one is active there, else the thread's own. */
	public EntityManager session(String connection) {
		String name = connectionName(connection);
		EntityManager spring = springTransactionSession(name);
		return (spring != null) ? spring : unit(name).session();
	}

	/**
	 * Runs work on this thread's session on a connection (Spring's, inside a Spring transaction
	 * there): the model API's way in. A database error comes as a Spring {@code DataAccessException}
	 * naming the connection; one inside the unit of work's transaction leaves it needing
	 * {@link #rollback(String)}.
	 */
	public <R> R run(String connection, Access access, Function<EntityManager, R> work) {
		String name = connectionName(connection);
		EntityManager spring = springTransactionSession(name);
		if (spring == null) {
			return unit(name).run(work::apply, access);
		}
		// a database error in Spring's transaction is Spring's to roll back; the unit's own is tracked by the unit
		try {
			if (access == Access.RAW) {
				spring.flush();
			}
			R result = work.apply(spring);
			if (access == Access.FLUSH) {
				spring.flush();
			}
			return result;
		}
		catch (RuntimeException ex) {
			throw DatabaseErrors.translate(name, ex, "");
		}
	}

	/**
	 * The objects a get or a query on a connection returned, as the database holds them now: those
	 * this thread's session held from before its last commit or rollback are read again (a query does
	 * not overwrite an object the session holds), one statement per model per 1,000.
	 */
	public <T> List<T> current(String connection, List<T> objects) {
		return current(connection, objects, Access.READ);
	}

	/** As {@link #current(String, List)}, reading with {@link Access#READ} or {@link Access#READ_PRIMARY}. */
	public <T> List<T> current(String connection, List<T> objects, Access read) {
		String name = connectionName(connection);
		UnitOfWork unit = existingUnit(name);
		if (unit == null || springTransactionSession(name) != null) {
			return objects;
		}
		return unit.run((session) -> unit.current(objects), read);
	}

	/** The models' metamodel, one for every connection. */
	public Metamodel metamodel() {
		return this.sessionFactory.getSessionFactory().getMetamodel();
	}

	/** The connection whose current session holds this object, or null if none does. */
	public String connectionOf(Object entity) {
		for (String name : this.databases.names()) {
			EntityManager spring = springTransactionSession(name);
			UnitOfWork unit = existingUnit(name);
			if ((spring != null && spring.contains(entity)) || (unit != null && unit.contains(entity))) {
				return name;
			}
		}
		return null;
	}

	/**
	 * Lets go of an object on a connection: this thread's session there no longer holds it, and a
	 * rollback there leaves it alone (it is being added to another connection).
	 */
	public void forget(String connection, Object entity) {
		String name = connectionName(connection);
		EntityManager spring = springTransactionSession(name);
		if (spring != null) {
			spring.detach(entity);
		}
		else if (existingUnit(name) != null) {
			existingUnit(name).forget(entity);
		}
	}

	/** {@code philo.orm.default-limit}: the limit of a query that sets none, or null for no limit. */
	public Integer defaultLimit() {
		return this.defaultLimit;
	}

	/** Commits this thread's unit of work on DEFAULT. */
	public void commit() {
		commit(ConnectionNames.DEFAULT);
	}

	/** Commits this thread's unit of work on a connection; objects then show what the database holds. */
	public void commit(String connection) {
		String name = outsideSpringTransaction(connection, "commit");
		UnitOfWork unit = existingUnit(name);
		if (unit != null) {
			this.observations.commit(name, unit::commit);
		}
	}

	/** Commits on each connection in turn (not atomic: a failure leaves the later ones uncommitted). */
	public void commitAll() {
		this.databases.names().forEach(this::commit);
	}

	/** Discards this thread's unit of work on DEFAULT. */
	public void rollback() {
		rollback(ConnectionNames.DEFAULT);
	}

	/** Discards this thread's unit of work on a connection, from the database and from the objects. */
	public void rollback(String connection) {
		String name = outsideSpringTransaction(connection, "rollback");
		UnitOfWork unit = existingUnit(name);
		if (unit != null) {
			this.observations.rollback(name, UnitObservations.ASKED, unit::rollback);
		}
	}

	/** Discards this thread's unit of work on every connection. */
	public void rollbackAll() {
		this.databases.names().forEach(this::rollback);
	}

	/** Creates the missing tables of every model on every connection. */
	public void syncdb() {
		this.databases.names().forEach(this.sessionFactory::createMissingTables);
	}

	/**
	 * Ends this thread's sessions: what was not committed is rolled back (with a warning naming the
	 * connection) and every connection goes back to its pool. Web requests do this when they end.
	 */
	public void close() {
		ThreadUnits thread = this.units.get();
		if (thread == null) {
			return;
		}
		this.open.remove(thread);
		RuntimeException failure = null;
		for (Map.Entry<String, UnitOfWork> unit : thread.units.entrySet()) {
			try {
				if (unit.getValue().hasUncommittedWrites()) {
					logger.warn("Rolling back uncommitted work on connection " + unit.getKey()
							+ ": call pool.commit(\"" + unit.getKey() + "\") to keep it");
					this.observations.rollback(unit.getKey(), UnitObservations.UNIT_END, unit.getValue()::close);
				}
				else {
					unit.getValue().close();
				}
			}
			catch (RuntimeException ex) {
				failure = (failure != null) ? failure : ex;
			}
		}
		thread.units.clear();
		if (thread.scopes == 0) {
			this.units.remove();
		}
		if (failure != null) {
			throw failure;
		}
	}

	/** Ends the units of work of threads that died without ending them: their transactions rolled back, connections returned. */
	private void endUnitsOfDeadThreads() {
		for (ThreadUnits thread : this.open) {
			if (thread.owner.isAlive()) {
				continue;
			}
			this.open.remove(thread);
			thread.units.forEach((name, unit) -> {
				try {
					if (unit.inTransaction()) {
						this.observations.rollback(name, UnitObservations.DEAD_THREAD, unit::abandon);
						logger.warn("Connection " + name + ": thread '" + thread.owner.getName() + "' ended holding a unit of work"
								+ " with a transaction; it is rolled back and its connection returned to the pool."
								+ " End units of work with pool.close() or try (PoolScope scope = pool.scope()) { … }");
					}
					else {
						unit.abandon();
					}
				}
				catch (RuntimeException ex) {
					logger.warn("Connection " + name + ": ending the unit of work of dead thread '" + thread.owner.getName()
							+ "' failed (" + ex.getMessage() + ")");
				}
			});
		}
	}

	private ThreadUnits threadUnits() {
		ThreadUnits thread = this.units.get();
		if (thread == null) {
			thread = new ThreadUnits();
			this.units.set(thread);
		}
		return thread;
	}

	private UnitOfWork existingUnit(String name) {
		ThreadUnits thread = this.units.get();
		return (thread != null) ? thread.units.get(name) : null;
	}

	private UnitOfWork unit(String name) {
		ThreadUnits thread = threadUnits();
		UnitOfWork unit = thread.units.get(name);
		if (unit == null) {
			unit = new UnitOfWork(name, factory(name), this.unitTransactions.computeIfAbsent(name,
					(connection) -> new UnitTransactions(factory(connection))));
			thread.units.put(name, unit);
			this.open.add(thread);
		}
		return unit;
	}

	private ConnectionEntityManagerFactory factory(String name) {
		return this.sessionFactory.entityManagerFactory(name);
	}

	private String outsideSpringTransaction(String connection, String action) {
		String name = connectionName(connection);
		if (springTransactionSession(name) != null) {
			throw new IllegalStateException("pool." + action + "(\"" + name + "\") inside a Spring transaction on " + name
					+ ": the transaction manager commits or rolls back when the @Transactional method ends;"
					+ " remove this call, or the @Transactional(\"" + name + "\")");
		}
		return name;
	}

	/**
	 * The EntityManager of a Spring transaction active on this connection that is not this thread's
	 * unit of work's own (a {@code @Transactional} method's), or null.
	 */
	private EntityManager springTransactionSession(String name) {
		if (TransactionSynchronizationManager.getResource(factory(name)) instanceof EntityManagerHolder holder
				&& holder.isSynchronizedWithTransaction()) {
			UnitOfWork unit = existingUnit(name);
			return (unit != null && unit.owns(holder.getEntityManager())) ? null : holder.getEntityManager();
		}
		return null;
	}

	@Override
	public String toString() {
		return "PoolRegistry[" + this.applicationName + "]" + this.databases.names();
	}

	/** A thread's units of work by connection, and how deep in scopes the thread is. */
	private static final class ThreadUnits {

		private final Thread owner = Thread.currentThread();

		private final Map<String, UnitOfWork> units = new LinkedHashMap<>();

		private int scopes;

	}

}
