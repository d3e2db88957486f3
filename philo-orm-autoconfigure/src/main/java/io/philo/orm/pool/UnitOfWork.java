package io.philo.orm.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.philo.orm.autoconfigure.ConnectionEntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.Interceptor;
import org.hibernate.Session;
import org.hibernate.collection.spi.PersistentCollection;
import org.hibernate.engine.spi.CollectionEntry;
import org.hibernate.engine.spi.CollectionKey;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.CollectionType;
import org.hibernate.type.Type;

import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One thread's session on one connection, and its whole lifecycle — SQLAlchemy's scoped session:
 * <ol>
 * <li>opened on first use; reads run without a transaction until the first write or lock, which
 * begins one ({@link #run} with an {@link Access}) — a Spring transaction of the connection's
 * transaction manager, on this session: while it lasts, the session and its JDBC connection are
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

	/** Persisters with a read-only property (mapped {@code insertable/updatable = false}): their rows must be reloaded. */
	private static final Map<EntityPersister, Boolean> READ_ONLY_PROPERTIES = Collections.synchronizedMap(new WeakHashMap<>());

	private final String connection;

	private final ConnectionEntityManagerFactory factory;

	private final PlatformTransactionManager transactionManager;

	private final WriteTracker writes = new WriteTracker();

	private final Session session;

	/** The Spring transaction of this unit, begun by its first write or lock; null until then and after it ends. */
	private TransactionStatus transaction;

	private RuntimeException failure;

	UnitOfWork(String connection, ConnectionEntityManagerFactory factory, PlatformTransactionManager transactionManager) {
		this.connection = connection;
		this.factory = factory;
		this.transactionManager = transactionManager;
		this.session = factory.openSession(this.writes);
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
	 * Begins the unit's transaction through the connection's transaction manager, on this session:
	 * bound to the thread first, Spring takes it as a pre-bound EntityManager (as it does Open
	 * EntityManager in View's), begins its transaction and exposes its JDBC connection.
	 */
	private void begin() {
		if (TransactionSynchronizationManager.hasResource(this.factory)) {
			throw new IllegalStateException("Connection " + this.connection + ": another EntityManager is bound to this thread"
					+ " (an Open EntityManager in View interceptor?), so the unit of work cannot begin its transaction; remove it,"
					+ " or use the model API inside @Transactional(\"" + this.connection + "\")");
		}
		TransactionSynchronizationManager.bindResource(this.factory, new EntityManagerHolder(this.session));
		try {
			this.transaction = this.transactionManager.getTransaction(TransactionDefinition.withDefaults());
		}
		catch (RuntimeException ex) {
			TransactionSynchronizationManager.unbindResourceIfPossible(this.factory);
			// a connection could not be had: the pool's or the server's error, not Spring's wrapper of it
			RuntimeException cause = (ex instanceof TransactionException && ex.getCause() instanceof RuntimeException wrapped)
					? wrapped : ex;
			throw DatabaseErrors.translate(this.connection, cause, "");
		}
	}

	/** Whether this is the unit's session (the EntityManager of its Spring transaction). */
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
		this.writes.forget(entity);
	}

	/**
	 * Runs work on the session. A statement that fails inside the transaction leaves this unit
	 * needing rollback (PostgreSQL has aborted the transaction); an error before any SQL failed
	 * (a misuse the library refuses) leaves the unit as it was.
	 */
	<R> R run(Function<Session, R> work, Access access) {
		requireNoFailure();
		Session current = access.needsTransaction() ? session() : this.session;
		if (access == Access.STATEMENT) {
			this.writes.statementWrote();
		}
		try {
			R result = work.apply(current);
			if (access == Access.FLUSH) {
				current.flush();
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
		return this.session.getTransaction().isActive() && (this.writes.any() || this.session.isDirty());
	}

	void commit() {
		requireNoFailure();
		if (this.transaction != null) {
			try {
				this.transactionManager.commit(this.transaction);
			}
			catch (RuntimeException ex) {
				this.failure = DatabaseErrors.translate(this.connection, ex,
						"Nothing was committed; the unit of work needs pool.rollback(\"" + this.connection + "\").");
				throw this.failure;
			}
			finally {
				transactionEnded();
			}
		}
		// even with nothing to commit (only reads since the last commit): objects then show what the database holds
		expire();
	}

	private void requireNoFailure() {
		if (this.failure != null) {
			throw new IllegalStateException("The unit of work on connection " + this.connection + " failed ("
					+ this.failure.getMessage() + "): call pool.rollback(\"" + this.connection + "\") before using it again",
					this.failure);
		}
	}

	void rollback() {
		// objects added in the transaction (held by the session or, after addAll, not) become new again
		List<Object> inserted = this.writes.insertedObjects();
		Map<Object, Object> reload = new IdentityHashMap<>();
		SessionImplementor implementor = this.session.unwrap(SessionImplementor.class);
		for (Map.Entry<Object, EntityEntry> managed : implementor.getPersistenceContextInternal().reentrantSafeEntityEntries()) {
			if (!this.writes.inserted(managed.getKey()) && managed.getValue().getId() != null) {
				reload.put(managed.getKey(), managed.getValue().getId());
			}
		}
		boolean rolledBack = rollbackTransaction();
		this.session.clear();
		this.writes.clear();
		this.failure = null;
		if (!rolledBack) {
			return;
		}
		for (Object entity : inserted) {
			implementor.getEntityPersister(null, entity).setIdentifier(entity, null, implementor);
		}
		reload(reload, (entity, id) -> this.session.load(entity, id));
	}

	void close() {
		rollbackTransaction();
		closeSession();
	}

	/**
	 * Ends the unit of a thread that died: the same as {@link #close} but from another thread, so
	 * without the dead thread's Spring resources (they died with it).
	 * @return whether it had a transaction
	 */
	boolean abandon() {
		boolean active = this.session.isOpen() && this.session.getTransaction().isActive();
		if (active) {
			try {
				this.session.getTransaction().rollback();
			}
			catch (RuntimeException ex) {
				logger.warn("Connection " + this.connection + ": the rollback failed (" + ex.getMessage()
						+ "); a transaction whose connection failed is discarded by the server");
			}
		}
		closeSession();
		return active;
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
			this.transactionManager.rollback(this.transaction);
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

	/** The Spring transaction is over (Spring has released its JDBC connection): the session is no longer the thread's resource. */
	private void transactionEnded() {
		this.transaction = null;
		if (TransactionSynchronizationManager.getResource(this.factory) instanceof EntityManagerHolder holder
				&& owns(holder.getEntityManager())) {
			TransactionSynchronizationManager.unbindResource(this.factory);
		}
	}

	/** After a commit: objects show what the database holds, at no query for the rows the transaction wrote. */
	private void expire() {
		SessionImplementor implementor = this.session.unwrap(SessionImplementor.class);
		PersistenceContext context = implementor.getPersistenceContextInternal();
		Map<Object, Object> stale = new IdentityHashMap<>();
		// a statement of its own may have changed any row, also one the session wrote: then all are reloaded
		boolean keepWritten = !this.writes.wroteByStatement();
		for (Map.Entry<Object, EntityEntry> managed : context.reentrantSafeEntityEntries()) {
			EntityEntry entry = managed.getValue();
			if (entry.getStatus() != Status.MANAGED) {
				continue;
			}
			if (keepWritten && this.writes.wrote(managed.getKey()) && !hasReadOnlyProperties(entry.getPersister())) {
				forgetCollections(implementor, managed.getKey(), entry);
			}
			else {
				stale.put(managed.getKey(), entry.getId());
			}
		}
		this.writes.clear();
		reload(stale, (entity, id) -> this.session.refresh(entity));
	}

	/** Replaces each loaded collection of a managed object by an unloaded one, read again when next used. */
	private static void forgetCollections(SessionImplementor session, Object owner, EntityEntry entry) {
		PersistenceContext context = session.getPersistenceContextInternal();
		EntityPersister persister = entry.getPersister();
		Type[] types = persister.getPropertyTypes();
		for (int i = 0; i < types.length; i++) {
			if (!(types[i] instanceof CollectionType collectionType)
					|| !(persister.getValue(owner, i) instanceof PersistentCollection<?> collection)
					|| !collection.wasInitialized()) {
				continue;
			}
			CollectionEntry collectionEntry = context.getCollectionEntry(collection);
			if (collectionEntry == null || collectionEntry.getLoadedPersister() == null || collectionEntry.getLoadedKey() == null) {
				continue;
			}
			context.removeCollectionEntry(collection);
			context.removeCollectionByKey(new CollectionKey(collectionEntry.getLoadedPersister(), collectionEntry.getLoadedKey()));
			collection.unsetSession(session);
			Object unloaded = collectionType.getCollection(collectionEntry.getLoadedKey(), session, owner, null);
			persister.setValue(owner, i, unloaded);
			if (entry.getLoadedState() != null) {
				entry.getLoadedState()[i] = unloaded;
			}
		}
	}

	private static boolean hasReadOnlyProperties(EntityPersister persister) {
		return READ_ONLY_PROPERTIES.computeIfAbsent(persister, (p) -> {
			Type[] types = p.getPropertyTypes();
			for (int i = 0; i < types.length; i++) {
				if (!types[i].isCollectionType() && (!p.getPropertyInsertability()[i] || !p.getPropertyUpdateability()[i])) {
					return true;
				}
			}
			return false;
		});
	}

	/**
	 * Reloads objects from the database in a short transaction of their own; objects whose row is
	 * gone (deleted by another transaction) are dropped from the session instead.
	 */
	private void reload(Map<Object, Object> entities, BiConsumer<Object, Object> loader) {
		if (entities.isEmpty()) {
			return;
		}
		this.session.getTransaction().begin();
		try {
			SessionImplementor implementor = this.session.unwrap(SessionImplementor.class);
			Map<String, List<Object>> idsByEntity = new LinkedHashMap<>();
			entities.forEach((entity, id) -> idsByEntity
				.computeIfAbsent(implementor.getEntityPersister(null, entity).getEntityName(), (name) -> new ArrayList<>())
				.add(id));
			Set<Object> existing = new HashSet<>();
			idsByEntity.forEach((entityName, ids) -> existing.addAll(this.session
				.createSelectionQuery("select e.id from " + entityName + " e where e.id in :ids", Object.class)
				.setParameter("ids", ids)
				.getResultList()));
			entities.forEach((entity, id) -> {
				if (existing.contains(id)) {
					loader.accept(entity, id);
				}
				else if (this.session.contains(entity)) {
					this.session.detach(entity);
				}
			});
			this.session.getTransaction().commit();
		}
		catch (RuntimeException ex) {
			if (this.session.getTransaction().isActive()) {
				this.session.getTransaction().rollback();
			}
			throw DatabaseErrors.translate(this.connection, ex, "");
		}
	}

	/** Records which objects the current transaction inserted or updated, and whether it deleted or wrote by statement. */
	private static final class WriteTracker implements Interceptor, InsertTracker {

		private final Set<Object> inserted = Collections.newSetFromMap(new IdentityHashMap<>());

		/** Objects inserted outside the session, a collection per COPY (kept whole: no per-object cost). */
		private final List<Collection<?>> insertedOutside = new ArrayList<>();

		private final Set<Object> updated = Collections.newSetFromMap(new IdentityHashMap<>());

		/** Objects let go of (added to another connection): a rollback here leaves them alone. */
		private final Set<Object> forgotten = Collections.newSetFromMap(new IdentityHashMap<>());

		private boolean removed;

		/** Rows written by a statement of its own (raw SQL, a bulk delete): which ones, nobody can tell. */
		private boolean wroteByStatement;

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
			this.forgotten.add(entity);
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

		void clear() {
			this.inserted.clear();
			this.updated.clear();
			this.insertedOutside.clear();
			this.forgotten.clear();
			this.removed = false;
			this.wroteByStatement = false;
		}

	}

}
