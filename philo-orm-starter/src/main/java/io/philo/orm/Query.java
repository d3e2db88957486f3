package io.philo.orm;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.philo.orm.ModelInfo.FieldPath;
import io.philo.orm.pool.Access;
import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.types.PasswordHash;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceUnitUtil;
import jakarta.persistence.Tuple;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.PluralAttribute;
import jakarta.persistence.metamodel.SingularAttribute;
import org.hibernate.Hibernate;
import org.hibernate.jpa.HibernateHints;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * A lazy query on a model: immutable and chainable; nothing runs until {@link #list()},
 * {@link #first()}, {@link #count()}, {@link #exists()}, {@link #stream()}, {@link #page},
 * {@link #as}, {@link #update}, {@link #delete()} or iteration. Ordered by id unless
 * {@link #orderBy} says otherwise. Criteria are ANDed; {@link #or} and {@link #not} group them.
 * Field names, and paths through relationships ({@code "artist.name"}), are checked against the
 * model; values are converted to the field's type exactly and bound as parameters, never spliced
 * into the query.
 *
 * @param <T> the model
 */
public final class Query<T extends BaseModel> implements Iterable<T> {

	/** Rows per round trip of {@link #stream()}. */
	static final int STREAM_FETCH_SIZE = 1_000;

	/** Objects per statement of {@link #prefetch}: their ids stay well under PostgreSQL's 65,535 bind parameters. */
	static final int PREFETCH_CHUNK = 10_000;

	/** The escape character of {@link #contains}, {@link #icontains} and {@link #startsWith} patterns. */
	private static final char ESCAPE = '!';

	private static final String ID = "id";

	private final Manager<T> manager;

	private final List<Condition> where;

	private final List<Order> order;

	private final Integer limit;

	private final int offset;

	private final boolean forUpdate;

	private final List<String> prefetch;

	Query(Manager<T> manager) {
		this(manager, List.of(), List.of(new Order(manager.model().path(ID), false)), null, 0, false, List.of());
	}

	private Query(Manager<T> manager, List<Condition> where, List<Order> order, Integer limit, int offset, boolean forUpdate,
			List<String> prefetch) {
		this.manager = manager;
		this.where = where;
		this.order = order;
		this.limit = limit;
		this.offset = offset;
		this.forUpdate = forUpdate;
		this.prefetch = prefetch;
	}

	// criteria

	/** As {@link #eq}: only the objects whose field equals the value ({@code null}: is null). */
	public Query<T> filterBy(String field, Object value) {
		return eq(field, value);
	}

	/** Field equals value; {@code null}: the field is null. */
	public Query<T> eq(String field, Object value) {
		return (value == null) ? isNull(field) : compare(field, "# = ?", value);
	}

	/** Field differs from value (SQL: a null field matches neither eq nor ne); {@code null}: the field is not null. */
	public Query<T> ne(String field, Object value) {
		return (value == null) ? isNotNull(field) : compare(field, "# <> ?", value);
	}

	/** Field greater than value. */
	public Query<T> gt(String field, Object value) {
		return compare(ordered(field, "gt"), "# > ?", value);
	}

	/** Field greater than or equal to value. */
	public Query<T> ge(String field, Object value) {
		return compare(ordered(field, "ge"), "# >= ?", value);
	}

	/** Field less than value. */
	public Query<T> lt(String field, Object value) {
		return compare(ordered(field, "lt"), "# < ?", value);
	}

	/** Field less than or equal to value. */
	public Query<T> le(String field, Object value) {
		return compare(ordered(field, "le"), "# <= ?", value);
	}

	/** Field between low and high, both included. */
	public Query<T> between(String field, Object low, Object high) {
		FieldPath path = path(ordered(field, "between"));
		return and(new Comparison(path, "# between ? and ?", List.of(required(path, low), required(path, high))));
	}

	/** Field equals one of the values; no values: nothing matches. */
	public Query<T> in(String field, Collection<?> values) {
		FieldPath path = path(field);
		List<Object> converted = elements(path, values, "in");
		return and(converted.isEmpty() ? new Comparison(path, "1 = 0", List.of()) : new Comparison(path, "# in (?)", List.of(converted)));
	}

	/** Field equals one of the values; no values: nothing matches. */
	public Query<T> in(String field, Object... values) {
		return in(field, (values != null) ? Arrays.asList(values) : null);
	}

	/** Field equals none of the values (SQL: a null field matches neither in nor notIn); no values: no condition. */
	public Query<T> notIn(String field, Collection<?> values) {
		FieldPath path = path(field);
		List<Object> converted = elements(path, values, "notIn");
		return converted.isEmpty() ? this : and(new Comparison(path, "# not in (?)", List.of(converted)));
	}

	/** Field equals none of the values; no values: no condition. */
	public Query<T> notIn(String field, Object... values) {
		return notIn(field, (values != null) ? Arrays.asList(values) : null);
	}

	/** Text field matches a SQL LIKE pattern, as given: {@code %} any text, {@code _} any character. */
	public Query<T> like(String field, String pattern) {
		return compare(text(field, "like"), "# like ?", pattern);
	}

	/** As {@link #like}, ignoring case (PostgreSQL ILIKE). */
	public Query<T> ilike(String field, String pattern) {
		return compare(text(field, "ilike"), "# ilike ?", pattern);
	}

	/** Text field contains the text; {@code %} and {@code _} in it are plain characters. */
	public Query<T> contains(String field, String text) {
		return compare(text(field, "contains"), "# like ? escape '" + ESCAPE + "'", "%" + escaped(field, text) + "%");
	}

	/** As {@link #contains}, ignoring case. */
	public Query<T> icontains(String field, String text) {
		return compare(text(field, "icontains"), "# ilike ? escape '" + ESCAPE + "'", "%" + escaped(field, text) + "%");
	}

	/** Text field starts with the text; {@code %} and {@code _} in it are plain characters. */
	public Query<T> startsWith(String field, String text) {
		return compare(text(field, "startsWith"), "# like ? escape '" + ESCAPE + "'", escaped(field, text) + "%");
	}

	/** Field is null. */
	public Query<T> isNull(String field) {
		return and(new Comparison(path(field), "# is null", List.of()));
	}

	/** Field is not null. */
	public Query<T> isNotNull(String field) {
		return and(new Comparison(path(field), "# is not null", List.of()));
	}

	/**
	 * Any of the alternatives, each a group of criteria stated on a blank query of the model:
	 * {@code or(q -> q.eq("name", "Animals"), q -> q.gt("id", 10).isNull("description"))}.
	 */
	@SafeVarargs
	public final Query<T> or(UnaryOperator<Query<T>>... alternatives) {
		if (alternatives == null || alternatives.length == 0) {
			throw new InvalidQueryException("or() needs at least one alternative: or(q -> q.eq(\"name\", a), q -> q.eq(\"name\", b))");
		}
		List<Condition> groups = new ArrayList<>();
		for (UnaryOperator<Query<T>> alternative : alternatives) {
			groups.add(group(alternative, "or()"));
		}
		return and(new Group(" or ", false, groups));
	}

	/** None of the criteria stated on a blank query of the model together: {@code not(q -> q.startsWith("name", "The"))}. */
	public Query<T> not(UnaryOperator<Query<T>> criteria) {
		return and(new Group(" and ", true, List.of(group(criteria, "not()"))));
	}

	// order, paging, loading

	/** Orders by these fields or paths; {@code "-name"} is descending: {@code orderBy("artist.name", "-id")}. */
	public Query<T> orderBy(String... fields) {
		List<Order> order = new ArrayList<>();
		for (String field : (fields != null) ? fields : new String[0]) {
			boolean descending = field != null && field.startsWith("-");
			order.add(new Order(path(ordered(descending ? field.substring(1) : field, "orderBy")), descending));
		}
		return new Query<>(this.manager, this.where, List.copyOf(order), this.limit, this.offset, this.forUpdate, this.prefetch);
	}

	/** At most this many objects; 0: none. */
	public Query<T> limit(int limit) {
		if (limit < 0) {
			throw new InvalidQueryException("A limit cannot be negative: " + limit);
		}
		return new Query<>(this.manager, this.where, this.order, limit, this.offset, this.forUpdate, this.prefetch);
	}

	/** Skips this many objects. For deep pages of large tables, {@link #after} costs less. */
	public Query<T> offset(int offset) {
		if (offset < 0) {
			throw new InvalidQueryException("An offset cannot be negative: " + offset);
		}
		return new Query<>(this.manager, this.where, this.order, this.limit, offset, this.forUpdate, this.prefetch);
	}

	/**
	 * The objects after the one whose order values these are (keyset paging: no OFFSET, so the
	 * millionth page costs what the first does). The values are those of the query's order at this
	 * call, then of {@code id} unless the order has it (it breaks ties, running the way the last key
	 * does); the query is ordered so.
	 * {@code Album.objects.all().limit(50).after(lastId)},
	 * {@code orderBy("name").limit(50).after(last.getName(), last.getId())}. Order values must not be null.
	 */
	public Query<T> after(Object... lastValues) {
		List<Order> keys = new ArrayList<>(this.order);
		if (keys.stream().noneMatch((key) -> key.path().name().equals(ID))) {
			// the way the last key runs, so that a one-way order stays one row comparison
			keys.add(new Order(path(ID), !keys.isEmpty() && keys.get(keys.size() - 1).descending()));
		}
		List<String> names = keys.stream().map((key) -> key.path().name()).toList();
		if (lastValues == null || lastValues.length != keys.size()) {
			throw new InvalidQueryException("after() takes the last object's values of " + String.join(", ", names) + " (the query's"
					+ " order, then id), got " + ((lastValues != null) ? lastValues.length : 0) + " value(s)");
		}
		List<Object> values = new ArrayList<>();
		for (int i = 0; i < lastValues.length; i++) {
			values.add(required(keys.get(i).path(), lastValues[i]));
		}
		List<Condition> where = new ArrayList<>(this.where);
		where.add(new Keyset(List.copyOf(keys), List.copyOf(values)));
		return new Query<>(this.manager, List.copyOf(where), List.copyOf(keys), this.limit, this.offset, this.forUpdate, this.prefetch);
	}

	/**
	 * Loads these relationships of every object the query returns, one statement per relationship
	 * (per {@value #PREFETCH_CHUNK} objects) whatever the number of objects: {@code prefetch("albums",
	 * "genre")}. A path loads each step in turn: {@code "albums.artist"}. Not applied to {@link #stream()}.
	 */
	public Query<T> prefetch(String... relations) {
		List<String> prefetch = new ArrayList<>(this.prefetch);
		for (String relation : (relations != null) ? relations : new String[0]) {
			this.manager.model().relation(relation);
			prefetch.add(relation);
		}
		return new Query<>(this.manager, this.where, this.order, this.limit, this.offset, this.forUpdate, List.copyOf(prefetch));
	}

	Query<T> forUpdate() {
		return new Query<>(this.manager, this.where, this.order, this.limit, this.offset, true, this.prefetch);
	}

	// results

	/** The objects. */
	public List<T> list() {
		if (isEmptyByLimit()) {
			return new ArrayList<>();
		}
		String connection = this.manager.connection();
		List<T> objects = Manager.pool().run(connection, this.forUpdate ? Access.WRITE : this.manager.read(), (session) -> {
			List<T> found = select(session).getResultList();
			if (this.forUpdate) {
				// objects the session already held may predate another transaction's commit: read them again under the lock
				found.forEach((object) -> Manager.refuseUnsavedChanges(session, object));
				found.forEach(session::refresh);
			}
			return found;
		});
		List<T> current = this.forUpdate ? objects : Manager.pool().current(connection, objects, this.manager.read());
		if (!this.prefetch.isEmpty() && !current.isEmpty()) {
			Manager.pool().run(connection, this.manager.read(), (session) -> {
				this.prefetch.forEach((relation) -> prefetch(session, current, relation));
				return null;
			});
		}
		current.forEach((object) -> object.rememberConnection(connection));
		return current;
	}

	/** The first object, if any. */
	public Optional<T> first() {
		return limit(isEmptyByLimit() ? 0 : 1).list().stream().findFirst();
	}

	/** The number of objects matching the criteria (ignoring order, limit and offset), counted by the database. */
	public long count() {
		return Manager.pool().run(this.manager.connection(), this.manager.read(), (session) -> {
			if (this.where.isEmpty()) {
				return session.createQuery(this.manager.model().countQuery, Long.class).getSingleResult();
			}
			Hql hql = new Hql(this.manager.model().entityName);
			return hql.bind(session.createQuery(hql.query("select count(e)", this.where, List.of()), Long.class)).getSingleResult();
		});
	}

	/** Whether {@link #first()} would find an object. */
	public boolean exists() {
		if (isEmptyByLimit()) {
			return false;
		}
		return Manager.pool().run(this.manager.connection(), this.manager.read(), (session) -> {
			Hql hql = new Hql(this.manager.model().entityName);
			TypedQuery<Integer> query = hql.bind(session.createQuery(hql.query("select 1", this.where, List.of()), Integer.class));
			return !query.setFirstResult(this.offset).setMaxResults(1).getResultList().isEmpty();
		});
	}

	/**
	 * The objects as a stream read from the database as it is consumed, {@value #STREAM_FETCH_SIZE}
	 * rows at a time (a cursor: in the unit of work's transaction, begun if needed); close it when
	 * done. The session does not keep what it hands out, so a million rows never sit in memory at once:
	 * an object from the stream is not held ({@code update()} writes it through a copy).
	 */
	public Stream<T> stream() {
		if (isEmptyByLimit()) {
			return Stream.empty();
		}
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

	/**
	 * One page of the objects, in the Pageable's sort (fields and paths, checked) or else the
	 * query's order; the query's own limit and offset give way to the page's. The total is counted
	 * by one statement, and not at all when the page itself shows it (a last page).
	 */
	public Page<T> page(Pageable pageable) {
		Query<T> sorted = pageable.getSort().isSorted() ? orderBy(sortOrder(pageable.getSort())) : this;
		if (pageable.isUnpaged()) {
			List<T> all = new Query<>(this.manager, this.where, sorted.order, null, 0, this.forUpdate, this.prefetch).list();
			return new PageImpl<>(all, pageable, all.size());
		}
		if (pageable.getOffset() > Integer.MAX_VALUE) {
			throw new InvalidQueryException("A page cannot start beyond row " + Integer.MAX_VALUE + ": " + pageable
					+ " (keyset paging with after() has no such bound)");
		}
		List<T> content = sorted.offset((int) pageable.getOffset()).limit(pageable.getPageSize()).list();
		return PageableExecutionUtils.getPage(content, pageable, this::count);
	}

	/**
	 * The matching rows as records, in the query's order, limit and offset: one SELECT of just the
	 * columns the record's components name, no objects loaded. A component is a field
	 * ({@code name}) or a path through relationships written in camel case ({@code artistName} is
	 * {@code artist.name}); its type must hold the field's. A relationship is left out: name its
	 * fields.
	 * <pre>{@code
	 * record AlbumLine(Long id, String name, String artistName) {}
	 * List<AlbumLine> lines = Album.objects.all().orderBy("artist.name").as(AlbumLine.class);
	 * }</pre>
	 */
	public <R> List<R> as(Class<R> record) {
		if (record == null || !record.isRecord()) {
			throw new InvalidQueryException("as() takes a record class, whose components name the fields to read; got "
					+ ((record != null) ? record.getName() : "null"));
		}
		RecordComponent[] components = record.getRecordComponents();
		List<FieldPath> columns = new ArrayList<>();
		for (RecordComponent component : components) {
			columns.add(column(record, component));
		}
		Constructor<R> constructor = canonicalConstructor(record, components);
		if (isEmptyByLimit()) {
			return new ArrayList<>();
		}
		List<Tuple> rows = Manager.pool().run(this.manager.connection(), this.manager.read(), (session) -> {
			Hql hql = new Hql(this.manager.model().entityName);
			String select = columns.stream().map(hql::path).collect(Collectors.joining(", ", "select ", ""));
			return paged(hql.bind(session.createQuery(hql.query(select, this.where, this.order), Tuple.class))).getResultList();
		});
		List<R> records = new ArrayList<>(rows.size());
		for (Tuple row : rows) {
			records.add(instantiate(constructor, row.toArray()));
		}
		return records;
	}

	/**
	 * Sets these fields of every matching row in one UPDATE statement (with {@code updatedAt}, unless
	 * given); values are converted exactly, as in criteria. Returns how many rows changed. Written in
	 * the unit of work like {@link #delete()}: objects the session holds show the change after the
	 * commit. The model's own fields only (set {@code artistId}, not {@code artist}).
	 */
	public long update(Map<String, ?> values) {
		everyRow("update");
		if (values == null || values.isEmpty()) {
			throw new InvalidQueryException("update() needs at least one field to set: update(Map.of(\"name\", value))");
		}
		Map<String, Object> sets = new LinkedHashMap<>();
		for (Map.Entry<String, ?> set : values.entrySet()) {
			FieldPath path = settable(set.getKey());
			sets.put(path.rest(), settableValue(path, set.getValue()));
		}
		sets.putIfAbsent("updatedAt", OffsetDateTime.now(ZoneOffset.UTC));
		return Manager.pool().run(this.manager.connection(), Access.STATEMENT, (session) -> {
			Hql hql = new Hql(this.manager.model().entityName);
			String where = hql.where(this.where);
			String target = hql.joined() ? "u" : "e";
			String assignments = sets.entrySet()
				.stream()
				.map((set) -> target + "." + set.getKey() + " = " + ((set.getValue() != null) ? hql.parameter(set.getValue()) : "null"))
				.collect(Collectors.joining(", "));
			return (long) hql.bind(session.createQuery(hql.statement("update " + this.manager.model().entityName + " " + target
					+ " set " + assignments, where))).executeUpdate();
		});
	}

	/** Deletes the matching rows in one statement (objects in memory are not told); returns how many. */
	public long delete() {
		everyRow("delete");
		return Manager.pool().run(this.manager.connection(), Access.STATEMENT, (session) -> {
			Hql hql = new Hql(this.manager.model().entityName);
			String where = hql.where(this.where);
			String target = hql.joined() ? "u" : "e";
			return (long) hql.bind(session.createQuery(hql.statement("delete from " + this.manager.model().entityName + " " + target, where)))
				.executeUpdate();
		});
	}

	@Override
	public Iterator<T> iterator() {
		return list().iterator();
	}

	// building

	private Query<T> and(Condition condition) {
		List<Condition> where = new ArrayList<>(this.where);
		where.add(condition);
		return new Query<>(this.manager, List.copyOf(where), this.order, this.limit, this.offset, this.forUpdate, this.prefetch);
	}

	private Query<T> compare(String field, String template, Object value) {
		FieldPath path = path(field);
		return and(new Comparison(path, template, List.of(required(path, value))));
	}

	private Condition group(UnaryOperator<Query<T>> criteria, String operator) {
		Query<T> blank = new Query<>(this.manager, List.of(), this.order, null, 0, false, List.of());
		Query<T> stated = (criteria != null) ? criteria.apply(blank) : null;
		if (stated == null || stated.where.isEmpty()) {
			throw new InvalidQueryException("Each group of " + operator + " needs criteria: q -> q.eq(\"name\", value)");
		}
		if (stated.manager.type() != this.manager.type() || !stated.order.equals(blank.order) || stated.limit != null
				|| stated.offset != 0 || !stated.prefetch.isEmpty()) {
			throw new InvalidQueryException("A group of " + operator + " takes criteria only: order, limit, offset and prefetch"
					+ " belong to the query it is part of");
		}
		return (stated.where.size() == 1) ? stated.where.get(0) : new Group(" and ", false, stated.where);
	}

	private FieldPath path(String field) {
		return this.manager.model().path(field);
	}

	/** A field with an order (numbers, text, times), checked for an operator that compares. */
	private String ordered(String field, String operator) {
		FieldPath path = path(field);
		if (path.type() == PasswordHash.class || !Comparable.class.isAssignableFrom(path.type())) {
			throw new InvalidQueryException(path.subject(this.manager.type()) + " is " + path.type().getSimpleName() + ": " + operator
					+ "() needs values with an order (numbers, text, dates and times)"
					+ (path.relationship() ? "; use one of its fields, e.g. \"" + field + ".id\"" : ""));
		}
		return field;
	}

	private String text(String field, String operator) {
		FieldPath path = path(field);
		if (path.type() != String.class) {
			throw new InvalidQueryException(path.subject(this.manager.type()) + " is " + path.type().getSimpleName() + ": " + operator
					+ "() matches text fields only");
		}
		return field;
	}

	private Object required(FieldPath path, Object value) {
		if (value == null) {
			throw new InvalidQueryException("A null cannot be compared with " + path.subject(this.manager.type())
					+ ": isNull(\"" + path.name() + "\") matches no value");
		}
		return Values.convert(value, path.type(), path.subject(this.manager.type()));
	}

	private List<Object> elements(FieldPath path, Collection<?> values, String operator) {
		if (values == null) {
			throw new InvalidQueryException(operator + "() takes values, got null");
		}
		List<Object> converted = new ArrayList<>(values.size());
		values.forEach((value) -> converted.add(required(path, value)));
		return converted;
	}

	private String escaped(String field, String text) {
		if (text == null) {
			throw new InvalidQueryException("A null cannot be matched by field '" + field + "': isNull(\"" + field + "\") matches no value");
		}
		StringBuilder escaped = new StringBuilder(text.length() + 8);
		for (char c : text.toCharArray()) {
			if (c == '%' || c == '_' || c == ESCAPE) {
				escaped.append(ESCAPE);
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	private FieldPath settable(String field) {
		FieldPath path = path(field);
		if (!path.joins().isEmpty() || path.relationship() || path.name().equals(ID) || path.name().equals("createdAt")) {
			throw new InvalidQueryException("update() sets the model's own columns, not " + path.subject(this.manager.type())
					+ ((path.relationship()) ? ": set its id field (e.g. \"" + field + "Id\")" : ""));
		}
		return path;
	}

	private Object settableValue(FieldPath path, Object value) {
		if (path.type() == PasswordHash.class && (value == null || value instanceof PasswordHash)) {
			return value;
		}
		return Values.convert(value, path.type(), path.subject(this.manager.type()));
	}

	private void everyRow(String operation) {
		if (this.limit != null || this.offset != 0) {
			throw new InvalidQueryException(operation + "() changes every matching row: remove limit() and offset() from the query");
		}
	}

	private String[] sortOrder(Sort sort) {
		return sort.stream().map((order) -> {
			if (order.isIgnoreCase() || order.getNullHandling() != Sort.NullHandling.NATIVE) {
				throw new InvalidQueryException("A sort by '" + order.getProperty() + "' ignoring case or placing nulls is not"
						+ " supported: sort by the field as it is");
			}
			return (order.isDescending() ? "-" : "") + order.getProperty();
		}).toArray(String[]::new);
	}

	/** A record component as a column: its name as a field, else as a camel-case path ({@code artistName}: {@code artist.name}). */
	private FieldPath column(Class<?> record, RecordComponent component) {
		FieldPath path = null;
		InvalidQueryException unknown = null;
		for (String candidate : camelCasePaths(component.getName())) {
			try {
				path = path(candidate);
				break;
			}
			catch (InvalidQueryException ex) {
				unknown = (unknown != null) ? unknown : ex;
			}
		}
		String what = "Component '" + component.getName() + "' of " + record.getSimpleName();
		if (path == null) {
			throw new InvalidQueryException(what + " names no field: " + unknown.getMessage()
					+ " (a path through a relationship is written in camel case: artistName for artist.name)");
		}
		if (path.relationship()) {
			throw new InvalidQueryException(what + " is the relationship '" + path.name() + "': as() reads columns, not objects;"
					+ " name its fields, e.g. " + component.getName() + "Id");
		}
		if (!ClassUtils.isAssignable(component.getType(), path.type())) {
			throw new InvalidQueryException(what + " is " + component.getType().getSimpleName() + ", but " + path.subject(this.manager.type())
					+ " is " + path.type().getSimpleName());
		}
		return path;
	}

	/** {@code artistGenreName} as itself, then with dots at its humps: {@code artist.genreName}, …, {@code artist.genre.name}. */
	private static List<String> camelCasePaths(String name) {
		List<Integer> humps = new ArrayList<>();
		for (int i = 1; i < name.length() && humps.size() < 8; i++) {
			if (Character.isUpperCase(name.charAt(i))) {
				humps.add(i);
			}
		}
		List<String> paths = new ArrayList<>();
		for (int dots = 0; dots < (1 << humps.size()); dots++) {
			StringBuilder path = new StringBuilder(name.length() + humps.size());
			int from = 0;
			for (int h = 0; h < humps.size(); h++) {
				if ((dots & (1 << h)) != 0) {
					int at = humps.get(h);
					path.append(name, from, at).append('.').append(Character.toLowerCase(name.charAt(at)));
					from = at + 1;
				}
			}
			paths.add(path.append(name.substring(from)).toString());
		}
		paths.sort((a, b) -> Long.compare(a.chars().filter((c) -> c == '.').count(), b.chars().filter((c) -> c == '.').count()));
		return paths;
	}

	private static <R> Constructor<R> canonicalConstructor(Class<R> record, RecordComponent[] components) {
		try {
			return ReflectionUtils.accessibleConstructor(record, Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("A record has its canonical constructor", ex);
		}
	}

	private static <R> R instantiate(Constructor<R> constructor, Object[] values) {
		try {
			return constructor.newInstance(values);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidQueryException("A row of " + Arrays.toString(constructor.getParameterTypes()) + " has a null for a"
					+ " primitive component of " + constructor.getDeclaringClass().getSimpleName() + ": make it a wrapper (Integer, Long…)");
		}
		catch (InvocationTargetException ex) {
			ReflectionUtils.rethrowRuntimeException(ex.getTargetException());
			throw new IllegalStateException(ex);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private boolean isEmptyByLimit() {
		return this.limit != null && this.limit == 0;
	}

	// running

	private TypedQuery<T> select(EntityManager session) {
		Hql hql = new Hql(this.manager.model().entityName);
		TypedQuery<T> query = paged(hql.bind(session.createQuery(hql.query("select e", this.where, this.order), this.manager.type())));
		if (this.forUpdate) {
			query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
			Manager.NOWAIT.forEach(query::setHint);
			// held objects' unsaved changes are refused, not written on the way
			query.setFlushMode(FlushModeType.COMMIT);
		}
		return query;
	}

	private <Q extends TypedQuery<?>> Q paged(Q query) {
		Integer max = (this.limit != null) ? this.limit : Manager.pool().defaultLimit();
		if (max != null) {
			query.setMaxResults(max);
		}
		if (this.offset > 0) {
			query.setFirstResult(this.offset);
		}
		return query;
	}

	/**
	 * Loads a path of relationships of the objects, one step at a time: the objects of each step
	 * are read again by id with the relationship join-fetched (the session returns the instances it
	 * holds, their relationship now loaded), and the related objects are the next step's.
	 */
	private static void prefetch(EntityManager session, Collection<?> objects, String relation) {
		PersistenceUnitUtil units = session.getEntityManagerFactory().getPersistenceUnitUtil();
		Collection<?> owners = objects;
		EntityType<?> type = session.getMetamodel().entity(Hibernate.getClass(objects.iterator().next()));
		for (String segment : relation.split("\\.")) {
			Attribute<?, ?> attribute = type.getAttribute(segment);
			String id = type.getId(type.getIdType().getJavaType()).getName();
			String hql = "select o from " + type.getName() + " o left join fetch o." + segment + " where o." + id + " in (:ids)";
			List<Object> ids = owners.stream().map(units::getIdentifier).distinct().toList();
			Collection<Object> related = new LinkedHashSet<>();
			for (int from = 0; from < ids.size(); from += PREFETCH_CHUNK) {
				List<?> loaded = session.createQuery(hql, type.getJavaType())
					.setParameter("ids", ids.subList(from, Math.min(ids.size(), from + PREFETCH_CHUNK)))
					.getResultList();
				loaded.forEach((owner) -> addValue(related, attribute, Hibernate.unproxy(owner)));
			}
			owners = related;
			if (owners.isEmpty()) {
				return;
			}
			type = (EntityType<?>) ((attribute instanceof PluralAttribute<?, ?, ?> plural) ? plural.getElementType()
					: ((SingularAttribute<?, ?>) attribute).getType());
		}
	}

	private static void addValue(Collection<Object> related, Attribute<?, ?> attribute, Object owner) {
		Member member = attribute.getJavaMember();
		Object value;
		if (member instanceof Field field) {
			ReflectionUtils.makeAccessible(field);
			value = ReflectionUtils.getField(field, owner);
		}
		else {
			Method getter = (Method) member;
			ReflectionUtils.makeAccessible(getter);
			value = ReflectionUtils.invokeMethod(getter, owner);
		}
		if (value instanceof Collection<?> values) {
			related.addAll(values);
		}
		else if (value != null) {
			related.add(value);
		}
	}

	@Override
	public String toString() {
		Hql hql = new Hql(this.manager.model().entityName);
		return "Query[" + hql.query("select e", this.where, this.order) + ((this.limit != null) ? " limit " + this.limit : "")
				+ ((this.offset > 0) ? " offset " + this.offset : "") + "]";
	}

	/**
	 * One HQL statement being written: the model as {@code e}, a left join per relationship a path
	 * goes through ({@code j0}, {@code j1}, …, each joined once), and the values as parameters
	 * {@code :p0}, {@code :p1}, ….
	 */
	private static final class Hql {

		private final String entityName;

		private final Map<String, String> aliases = new HashMap<>();

		private final StringBuilder joins = new StringBuilder();

		private final List<Object> parameters = new ArrayList<>();

		Hql(String entityName) {
			this.entityName = entityName;
		}

		/** {@code select … from Album e left join e.artist j0 where … order by …}. */
		String query(String select, List<Condition> where, List<Order> order) {
			String conditions = where(where);
			String ordering = order.stream()
				.map((key) -> path(key.path()) + (key.descending() ? " desc" : ""))
				.collect(Collectors.joining(", ", " order by ", ""));
			return select + from() + conditions + (order.isEmpty() ? "" : ordering);
		}

		/** A DELETE or UPDATE: bulk statements take no joins, so with joins the rows are those of a subquery. */
		String statement(String head, String where) {
			return joined() ? head + " where u." + ID + " in (select e." + ID + from() + where + ")" : head + where;
		}

		String where(List<Condition> where) {
			if (where.isEmpty()) {
				return "";
			}
			StringBuilder text = new StringBuilder(" where ");
			for (int i = 0; i < where.size(); i++) {
				text.append((i > 0) ? " and " : "");
				where.get(i).render(this, text);
			}
			return text.toString();
		}

		boolean joined() {
			return !this.joins.isEmpty();
		}

		String path(FieldPath path) {
			String owner = "e";
			String previous = null;
			for (String join : path.joins()) {
				String relative = (previous != null) ? join.substring(previous.length() + 1) : join;
				String from = owner;
				owner = this.aliases.computeIfAbsent(join, (key) -> {
					String alias = "j" + this.aliases.size();
					this.joins.append(" left join ").append(from).append('.').append(relative).append(' ').append(alias);
					return alias;
				});
				previous = join;
			}
			return owner + "." + path.rest();
		}

		String parameter(Object value) {
			this.parameters.add(value);
			return ":p" + (this.parameters.size() - 1);
		}

		<Q extends jakarta.persistence.Query> Q bind(Q query) {
			for (int i = 0; i < this.parameters.size(); i++) {
				query.setParameter("p" + i, this.parameters.get(i));
			}
			return query;
		}

		private String from() {
			return " from " + this.entityName + " e" + this.joins;
		}

	}

	/** A condition of the WHERE clause. */
	private sealed interface Condition permits Comparison, Group, Keyset {

		void render(Hql hql, StringBuilder text);

	}

	/** {@code template}: {@code #} is the path, each {@code ?} the next value, as a parameter. */
	private record Comparison(FieldPath path, String template, List<Object> values) implements Condition {

		@Override
		public void render(Hql hql, StringBuilder text) {
			int next = 0;
			for (char c : this.template.toCharArray()) {
				if (c == '#') {
					text.append(hql.path(this.path));
				}
				else if (c == '?') {
					text.append(hql.parameter(this.values.get(next++)));
				}
				else {
					text.append(c);
				}
			}
		}

	}

	/** Conditions joined by {@code junction} ({@code " and "} / {@code " or "}), negated or not. */
	private record Group(String junction, boolean negated, List<Condition> conditions) implements Condition {

		@Override
		public void render(Hql hql, StringBuilder text) {
			text.append(this.negated ? "not (" : "(");
			for (int i = 0; i < this.conditions.size(); i++) {
				text.append((i > 0) ? this.junction : "");
				this.conditions.get(i).render(hql, text);
			}
			text.append(')');
		}

	}

	/**
	 * After the row whose order values these are: one row comparison {@code (a, b) > (?, ?)} when
	 * every key runs one way (an index on them serves it), else key by key.
	 */
	private record Keyset(List<Order> keys, List<Object> values) implements Condition {

		@Override
		public void render(Hql hql, StringBuilder text) {
			boolean oneWay = this.keys.stream().allMatch((key) -> key.descending() == this.keys.get(0).descending());
			if (oneWay) {
				String operator = this.keys.get(0).descending() ? " < " : " > ";
				text.append('(').append(this.keys.stream().map((key) -> hql.path(key.path())).collect(Collectors.joining(", ")))
					.append(')').append(operator).append('(')
					.append(this.values.stream().map(hql::parameter).collect(Collectors.joining(", "))).append(')');
			}
			else {
				renderFrom(0, hql, text);
			}
		}

		/** {@code k0 > v0 or (k0 = v0 and (k1 < v1 or (k1 = v1 and …)))}. */
		private void renderFrom(int i, Hql hql, StringBuilder text) {
			String key = hql.path(this.keys.get(i).path());
			text.append('(').append(key).append(this.keys.get(i).descending() ? " < " : " > ").append(hql.parameter(this.values.get(i)));
			if (i + 1 < this.keys.size()) {
				text.append(" or (").append(key).append(" = ").append(hql.parameter(this.values.get(i))).append(" and ");
				renderFrom(i + 1, hql, text);
				text.append(')');
			}
			text.append(')');
		}

	}

	private record Order(FieldPath path, boolean descending) {
	}

}
