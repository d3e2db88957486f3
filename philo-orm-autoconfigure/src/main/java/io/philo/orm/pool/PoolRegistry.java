package io.philo.orm.pool;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import io.philo.orm.autoconfigure.ConnectionEntityManagerFactory;
import io.philo.orm.autoconfigure.ConnectionNames;
import io.philo.orm.autoconfigure.PhiloDatabases;
import io.philo.orm.autoconfigure.PhiloSessionFactory;
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
 * for its lifecycle). Inside a Spring transaction on a connection ({@code @Transactional("NAME")})
 * the session of that transaction is used instead, and commit and rollback belong to Spring.
 */
public class PoolRegistry implements SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(PoolRegistry.class);

	private static volatile PoolRegistry running;

	private final PhiloDatabases databases;

	private final PhiloSessionFactory sessionFactory;

	private final Integer defaultLimit;

	private final ThreadLocal<Map<String, UnitOfWork>> units = ThreadLocal.withInitial(LinkedHashMap::new);

	public PoolRegistry(PhiloDatabases databases, PhiloSessionFactory sessionFactory, Integer defaultLimit) {
		this.databases = databases;
		this.sessionFactory = sessionFactory;
		this.defaultLimit = defaultLimit;
	}

	/** The registry of the running application, for code that is not a Spring bean. */
	public static PoolRegistry get() {
		PoolRegistry registry = running;
		if (registry == null) {
			throw new IllegalStateException("No philo-orm application is running: PoolRegistry.get() and the model API need a"
					+ " started Spring application context with philo.databases.postgresql.DEFAULT configured");
		}
		return registry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		running = this;
	}

	@Override
	public void destroy() {
		close();
		if (running == this) {
			running = null;
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
		try {
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

	/** The models' metamodel, one for every connection. */
	public Metamodel metamodel() {
		return this.sessionFactory.getSessionFactory().getMetamodel();
	}

	/** The connection whose current session holds this object, or null if none does. */
	public String connectionOf(Object entity) {
		for (String name : this.databases.names()) {
			EntityManager spring = springTransactionSession(name);
			UnitOfWork unit = this.units.get().get(name);
			if ((spring != null && spring.contains(entity)) || (unit != null && unit.contains(entity))) {
				return name;
			}
		}
		return null;
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
		UnitOfWork unit = this.units.get().get(name);
		if (unit != null) {
			unit.commit();
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
		UnitOfWork unit = this.units.get().get(name);
		if (unit != null) {
			unit.rollback();
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
		Map<String, UnitOfWork> open = this.units.get();
		RuntimeException failure = null;
		for (Map.Entry<String, UnitOfWork> unit : open.entrySet()) {
			try {
				if (unit.getValue().hasUncommittedWrites()) {
					logger.warn("Rolling back uncommitted work on connection " + unit.getKey()
							+ ": call pool.commit(\"" + unit.getKey() + "\") to keep it");
				}
				unit.getValue().close();
			}
			catch (RuntimeException ex) {
				failure = (failure != null) ? failure : ex;
			}
		}
		open.clear();
		this.units.remove();
		if (failure != null) {
			throw failure;
		}
	}

	private UnitOfWork unit(String name) {
		return this.units.get().computeIfAbsent(name, (n) -> new UnitOfWork(n, factory(n)));
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

	/** The EntityManager of a Spring transaction active on this connection, or null. */
	private EntityManager springTransactionSession(String name) {
		if (TransactionSynchronizationManager.getResource(factory(name)) instanceof EntityManagerHolder holder
				&& holder.isSynchronizedWithTransaction()) {
			return holder.getEntityManager();
		}
		return null;
	}

	@Override
	public String toString() {
		return "PoolRegistry" + this.databases.names();
	}

}
