package io.philo.orm;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.philo.orm.pool.Access;
import io.philo.orm.pool.PoolRegistry;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import org.hibernate.jpa.HibernateHints;

/**
 * A lazy query on a model: immutable and chainable; nothing runs until {@link #list()},
 * {@link #first()}, {@link #count()}, {@link #exists()}, {@link #stream()}, {@link #delete()} or
 * iteration. Ordered by id unless {@link #orderBy} says otherwise. Field names are checked against
 * the model; values are bound as parameters, never spliced into the query.
 *
 * @param <T> the model
 */
public final class Query<T extends BaseModel> implements Iterable<T> {

	/** Rows per round trip of {@link #stream()}. */
	static final int STREAM_FETCH_SIZE = 1_000;

	private final Manager<T> manager;

	private final List<Criterion> criteria;

	private final List<String> order;

	private final Integer limit;

	private final int offset;

	private final boolean forUpdate;

	Query(Manager<T> manager) {
		this(manager, List.of(), List.of("id"), null, 0, false);
	}

	private Query(Manager<T> manager, List<Criterion> criteria, List<String> order, Integer limit, int offset,
			boolean forUpdate) {
		this.manager = manager;
		this.criteria = criteria;
		this.order = order;
		this.limit = limit;
		this.offset = offset;
		this.forUpdate = forUpdate;
	}

	/** Only the objects whose field equals the value ({@code null}: is null). */
	public Query<T> filterBy(String field, Object value) {
		ModelInfo model = this.manager.model();
		List<Criterion> more = new ArrayList<>(this.criteria);
		String checked = model.field(field);
		more.add(new Criterion(checked, model.value(checked, value)));
		return new Query<>(this.manager, List.copyOf(more), this.order, this.limit, this.offset, this.forUpdate);
	}

	/** Orders by these fields; {@code "-name"} is descending. */
	public Query<T> orderBy(String... fields) {
		ModelInfo model = this.manager.model();
		List<String> order = new ArrayList<>();
		for (String field : fields) {
			boolean descending = field != null && field.startsWith("-");
			order.add((descending ? "-" : "") + model.field(descending ? field.substring(1) : field));
		}
		return new Query<>(this.manager, this.criteria, List.copyOf(order), this.limit, this.offset, this.forUpdate);
	}

	/** At most this many objects. */
	public Query<T> limit(int limit) {
		if (limit < 0) {
			throw new InvalidQueryException("A limit cannot be negative: " + limit);
		}
		return new Query<>(this.manager, this.criteria, this.order, limit, this.offset, this.forUpdate);
	}

	/** Skips this many objects. */
	public Query<T> offset(int offset) {
		if (offset < 0) {
			throw new InvalidQueryException("An offset cannot be negative: " + offset);
		}
		return new Query<>(this.manager, this.criteria, this.order, this.limit, offset, this.forUpdate);
	}

	Query<T> forUpdate() {
		return new Query<>(this.manager, this.criteria, this.order, this.limit, this.offset, true);
	}

	/** The objects. */
	public List<T> list() {
		List<T> objects = Manager.pool().run(this.manager.connection(), this.forUpdate ? Access.WRITE : this.manager.read(), (session) -> {
			List<T> found = select(session).getResultList();
			if (this.forUpdate) {
				// objects the session already held may predate another transaction's commit: read them again under the lock
				found.forEach((object) -> Manager.refuseUnsavedChanges(session, object));
				found.forEach(session::refresh);
			}
			return found;
		});
		return remembered(this.forUpdate ? objects : Manager.pool().current(this.manager.connection(), objects, this.manager.read()));
	}

	/** The first object, if any. */
	public Optional<T> first() {
		return limit(1).list().stream().findFirst();
	}

	/** The number of objects matching the filters (ignoring order, limit and offset), counted by the database. */
	public long count() {
		return Manager.pool().run(this.manager.connection(), this.manager.read(), (session) -> {
			TypedQuery<Long> query = session.createQuery(
					this.criteria.isEmpty() ? this.manager.model().countQuery : "select count(e)" + from(), Long.class);
			bind(query);
			return query.getSingleResult();
		});
	}

