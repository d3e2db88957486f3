package io.philo.orm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.ManagedType;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.PluralAttribute;
import jakarta.persistence.metamodel.SingularAttribute;

import org.springframework.util.ClassUtils;

/**
 * What a query needs to know of a model, computed once per model from the JPA metamodel: its
 * entity name, its fields, its default connection, and the query strings that never change; and
 * field paths ({@code "artist.name"}) checked segment by segment.
 */
final class ModelInfo {

	/** Longest field path taken: a longer one is refused without being looked at. */
	static final int MAX_PATH_LENGTH = 256;

	private static final Map<Class<?>, ModelInfo> MODELS = new ConcurrentHashMap<>();

	final Class<?> type;

	final String entityName;

	final Class<?> idType;

	final String defaultConnection;

	final String countQuery;

	private final EntityType<?> entity;

	private ModelInfo(Class<?> type, Metamodel metamodel) {
		try {
			this.entity = metamodel.entity(type);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidQueryException(type.getName() + " is not a mapped model: annotate it with @Entity in a package"
					+ " the application scans (its own packages, or @EntityScan)");
		}
		this.type = type;
		this.entityName = this.entity.getName();
		this.idType = this.entity.getIdType().getJavaType();
		Database database = type.getAnnotation(Database.class);
		this.defaultConnection = (database != null) ? database.value() : null;
		this.countQuery = "select count(e) from " + this.entityName + " e";
	}

	static ModelInfo of(Class<?> type, Metamodel metamodel) {
		ModelInfo info = MODELS.get(type);
		return (info != null) ? info : MODELS.computeIfAbsent(type, (t) -> new ModelInfo(t, metamodel));
	}

	/**
	 * A path to one value of each object: a field ({@code "name"}) or fields through relationships
	 * to one object ({@code "artist.name"}), every segment checked. A collection cannot be on the
	 * way or at the end: it holds many values.
	 */
	FieldPath path(String path) {
		List<String> joins = new ArrayList<>();
		ManagedType<?> owner = this.entity;
		String[] segments = segments(path);
		int rest = 0;
		for (int i = 0; i < segments.length - 1; i++) {
			Attribute<?, ?> attribute = singular(owner, segments[i], path);
			if (attribute.isAssociation()) {
				joins.add(String.join(".", List.of(segments).subList(0, i + 1)));
				rest = i + 1;
			}
			else if (attribute.getPersistentAttributeType() != Attribute.PersistentAttributeType.EMBEDDED) {
				throw new InvalidQueryException("'" + segments[i] + "' of " + name(owner) + " is a "
						+ attribute.getJavaType().getSimpleName() + ", not a relationship: the path '" + path
						+ "' cannot go through it");
			}
			owner = (ManagedType<?>) ((SingularAttribute<?, ?>) attribute).getType();
		}
		Attribute<?, ?> last = singular(owner, segments[segments.length - 1], path);
		return new FieldPath(path, List.copyOf(joins), String.join(".", List.of(segments).subList(rest, segments.length)),
				ClassUtils.resolvePrimitiveIfNecessary(last.getJavaType()), last.isAssociation());
	}

	/**
	 * A path of relationships to load with the objects ({@code "albums"}, {@code "artist.genre"}):
	 * each segment a relationship, to one object or a collection.
	 * @return the attribute names, in order
	 */
	List<String> relation(String path) {
		ManagedType<?> owner = this.entity;
		String[] segments = segments(path);
		for (String segment : segments) {
			Attribute<?, ?> attribute = attribute(owner, segment, path);
			if (!attribute.isAssociation()) {
				throw new InvalidQueryException("'" + segment + "' of " + name(owner) + " is not a relationship: prefetch(\""
						+ path + "\") loads relationships only (its relationships are " + String.join(", ", names(owner, true))
						+ ")");
			}
			owner = (attribute instanceof PluralAttribute<?, ?, ?> plural) ? (ManagedType<?>) plural.getElementType()
					: (ManagedType<?>) ((SingularAttribute<?, ?>) attribute).getType();
		}
		return List.of(segments);
	}

