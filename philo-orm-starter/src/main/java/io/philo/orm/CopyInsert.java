package io.philo.orm;

import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Iterator;
import java.util.HexFormat;
import java.util.UUID;

import io.philo.orm.hibernate.HibernateAdapter;
import io.philo.orm.hibernate.HibernateAdapter.CopyMapping;
import io.philo.orm.pool.InsertTracker;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
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

	/** Writes the objects' rows with one COPY, as the mapping ({@link HibernateAdapter#copyMapping}) gives them. */
	static void insert(EntityManager session, CopyMapping mapping, Collection<? extends BaseModel> objects) {
		StringBuilder rows = new StringBuilder(objects.size() * 64);
		// one insert time for the whole COPY, formatted once
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		TextFormat text = new TextFormat();
		Iterator<Object> ids = mapping.ids(objects.size());
		for (BaseModel object : objects) {
			object.stampInserted(now);
			Object[] row = mapping.insert(object, ids);
			for (int i = 0; i < row.length; i++) {
				if (i > 0) {
					rows.append('\t');
				}
				text.append(rows, row[i]);
			}
			rows.append('\n');
		}
		if (HibernateAdapter.interceptor(session) instanceof InsertTracker tracker) {
			tracker.inserted(objects);
		}
		session.flush();
		String copy = "COPY " + mapping.table() + " (" + String.join(", ", mapping.columns()) + ") FROM STDIN";
		session.unwrap(Session.class).doWork((connection) -> {
			try {
				connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(rows.toString()));
			}
			catch (IOException ex) {
				throw new SQLException("COPY into " + mapping.table() + " failed", ex);
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

}
