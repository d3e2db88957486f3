package io.philo.orm;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.philo.orm.connection.Pooler;
import io.philo.orm.hibernate.HibernateAdapter.CopyMapping;
import io.philo.orm.hibernate.HibernateAdapter;
import io.philo.orm.pool.Access;
import io.philo.orm.pool.PoolRegistry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.hibernate.Session;

/**
 * The {@code objects} of a model: a plain static field carrying the model's class, no bytecode
 * magic.
 *
 * <pre>{@code
 * public static final Manager<Album> objects = Manager.of(Album.class);
 * Album.objects.count();
 * Album.objects.filterBy("artistId", pink.getId()).orderBy("-name").list();
 * Album.objects.using("MUSIC_CATALOG").get(7L);
 * Album.objects.usingPrimary().get(7L);          // never from a replica
 * }</pre>
 *
 * @param <T> the model
 */
public final class Manager<T extends BaseModel> {

	/** {@code jakarta.persistence.lock.timeout} 0: PostgreSQL's {@code NOWAIT}, a held lock fails at once. */
	static final Map<String, Object> NOWAIT = Map.of("jakarta.persistence.lock.timeout", 0);

	private final Class<T> type;

	private final String connection;

	/** Whether reads stay on the connection's primary where it has replicas. */
	private final boolean primary;

	private Manager(Class<T> type, String connection, boolean primary) {
		this.type = type;
		this.connection = connection;
		this.primary = primary;
	}

	/** The manager of a model, on its own connection ({@code @Database}, or DEFAULT). */
	public static <T extends BaseModel> Manager<T> of(Class<T> type) {
		return new Manager<>(type, null, false);
	}

	/** The same manager on another connection. */
	public Manager<T> using(String connection) {
		return new Manager<>(this.type, PoolRegistry.get().connectionName(connection), this.primary);
	}

	/**
	 * The same manager, reading from the connection's primary even where it has replicas: for a read
	 * that must see what another thread just committed. (Writes, locks and {@code rawSql} always
	 * run on the primary; so does a thread's read after its own commit, until a replica has it.)
	 */
	public Manager<T> usingPrimary() {
		return new Manager<>(this.type, this.connection, true);
	}

	/** The object with this id; {@link NotFoundException} when there is none. */
	public T get(Object id) {
		ModelInfo model = model();
		Object key = model.id(id);
		T object = pool().run(connection(), read(), (session) -> session.find(this.type, key));
		return found((object != null) ? pool().current(connection(), List.of(object), read()).get(0) : null, "id " + id);
	}

	/** The first object whose field equals the value (ordered by id). */
	public T get(String field, Object value) {
		return filterBy(field, value).first().orElseThrow(() -> new NotFoundException(field + " = " + value));
	}

	/** The first object matching every criterion (ordered by id); {@link InvalidQueryException} when there is none. */
	public T get(Map<String, ?> criteria) {
		return filterBy(required(criteria)).first().orElseThrow(() -> new NotFoundException(criteria.toString()));
	}

	/** As {@link #get(Object)}, the row locked with {@code SELECT … FOR UPDATE NOWAIT} until commit or rollback. */
	public T getForUpdate(Object id) {
		ModelInfo model = model();
		Object key = model.id(id);
		return found(pool().run(connection(), Access.WRITE, (session) -> locked(session, key)), "id " + id);
	}

	/** As {@link #get(Map)}, the row locked with {@code SELECT … FOR UPDATE NOWAIT}. */
	public T getForUpdate(Map<String, ?> criteria) {
		return filterBy(required(criteria)).forUpdate().first().orElseThrow(() -> new NotFoundException(criteria.toString()));
	}

	/**
	 * Locks the row and returns its object as the row now is. An object this session already holds
	 * may predate another transaction's commit: it is reloaded by the locking statement itself.
	 */
	private T locked(EntityManager session, Object id) {
		Object held = HibernateAdapter.held(session, this.type, id);
		if (held == null) {
			return session.find(this.type, id, LockModeType.PESSIMISTIC_WRITE, NOWAIT);
		}
		refuseUnsavedChanges(session, held);
		session.refresh(held, LockModeType.PESSIMISTIC_WRITE, NOWAIT);
		return this.type.cast(held);
	}