	Object id(Object id) {
		if (id == null) {
			throw new InvalidQueryException("An id of " + this.type.getSimpleName() + " cannot be null");
		}
		return Values.convert(id, this.idType, "id of " + this.type.getSimpleName());
	}

	private String[] segments(String path) {
		if (path == null || path.isEmpty()) {
			throw new InvalidQueryException("A field name of " + this.type.getSimpleName() + " is needed, got "
					+ ((path == null) ? "null" : "an empty one") + ": its fields are " + String.join(", ", names(this.entity, false)));
		}
		if (path.length() > MAX_PATH_LENGTH) {
			throw new InvalidQueryException("A field path of " + this.type.getSimpleName() + " is at most " + MAX_PATH_LENGTH
					+ " characters; got one of " + path.length() + ": " + Values.shown(path));
		}
		String[] segments = path.split("\\.", -1);
		for (String segment : segments) {
			if (segment.isEmpty()) {
				throw new InvalidQueryException("The field path '" + path + "' of " + this.type.getSimpleName()
						+ " has an empty segment: write fields through relationships as \"artist.name\"");
			}
		}
		return segments;
	}

	private Attribute<?, ?> attribute(ManagedType<?> owner, String name, String path) {
		for (Attribute<?, ?> attribute : owner.getAttributes()) {
			if (attribute.getName().equals(name)) {
				return attribute;
			}
		}
		String collections = String.join(", ", collectionNames(owner));
		throw new InvalidQueryException("Unknown field '" + name + "'" + (name.equals(path) ? "" : " in '" + path + "'")
				+ " of model " + name(owner) + ": its fields are " + String.join(", ", names(owner, false))
				+ (collections.isEmpty() ? "" : "; its collections (prefetch them, they cannot be compared) are " + collections));
	}

	private Attribute<?, ?> singular(ManagedType<?> owner, String name, String path) {
		Attribute<?, ?> attribute = attribute(owner, name, path);
		if (attribute.isCollection()) {
			throw collection(owner, (PluralAttribute<?, ?, ?>) attribute, path);
		}
		return attribute;
	}

	private static InvalidQueryException collection(ManagedType<?> owner, PluralAttribute<?, ?, ?> attribute, String path) {
		String element = attribute.getElementType().getJavaType().getSimpleName();
		return new InvalidQueryException("'" + attribute.getName() + "' of " + name(owner) + " is a collection of " + element
				+ ", not one value: '" + path + "' cannot be compared or ordered by (paths through collections are not"
				+ " supported). prefetch(\"" + attribute.getName() + "\") loads it with the objects; to filter by it, query "
				+ element + " by its relationship to " + name(owner));
	}

	/** The single-valued fields (or only the relationships) of a model or embeddable, sorted. */
	private static List<String> names(ManagedType<?> owner, boolean relationshipsOnly) {
		Map<String, Attribute<?, ?>> sorted = new TreeMap<>();
		owner.getAttributes().forEach((attribute) -> sorted.put(attribute.getName(), attribute));
		return sorted.values()
			.stream()
			.filter((attribute) -> relationshipsOnly ? attribute.isAssociation() : !attribute.isCollection())
			.map(Attribute::getName)
			.toList();
	}

	private static List<String> collectionNames(ManagedType<?> owner) {
		return owner.getAttributes().stream().filter(Attribute::isCollection).map(Attribute::getName).sorted().toList();
	}

	private static String name(ManagedType<?> owner) {
		return owner.getJavaType().getSimpleName();
	}

	/**
	 * A checked path to one value of each object.
	 * @param name as written: {@code "artist.genre.name"}
	 * @param joins the relationships it goes through, each as a path: {@code ["artist", "artist.genre"]}
	 * @param rest the path from the last relationship (or the object) on: {@code "name"}
	 * @param type the value's Java type (primitives boxed)
	 * @param relationship whether the value is a related object rather than a column
	 */
	record FieldPath(String name, List<String> joins, String rest, Class<?> type, boolean relationship) {

		/** What a message calls it. */
		String subject(Class<?> model) {
			return "field '" + this.name + "' of " + model.getSimpleName();
		}

	}

}
