package io.philo.orm;

import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.SingleTableEntityPersister;
import org.hibernate.type.BasicType;
import org.hibernate.type.Type;
import org.postgresql.PGConnection;

/**
 * {@code addAll} past the ORM: ids come from the model's own generator (the pooled sequence, so
 * they never collide with {@code add()}'s), and the rows go to PostgreSQL with one {@code COPY} on
 * the session's connection, inside its transaction. The objects get their ids and timestamps and
 * are recorded as inserted (a rollback makes them new again), but the session does not hold them.
 * Models this cannot write — a column that is not a basic value, a version, inheritance, an id
 * assigned by the database — go through the persistence context instead.
 */
final class CopyInsert {

	private CopyInsert() {
	}

	/** Whether COPY can write this model's rows. */
	static boolean supports(EntityManager session, Class<?> type) {
		EntityPersister persister = persister(session, type);
		if (!(persister instanceof SingleTableEntityPersister) || persister.isInherited() || persister.isVersioned()
				|| !(persister.getGenerator() instanceof BeforeExecutionGenerator)) {
			return false;
		}
		Type[] types = persister.getPropertyTypes();
		for (int i = 0; i < types.length; i++) {
			if (persister.getPropertyInsertability()[i] && !(types[i] instanceof BasicType)) {
				return false;
			}
		}
		return true;
	}

	static void insert(EntityManager session, Class<?> type, Collection<? extends BaseModel> objects) {
		SessionImplementor implementor = session.unwrap(SessionImplementor.class);
		SingleTableEntityPersister persister = (SingleTableEntityPersister) persister(session, type);
		BeforeExecutionGenerator generator = (BeforeExecutionGenerator) persister.getGenerator();
		Type[] types = persister.getPropertyTypes();
		boolean[] insertable = persister.getPropertyInsertability();
		StringBuilder columns = new StringBuilder(persister.getIdentifierColumnNames()[0]);
		for (int i = 0; i < types.length; i++) {
			if (insertable[i]) {
				columns.append(", ").append(persister.getPropertyColumnNames(i)[0]);
			}
		}
		StringBuilder rows = new StringBuilder(objects.size() * 64);
		for (BaseModel object : objects) {
			object.beforeInsert();
			Object id = generator.generate(implementor, object, null, EventType.INSERT);
			persister.setIdentifier(object, id, implementor);
			Object[] values = persister.getValues(object);
			rows.append(id);
			for (int i = 0; i < types.length; i++) {
				if (insertable[i]) {
					rows.append('\t');
					appendText(rows, ((BasicType<?>) types[i]).getJdbcMapping().convertToRelationalValue(values[i]));
				}
			}
			rows.append('\n');
			implementor.getInterceptor().onPersist(object, id, values, persister.getPropertyNames(), types);
		}
		session.flush();
		String copy = "COPY " + persister.getTableName() + " (" + columns + ") FROM STDIN";
		implementor.doWork((connection) -> {
			try {
				connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(rows.toString()));
			}
			catch (IOException ex) {
				throw new SQLException("COPY into " + persister.getTableName() + " failed", ex);
			}
		});
	}

	/** A value in COPY's text format: {@code \N} for null, backslash escapes in text, ISO dates, hex bytes. */
	private static void appendText(StringBuilder row, Object value) {
		if (value == null) {
			row.append("\\N");
		}
		else if (value instanceof byte[] bytes) {
			row.append("\\\\x").append(HexFormat.of().formatHex(bytes));
		}
		else if (value instanceof Number || value instanceof Boolean || value instanceof UUID
				|| value instanceof TemporalAccessor) {
			row.append(value);
		}
		else {
			String text = value.toString();
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				switch (c) {
					case '\\' -> row.append("\\\\");
					case '\t' -> row.append("\\t");
					case '\n' -> row.append("\\n");
					case '\r' -> row.append("\\r");
					default -> row.append(c);
				}
			}
		}
	}

	private static EntityPersister persister(EntityManager session, Class<?> type) {
		return session.unwrap(SessionImplementor.class).getFactory().getMappingMetamodel().getEntityDescriptor(type);
	}

}
