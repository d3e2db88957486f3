package io.philo.orm.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.philo.orm.hibernate.ConnectionEntityManagerFactory;
import io.philo.orm.hibernate.HibernateAdapter;
import io.philo.orm.replica.ConnectionReplicas;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.PersistenceUnitUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.BatchSize;
import org.hibernate.FlushMode;
import org.hibernate.Interceptor;
import org.hibernate.Session;
import org.hibernate.metamodel.RepresentationMode;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.type.Type;

import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One thread's session on one connection, and its whole lifecycle — SQLAlchemy's scoped session:
 * <ol>
 * <li>opened on first use; reads run without a transaction until the first write or lock, which
 * begins one ({@link #run} with an {@link Access}) — begun as the connection's JpaTransactionManager
 * begins one ({@link UnitTransactions}), on this session: while it lasts, the session and its JDBC connection are
 * the thread's transactional resources for the connection's EntityManagerFactory and DataSource, so
 * repositories, {@code JdbcTemplate}, {@code @PersistenceContext} and {@code @Transactional}
 * (REQUIRED) code on the connection join it;</li>
 * <li>a flush after each {@code add/update/delete}: the rows are visible to this session at once;</li>
 * <li>{@link #commit}, then <em>expire</em>: objects stay in the session and show what the
 * database holds — rows this transaction wrote are kept as they are (it held their locks until the
 * commit), their collections are re-read when next used; every other object is reloaded (all of them
 * after a write by statement: raw SQL, a bulk delete);</li>
 * <li>{@link #rollback}, then <em>revert</em>: objects added in the transaction become new again (no
 * id), the others are reloaded, so none keeps rolled-back state;</li>
 * <li>a failed statement leaves the unit needing {@link #rollback}: until then every use says so
 * (an error before any SQL failed leaves it usable);</li>
 * <li>{@link #close}: rolls back what was not committed and returns the connection to the pool;
 * {@link #abandon} does the same from another thread, for a thread that died.</li>
 * </ol>
 */
final class UnitOfWork {

	private static final Log logger = LogFactory.getLog(UnitOfWork.class);

	private final String connection;

	private final ConnectionEntityManagerFactory factory;

	private final UnitTransactions transactions;

	private final SessionTracker tracker = new SessionTracker();

	private final Session session;

	/** The transaction of this unit, begun by its first write or lock; null until then and after it ends. */
	private Object transaction;

	private RuntimeException failure;

	UnitOfWork(String connection, ConnectionEntityManagerFactory factory, UnitTransactions transactions) {
		this.connection = connection;
		this.factory = factory;
		this.transactions = transactions;
		this.session = factory.openSession(this.tracker);
	}

	/** The session, in a transaction (a connection could not be had: a DataAccessException naming the connection). */
	Session session() {
		requireNoFailure();
		if (this.transaction == null) {
			begin();
		}
		return this.session;
	}

	/**
	 * Begins the unit's transaction on this session: bound to the thread first, Spring's JPA
	 * transaction support takes it as a pre-bound EntityManager (as it does Open EntityManager in
	 * View's), begins its transaction and exposes its JDBC connection.
	 */
	private void begin() {
		if (TransactionSynchronizationManager.hasResource(this.factory)) {
			throw new IllegalStateException("Connection " + this.connection + ": another EntityManager is bound to this thread"
					+ " (an Open EntityManager in View interceptor?), so the unit of work cannot begin its transaction; remove it,"
					+ " or use the model API inside @Transactional(\"" + this.connection + "\")");
		}
		TransactionSynchronizationManager.bindResource(this.factory, new EntityManagerHolder(this.session));
		try {
			this.transaction = this.transactions.begin();
		}
		catch (RuntimeException ex) {
			TransactionSynchronizationManager.unbindResourceIfPossible(this.factory);
			// a connection could not be had: the pool's or the server's error, not Spring's wrapper of it
			RuntimeException cause = (ex instanceof TransactionException && ex.getCause() instanceof RuntimeException wrapped)
					? wrapped : ex;
			throw DatabaseErrors.translate(this.connection, cause, "");
		}
	}

	/** Whether this is the unit's session (the EntityManager bound for its transaction). */
	boolean owns(Object entityManager) {
		return entityManager == this.session;
	}

	boolean contains(Object entity) {
		return this.session.isOpen() && this.session.contains(entity);
	}

	/** Lets go of an object: the session no longer holds it, and a rollback no longer makes it new. */
	void forget(Object entity) {
		if (this.session.contains(entity)) {
			this.session.detach(entity);
		}
		this.tracker.forget(entity);
	}

	/**
	 * Runs work on the session. A statement that fails inside the transaction leaves this unit
	 * needing rollback (PostgreSQL has aborted the transaction); an error before any SQL failed
	 * (a misuse the library refuses) leaves the unit as it was.
	 */
	<R> R run(Function<Session, R> work, Access access) {
		requireNoFailure();
		ConnectionReplicas replicas = this.factory.replicas();
		if (access == Access.READ && this.transaction == null && replicas != null) {
			// a read outside a write transaction: from a replica fit for this thread, else the primary
			return replicas.read(() -> runOnSession(work, access), () -> HibernateAdapter.releaseConnection(this.session));
		}
		return runOnSession(work, access);
	}

	private <R> R runOnSession(Function<Session, R> work, Access access) {
		Session current = access.needsTransaction() ? session() : this.session;
		if (access == Access.STATEMENT) {
			this.tracker.statementWrote();
		}
		try {
			long before = -1;
			if (access == Access.RAW) {
				// the SQL sees the session's changes, and the rows counted after it are its own
				current.flush();
				before = this.tracker.wroteByStatement() ? -1 : rowsWritten(current);
			}
			R result = work.apply(current);
			if (access == Access.FLUSH) {
				current.flush();
			}
			if (before >= 0 && rowsWritten(current) != before) {
				this.tracker.statementWrote();
			}
			return result;
		}
		catch (RuntimeException ex) {
			if (this.transaction == null || !DatabaseErrors.failedInDatabase(ex)) {
				throw DatabaseErrors.translate(this.connection, ex, "");
			}
			this.failure = DatabaseErrors.translate(this.connection, ex,
					"The unit of work needs pool.rollback(\"" + this.connection + "\").");
			throw this.failure;
		}
	}

	/** Whether the transaction wrote anything not yet committed (a failed unit always counts as having). */
	boolean hasUncommittedWrites() {
		if (this.failure != null) {
			return true;
		}
		return (this.session.getTransaction().isActive() && (this.tracker.any() || this.session.isDirty()))
				|| changedSinceExpiry();
	}

	/**
	 * Whether an object read since the last commit or rollback has unsaved changes: a check of what
	 * the unit read since then, not of every object the session holds (for a unit that has no
	 * transaction to flush).
	 */
	private boolean changedSinceExpiry() {
		for (Object object : this.tracker.loadedSinceExpiry(this.session)) {
			if (!HibernateAdapter.unsavedChanges(this.session, object).isEmpty()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Commits. The objects this transaction wrote show what triggers and defaults made of their rows:
	 * each INSERT and UPDATE returned its row (at no extra round trip), and those whose write could
	 * not (a model with associations, rows a statement wrote) are read back before the COMMIT, one
	 * statement per model per 1,000 rows. Every other object is only marked as read before the
	 * commit, at no cost (see {@link #current}).
	 */
	void commit() {
		requireNoFailure();
		if (this.transaction == null && changedSinceExpiry()) {
			// a unit that only read, then changed what it read without update(): its commit writes the changes
			session();
		}
		if (this.transaction != null) {
			try {
				this.session.flush();
				this.tracker.expire();
				reread(this.tracker.wroteByStatement() ? HibernateAdapter.heldObjects(this.session) : notReturnedByTheirWrite(this.tracker.writtenHeld()));
			}
			catch (RuntimeException ex) {
				this.failure = DatabaseErrors.translate(this.connection, ex,
						"Nothing was committed; the unit of work needs pool.rollback(\"" + this.connection + "\").");
				throw this.failure;
			}
			// flushed above, before the read-back: the COMMIT need not check every held object again
			FlushMode flushMode = this.session.getHibernateFlushMode();
			this.session.setHibernateFlushMode(FlushMode.MANUAL);
			try {
				this.transactions.commit(this.transaction);
			}
			catch (RuntimeException ex) {
				this.failure = DatabaseErrors.translate(this.connection, ex,
						"Nothing was committed; the unit of work needs pool.rollback(\"" + this.connection + "\").");
				throw this.failure;
			}
			finally {
				this.session.setHibernateFlushMode(flushMode);
				transactionEnded();
			}
		}
		else {
			this.tracker.expire();
		}
		this.tracker.clearWrites();
		HibernateAdapter.unloadCollections(this.session);
	}

	/**
	 * The objects a get or a query returned, as the database holds them now: those the session
	 * held from before the last commit or rollback (which a query does not overwrite) are read again,
	 * one statement per model per 1,000; those with unsaved changes are left as they are.
	 */
	<T> List<T> current(List<T> objects) {
		if (this.failure != null || objects.isEmpty()) {
			return objects;
		}
		List<Object> stale = new ArrayList<>();
		for (T object : objects) {
			if (object != null && this.tracker.readBeforeExpiry(object) && HibernateAdapter.unsavedChanges(this.session, object).isEmpty()) {
				stale.add(object);
			}
		}
		reread(stale);
		return objects;
	}

	private void requireNoFailure() {
		if (this.failure != null) {
			throw new IllegalStateException("The unit of work on connection " + this.connection + " failed ("
					+ this.failure.getMessage() + "): call pool.rollback(\"" + this.connection + "\") before using it again",
					this.failure);
		}
	}

	/**
	 * Rolls back, then reverts the objects: those the transaction inserted are new again (no id), those
	 * it wrote or changed are read again (one statement per model per 1,000; all held objects after
	 * a write by statement); the others are only marked as read before the rollback.
	 */
	void rollback() {
		List<Object> inserted = this.tracker.insertedObjects();
		List<Object> revert = new ArrayList<>();
		for (Object held : HibernateAdapter.heldObjects(this.session)) {
			if (!this.tracker.inserted(held) && (this.tracker.wroteByStatement() || this.tracker.wrote(held)
					|| !HibernateAdapter.unsavedChanges(this.session, held).isEmpty())) {
				revert.add(held);
			}
		}
		boolean rolledBack = rollbackTransaction();
		for (Object entity : inserted) {
			if (this.session.contains(entity)) {
				this.session.detach(entity);
			}
			if (rolledBack) {
				HibernateAdapter.setId(this.session, entity, null);
			}
		}
		this.tracker.expire();
		this.tracker.clearWrites();
		this.failure = null;
		if (!rolledBack) {
			// the connection failed: nothing the session holds can be trusted
			this.session.clear();
			return;
		}
		if (!revert.isEmpty()) {
			this.session.getTransaction().begin();
			try {
				reread(revert);
				this.session.getTransaction().commit();
			}
			catch (RuntimeException ex) {
				if (this.session.getTransaction().isActive()) {
					this.session.getTransaction().rollback();
				}
				throw DatabaseErrors.translate(this.connection, ex, "");
			}
		}
		HibernateAdapter.unloadCollections(this.session);
	}

	void close() {
		rollbackTransaction();
		closeSession();
	}

	/** Whether the unit's session has a transaction open. */
	boolean inTransaction() {
		return this.session.isOpen() && this.session.getTransaction().isActive();
	}

	/**
	 * Ends the unit of a thread that died: the same as {@link #close} but from another thread, so
	 * without the dead thread's Spring resources (they died with it).
	 */
	void abandon() {
		if (inTransaction()) {
			try {
				this.session.getTransaction().rollback();
			}
			catch (RuntimeException ex) {
				logger.warn("Connection " + this.connection + ": the rollback failed (" + ex.getMessage()
						+ "); a transaction whose connection failed is discarded by the server");
			}
		}
		closeSession();
	}

	private void closeSession() {
		try {
			this.session.close();
		}
		catch (RuntimeException ex) {
			logger.warn("Connection " + this.connection + ": closing the session failed (" + ex.getMessage() + ")");
		}
	}

	/**
	 * Rolls back the transaction, if any. When the connection itself has failed (the server went
	 * away) the server has already discarded the transaction: that is logged, not thrown, so that
	 * ending a unit of work always returns its connection.
	 * @return whether the database answered
	 */
	private boolean rollbackTransaction() {
		if (this.transaction == null) {
			return true;
		}
		try {
			this.transactions.rollback(this.transaction);
			return true;
		}
		catch (RuntimeException ex) {
			logger.warn("Connection " + this.connection + ": the rollback failed (" + ex.getMessage()
					+ "); a transaction whose connection failed is discarded by the server");
			return false;
		}
		finally {
			transactionEnded();
		}
	}

	/** The transaction is over (its JDBC connection released): the session is no longer the thread's resource. */
	private void transactionEnded() {
		this.transaction = null;
		if (TransactionSynchronizationManager.getResource(this.factory) instanceof EntityManagerHolder holder
				&& owns(holder.getEntityManager())) {
			TransactionSynchronizationManager.unbindResource(this.factory);
		}
	}

	/**
	 * Rows the transaction has inserted, updated or deleted so far, as the database counts them,
	 * system catalogs included (so DDL and TRUNCATE count too); a lock is not counted.
	 */
	private static long rowsWritten(Session session) {
		return session.doReturningWork((connection) -> {
			try (var statement = connection.createStatement();
					var result = statement.executeQuery(
							"SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_all_tables")) {
				result.next();
				return result.getLong(1);
			}
		});
	}

	/** The written objects whose INSERT or UPDATE did not return every column they show (a model with associations). */
	private List<Object> notReturnedByTheirWrite(List<Object> written) {
		Map<Class<?>, Boolean> returned = new HashMap<>();
		List<Object> notReturned = new ArrayList<>();
		for (Object object : written) {
			if (!returned.computeIfAbsent(object.getClass(), (type) -> HibernateAdapter.writesReturnColumns(this.session, type))) {
				notReturned.add(object);
			}
		}
		return notReturned;
	}

	/** Rows per statement that reads objects again: a bound on a statement's parameters, whatever the session holds. */
	private static final int REREAD_BATCH = 1_000;

	private static final BatchSize REREAD_CHUNK = new BatchSize(REREAD_BATCH);

	/**
	 * Reads objects again into the same instances: each is let go of, then loaded by one query per
	 * model per {@value #REREAD_BATCH}, its instance handed back to Hibernate by the interceptor, so
	 * identities hold and lazy collections are fresh. Objects whose row is gone stay let go of.
	 */
	private void reread(Collection<?> objects) {
		Map<Class<?>, List<Object>> byModel = new LinkedHashMap<>();
		for (Object object : objects) {
			if (!(object instanceof HibernateProxy)) {
				byModel.computeIfAbsent(object.getClass(), (type) -> new ArrayList<>()).add(object);
			}
		}
		PersistenceUnitUtil util = this.factory.getPersistenceUnitUtil();
		byModel.forEach((type, all) -> {
			for (int from = 0; from < all.size(); from += REREAD_BATCH) {
				List<Object> chunk = all.subList(from, Math.min(all.size(), from + REREAD_BATCH));
				if (chunk.size() == 1 && this.session.contains(chunk.get(0)) && refreshed(chunk.get(0))) {
					continue;
				}
				List<Object> ids = new ArrayList<>(chunk.size());
				for (Object object : chunk) {
					Object id = util.getIdentifier(object);
					this.session.detach(object);
					this.tracker.revive(type.getName(), id, object);
					ids.add(id);
				}
				try {
					// one statement for the chunk, its SQL prepared once (an id array, not a list expanded per size)
					this.session.findMultiple(type, ids, REREAD_CHUNK);
				}
				finally {
					this.tracker.stopReviving();
				}
			}
		});
	}

	/**
	 * Reads one object again with Hibernate's own by-id statement (prepared once, cheaper than a
	 * statement for many ids); false if its row is gone, which the caller's statement then tells.
	 */
	private boolean refreshed(Object object) {
		try {
			this.session.refresh(object);
			return true;
		}
		catch (EntityNotFoundException ex) {
			return false;
		}
	}

	/**
	 * The session's interceptor: records which objects the current transaction inserted or updated,
	 * whether it deleted or wrote by statement, when each object was last loaded (against the last
	 * commit or rollback, to tell what a later read must refresh), and hands Hibernate the instances
	 * being read again.
	 */
	private static final class SessionTracker implements Interceptor, InsertTracker {

		private final Set<Object> inserted = Collections.newSetFromMap(new IdentityHashMap<>());

		/** Objects inserted outside the session, a collection per COPY (kept whole: no per-object cost). */
		private final List<Collection<?>> insertedOutside = new ArrayList<>();

		private final Set<Object> updated = Collections.newSetFromMap(new IdentityHashMap<>());

		/** Objects let go of (added to another connection): a rollback here leaves them alone. */
		private final Set<Object> forgotten = Collections.newSetFromMap(new IdentityHashMap<>());

		private boolean removed;

		/** Rows written by a statement of its own (raw SQL, a bulk delete): which ones, nobody can tell. */
		private boolean wroteByStatement;

		private final Map<String, Object> reviving = new HashMap<>();

		/**
		 * The objects loaded since the last commit or rollback: those a later read need not refresh,
		 * and those a unit with no transaction may have changed. Every other object predates the last
		 * commit or rollback. Kept from the first one on: until then the session holds only objects
		 * loaded since it began, and a unit that reads, writes and ends pays nothing per object read.
		 */
		private final Set<Object> loadedSinceExpiry = Collections.newSetFromMap(new IdentityHashMap<>());

		private boolean expired;

		@Override
		public boolean onLoad(Object entity, Object id, Object[] state, String[] propertyNames, Type[] types) {
			if (this.expired) {
				this.loadedSinceExpiry.add(entity);
			}
			return false;
		}

		/** The objects loaded since the last commit or rollback, of those the session holds. */
		Collection<Object> loadedSinceExpiry(Session session) {
			return this.expired ? this.loadedSinceExpiry : HibernateAdapter.heldObjects(session);
		}

		@Override
		public Object instantiate(String entityName, RepresentationMode representationMode, Object id) {
			return this.reviving.isEmpty() ? null : this.reviving.remove(entityName + "#" + id);
		}

		void revive(String entityName, Object id, Object entity) {
			this.loadedSinceExpiry.remove(entity);
			this.reviving.put(entityName + "#" + id, entity);
		}

		/** Objects whose row is gone were not handed back: they stay let go of. */
		void stopReviving() {
			this.reviving.clear();
		}

		@Override
		public boolean onPersist(Object entity, Object id, Object[] state, String[] propertyNames, Type[] types) {
			this.inserted.add(entity);
			return false;
		}

		@Override
		public boolean onFlushDirty(Object entity, Object id, Object[] currentState, Object[] previousState,
				String[] propertyNames, Type[] types) {
			this.updated.add(entity);
			return false;
		}

		@Override
		public void onRemove(Object entity, Object id, Object[] state, String[] propertyNames, Type[] types) {
			this.removed = true;
		}

		@Override
		public void inserted(Collection<?> objects) {
			this.insertedOutside.add(List.copyOf(objects));
		}

		void forget(Object entity) {
			this.inserted.remove(entity);
			this.updated.remove(entity);
			this.loadedSinceExpiry.remove(entity);
			if (!this.insertedOutside.isEmpty()) {
				// it may be one of COPY's (checking would cost a pass over them): a rollback must leave it alone
				this.forgotten.add(entity);
			}
		}

		boolean inserted(Object entity) {
			return this.inserted.contains(entity);
		}

		List<Object> insertedObjects() {
			List<Object> all = new ArrayList<>(this.inserted);
			this.insertedOutside.forEach(all::addAll);
			all.removeIf(this.forgotten::contains);
			return all;
		}

		/** The objects the session wrote in this transaction (COPY's are not held). */
		List<Object> writtenHeld() {
			List<Object> written = new ArrayList<>(this.inserted);
			written.addAll(this.updated);
			return written;
		}

		boolean wrote(Object entity) {
			return this.inserted.contains(entity) || this.updated.contains(entity);
		}

		void statementWrote() {
			this.wroteByStatement = true;
		}

		boolean wroteByStatement() {
			return this.wroteByStatement;
		}

		boolean any() {
			return !this.inserted.isEmpty() || !this.updated.isEmpty() || !this.insertedOutside.isEmpty() || this.removed
					|| this.wroteByStatement;
		}

		/** A commit or a rollback: every object loaded so far predates it. */
		void expire() {
			this.expired = true;
			this.loadedSinceExpiry.clear();
		}

		/** Whether the object was last loaded before the last commit or rollback (before the first one, none was). */
		boolean readBeforeExpiry(Object entity) {
			return this.expired && !this.loadedSinceExpiry.contains(entity);
		}

		void clearWrites() {
			this.inserted.clear();
			this.updated.clear();
			this.insertedOutside.clear();
			this.forgotten.clear();
			this.removed = false;
			this.wroteByStatement = false;
		}

	}

}
