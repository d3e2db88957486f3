package io.philo.orm;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.Metamodel;

import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.util.ClassUtils;

/**
 * What a query needs to know of a model, computed once per model from the JPA metamodel: its
 * entity name, its fields and their types, its default connection, and the query strings that
 * never change.
 */
final class ModelInfo {

	private static final Map<Class<?>, ModelInfo> MODELS = new ConcurrentHashMap<>();

	private static final DefaultConversionService CONVERSION = new DefaultConversionService();

	final Class<?> type;

	final String entityName;

	/** Singular fields (the ones a query filters and orders by) and their Java types. */
	final Map<String, Class<?>> fields = new TreeMap<>();

	final Class<?> idType;

	final String defaultConnection;

	final String countQuery;

	private ModelInfo(Class<?> type, Metamodel metamodel) {
		EntityType<?> entity;
		try {
			entity = metamodel.entity(type);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidQueryException(type.getName() + " is not a mapped model: annotate it with @Entity in a package"
					+ " the application scans (its own packages, or @EntityScan)");
		}
		this.type = type;
		this.entityName = entity.getName();
		for (Attribute<?, ?> attribute : entity.getAttributes()) {
			if (!attribute.isCollection()) {
				this.fields.put(attribute.getName(), ClassUtils.resolvePrimitiveIfNecessary(attribute.getJavaType()));
			}
		}
		this.idType = entity.getIdType().getJavaType();
		Database database = type.getAnnotation(Database.class);
		this.defaultConnection = (database != null) ? database.value() : null;
		this.countQuery = "select count(e) from " + this.entityName + " e";
	}

	static ModelInfo of(Class<?> type, Metamodel metamodel) {
		ModelInfo info = MODELS.get(type);
		return (info != null) ? info : MODELS.computeIfAbsent(type, (t) -> new ModelInfo(t, metamodel));
	}

	/** The field, checked: an unknown one is an error naming it and the model's fields. */
	String field(String name) {
		if (name == null || !this.fields.containsKey(name)) {
			throw new InvalidQueryException("Unknown field '" + name + "' of model " + this.type.getSimpleName()
					+ ": its fields are " + String.join(", ", this.fields.keySet()));
		}
		return name;
	}

	/** A value as the field's type: {@code "7"} for a Long field is 7; a value that cannot be one is an error. */
	Object value(String field, Object value) {
		return convert(value, this.fields.get(field), "field '" + field + "'");
	}

	Object id(Object id) {
		if (id == null) {
			throw new InvalidQueryException("An id of " + this.type.getSimpleName() + " cannot be null");
		}
		return convert(id, this.idType, "id");
	}

	private Object convert(Object value, Class<?> target, String what) {
		if (value instanceof String text && text.indexOf('\u0000') >= 0) {
			throw new InvalidQueryException("The value given for " + what + " of " + this.type.getSimpleName()
					+ " contains a NUL character, which PostgreSQL text cannot hold");
		}
		if (value == null || target.isInstance(value)) {
			return value;
		}
		try {
			return CONVERSION.convert(value, target);
		}
		catch (ConversionException ex) {
			throw new InvalidQueryException("The value given for " + what + " of " + this.type.getSimpleName()
					+ " is not a " + target.getSimpleName());
		}
	}

}