	/**
	 * A locking read reloads the object, so changes not yet written would be lost silently; writing
	 * them first could overwrite another transaction's newer row (the lost update the lock prevents).
	 */
	static void refuseUnsavedChanges(EntityManager session, Object held) {
		List<String> changed = HibernateAdapter.unsavedChanges(session, held);
		if (!changed.isEmpty()) {
			throw new IllegalStateException(held + " has unsaved changes (" + String.join(", ", changed)
					+ ") that locking it would read over: call update() to write them before getForUpdate,"
					+ " or discard them with pool.rollback()");
		}
	}

	/** Every object, as a lazy query. */
	public Query<T> all() {
		return new Query<>(this);
	}

	/** The objects whose field equals the value ({@code null}: is null), as a lazy query. */
	public Query<T> filterBy(String field, Object value) {
		return all().filterBy(field, value);
	}

	/** The objects matching every criterion, as a lazy query. */
	public Query<T> filterBy(Map<String, ?> criteria) {
		Query<T> query = all();
		for (Map.Entry<String, ?> criterion : criteria.entrySet()) {
			query = query.filterBy(criterion.getKey(), criterion.getValue());
		}
		return query;
	}

	/** The number of rows of the model's table, counted by the database. */
	public long count() {
		return all().count();
	}

	/**
	 * Adds many objects at once: their rows are written with one PostgreSQL {@code COPY}, their
	 * ids assigned from the model's sequence, nothing committed (a rollback makes them new again).
	 * The session does not hold them afterwards: {@code get} loads a row as a new object.
	 */
	public void addAll(Collection<? extends T> objects) {
		String name = connection();
		pool().run(name, Access.WRITE, (session) -> {
			CopyMapping mapping = HibernateAdapter.copyMapping(session, this.type);
			if (mapping != null) {
				CopyInsert.insert(session, mapping, objects);
			}
			else {
				objects.forEach(session::persist);
				session.flush();
			}
			return null;
		});
		objects.forEach((object) -> object.rememberConnection(name));
	}

	/** Runs SQL on the model's connection; each row comes as an array of its columns. */
	public List<Object[]> rawSql(String sql) {
		return rawSql(sql, Map.of());
	}

	/**
	 * Runs SQL — one statement or several — with {@code :name} parameters bound (never spliced into
	 * the SQL), always in the unit of work's transaction: what it writes or locks is committed or
	 * rolled back with the unit. Returns the rows of the last statement that returns rows (a query,
	 * {@code RETURNING}), else one row holding the number of rows changed. Through a transaction
	 * pooler, SQL that would leave state in the server session (a session-level {@code SET}, a session
	 * advisory lock, {@code LISTEN}, …) is an {@link InvalidQueryException} before anything runs.
	 */
	public List<Object[]> rawSql(String sql, Map<String, ?> params) {
		RawSql statement = new RawSql(sql, params);
		PoolRegistry pool = pool();
		String name = pool.connectionName(connection());
		if (pool.pooler(name) == Pooler.PGBOUNCER_TRANSACTION) {
			statement.refuseSessionState(name);
		}
		return pool.run(name, Access.RAW, (session) -> session.unwrap(Session.class).doReturningWork(statement::execute));
	}

	Class<T> type() {
		return this.type;
	}

	/** How this manager reads: from a replica where the connection has one and may, or from the primary. */
	Access read() {
		return this.primary ? Access.READ_PRIMARY : Access.READ;
	}

	/** The connection this manager works on: the one given to {@link #using}, the model's, or DEFAULT. */
	String connection() {
		return (this.connection != null) ? this.connection : pool().connectionName(model().defaultConnection);
	}

	ModelInfo model() {
		return ModelInfo.of(this.type, pool().metamodel());
	}

	static PoolRegistry pool() {
		return PoolRegistry.get();
	}

	private T found(T object, String what) {
		if (object == null) {
			throw new NotFoundException(this.type.getSimpleName() + " with " + what);
		}
		object.rememberConnection(connection());
		return object;
	}

	private static Map<String, ?> required(Map<String, ?> criteria) {
		if (criteria == null || criteria.isEmpty()) {
			throw new InvalidQueryException("get needs at least one criterion: get(\"name\", value) or get(Map.of(\"name\", value))");
		}
		return criteria;
	}

	@Override
	public String toString() {
		return "Manager[" + this.type.getSimpleName() + ((this.connection != null) ? " on " + this.connection : "")
				+ (this.primary ? ", primary" : "") + "]";
	}

}