	/** Whether any object matches. */
	public boolean exists() {
		return Manager.pool().run(this.manager.connection(), this.manager.read(), (session) -> {
			TypedQuery<Integer> query = session.createQuery("select 1" + from(), Integer.class).setMaxResults(1);
			bind(query);
			return !query.getResultList().isEmpty();
		});
	}

	/**
	 * The objects as a stream read from the database as it is consumed, {@value #STREAM_FETCH_SIZE}
	 * rows at a time (a cursor: in the unit of work's transaction, begun if needed); close it when
	 * done. The session does not keep what it hands out, so a million rows never sit in memory at once:
	 * an object from the stream is not held ({@code update()} writes it through a copy).
	 */
	public Stream<T> stream() {
		String connection = this.manager.connection();
		PoolRegistry pool = Manager.pool();
		return pool
			.run(connection, Access.WRITE,
					(session) -> select(session).setHint(HibernateHints.HINT_FETCH_SIZE, STREAM_FETCH_SIZE).getResultStream())
			.peek((object) -> {
				pool.forget(connection, object);
				object.rememberConnection(connection);
			});
	}

	/** Deletes the matching rows in one statement (objects in memory are not told); returns how many. */
	public long delete() {
		if (this.limit != null || this.offset != 0) {
			throw new InvalidQueryException("delete() deletes every matching row: remove limit() and offset() from the query");
		}
		return Manager.pool().run(this.manager.connection(), Access.STATEMENT, (session) -> {
			jakarta.persistence.Query query = session.createQuery("delete" + from());
			bind(query);
			return (long) query.executeUpdate();
		});
	}

	@Override
	public Iterator<T> iterator() {
		return list().iterator();
	}

	private TypedQuery<T> select(jakarta.persistence.EntityManager session) {
		StringBuilder hql = new StringBuilder("select e").append(from());
		String separator = " order by ";
		for (String field : this.order) {
			boolean descending = field.startsWith("-");
			hql.append(separator).append("e.").append(descending ? field.substring(1) : field).append(descending ? " desc" : "");
			separator = ", ";
		}
		TypedQuery<T> query = session.createQuery(hql.toString(), this.manager.type());
		bind(query);
		Integer max = (this.limit != null) ? this.limit : Manager.pool().defaultLimit();
		if (max != null) {
			query.setMaxResults(max);
		}
		if (this.offset > 0) {
			query.setFirstResult(this.offset);
		}
		if (this.forUpdate) {
			query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
			Manager.NOWAIT.forEach(query::setHint);
			// held objects' unsaved changes are refused, not written on the way
			query.setFlushMode(FlushModeType.COMMIT);
		}
		return query;
	}

	/** {@code " from Album e where e.name = :p0 and e.artistId is null"}: field names are the model's own, checked. */
	private String from() {
		StringBuilder hql = new StringBuilder(" from ").append(this.manager.model().entityName).append(" e");
		for (int i = 0; i < this.criteria.size(); i++) {
			Criterion criterion = this.criteria.get(i);
			hql.append((i == 0) ? " where " : " and ").append("e.").append(criterion.field())
				.append((criterion.value() == null) ? " is null" : " = :p" + i);
		}
		return hql.toString();
	}

	private void bind(jakarta.persistence.Query query) {
		for (int i = 0; i < this.criteria.size(); i++) {
			if (this.criteria.get(i).value() != null) {
				query.setParameter("p" + i, this.criteria.get(i).value());
			}
		}
	}

	private List<T> remembered(List<T> objects) {
		String connection = this.manager.connection();
		objects.forEach((object) -> object.rememberConnection(connection));
		return objects;
	}

	@Override
	public String toString() {
		return "Query[" + this.manager.type().getSimpleName() + " where " + this.criteria + " order by " + this.order
				+ ((this.limit != null) ? " limit " + this.limit : "") + ((this.offset > 0) ? " offset " + this.offset : "") + "]";
	}

	private record Criterion(String field, Object value) {

		@Override
		public String toString() {
			return this.field + ((this.value == null) ? " is null" : " = ?");
		}

	}

}
