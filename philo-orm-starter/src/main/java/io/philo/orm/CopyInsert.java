package io.philo.orm;

import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.HexFormat;
import java.util.UUID;

import io.philo.orm.pool.InsertTracker;
import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.id.enhanced.PooledOptimizer;
import org.hibernate.id.enhanced.SequenceStyleGenerator;
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
		// one insert time for the whole COPY, formatted once
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		TextFormat text = new TextFormat();
		Iterator<Object> ids = ids(implementor, generator, objects);
		for (BaseModel object : objects) {
			object.stampInserted(now);
			Object id = ids.hasNext() ? ids.next() : generator.generate(implementor, object, null, EventType.INSERT);
			persister.setIdentifier(object, id, implementor);
			Object[] values = persister.getValues(object);
			rows.append(id);
			for (int i = 0; i < types.length; i++) {
				if (insertable[i]) {
					rows.append('\t');
					text.append(rows, ((BasicType<?>) types[i]).getJdbcMapping().convertToRelationalValue(values[i]));
				}
			}
			rows.append('\n');
		}
		if (implementor.getInterceptor() instanceof InsertTracker tracker) {
			tracker.inserted(objects);
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

	/** Values in COPY's text format: {@code \N} for null, backslash escapes in text, ISO dates, hex bytes. */
	private static final class TextFormat {

		private Object lastTemporal;

		private String lastTemporalText;

		void append(StringBuilder row, Object value) {
			if (value == null) {
				row.append("\\N");
			}
			else if (value instanceof byte[] bytes) {
				row.append("\\\\x").append(HexFormat.of().formatHex(bytes));
			}
			else if (value instanceof TemporalAccessor) {
				// rows of one COPY share their timestamps: format each once
				if (!value.equals(this.lastTemporal)) {
					this.lastTemporal = value;
					this.lastTemporalText = value.toString();
				}
				row.append(this.lastTemporalText);
			}
			else if (value instanceof Number || value instanceof Boolean || value instanceof UUID) {
				row.append(value);
			}
			else {
				appendEscaped(row, value.toString());
			}
		}

		private static void appendEscaped(StringBuilder row, String text) {
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

	/**
	 * Ids for every object from one query: {@code nextval} of the model's sequence once per block, each
	 * value standing for its block as Hibernate's pooled optimizer reads it (the block's high end), so
	 * that these ids and {@code add()}'s never meet. Empty when the generator is not a pooled sequence.
	 */
	private static Iterator<Object> ids(SessionImplementor session, BeforeExecutionGenerator generator,
			Collection<?> objects) {
		if (!(generator instanceof SequenceStyleGenerator sequence) || !(sequence.getOptimizer() instanceof PooledOptimizer)) {
			return Collections.emptyIterator();
		}
		int block = sequence.getDatabaseStructure().getIncrementSize();
		int blocks = (objects.size() + block - 1) / block;
		List<Object> ids = new ArrayList<>(objects.size());
		String nextValues = "select nextval('" + sequence.getDatabaseStructure().getPhysicalName().render()
				+ "') from generate_series(1, " + blocks + ")";
		for (Object high : session.createNativeQuery(nextValues, Long.class).getResultList()) {
			// a fresh sequence's first value (1) stands for itself alone, as the optimizer reads it too
			for (long id = Math.max(1, (Long) high - block + 1); id <= (Long) high && ids.size() < objects.size(); id++) {
				ids.add(id);
			}
		}
		return ids.iterator();
	}

	private static EntityPersister persister(EntityManager session, Class<?> type) {
		return session.unwrap(SessionImplementor.class).getFactory().getMappingMetamodel().getEntityDescriptor(type);
	}

}
