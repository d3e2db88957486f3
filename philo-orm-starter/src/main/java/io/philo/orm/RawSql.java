package io.philo.orm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * SQL text as the user wrote it, with {@code :name} parameters, turned into one JDBC statement:
 * each {@code :name} outside quotes, comments and dollar-quoted bodies becomes a {@code ?} bound to
 * its value (a collection becomes one {@code ?} per element, for {@code IN (:ids)}); {@code ::}
 * casts, {@code ?} operators and everything quoted pass through. Several statements run in order;
 * the result is that of the last one returning rows, else one row holding the rows changed.
 */
final class RawSql {

	/** The protocol counts a statement's parameters in 16 bits: pgjdbc refuses more as a failed statement of the unit. */
	private static final int MAX_PARAMETERS = 65535;

	private final String sql;

	/** The SQL between placeholders, with {@code ?} operators escaped for pgjdbc: one more piece than placeholders. */
	private final List<String> pieces = new ArrayList<>();

	private final List<String> placeholders = new ArrayList<>();

	private final StringBuilder jdbcSql = new StringBuilder();

	/** The SQL with every quoted text, comment and dollar-quoted body blanked: what PostgreSQL reads as statements. */
	private final StringBuilder code = new StringBuilder();

	private final List<Object> values = new ArrayList<>();

	/**
	 * Parses and binds; a bad parameter or an unterminated quote, comment or dollar quote is an
	 * {@link InvalidQueryException} before anything runs.
	 * @param params values by name; null for none
	 */
	RawSql(String sql, Map<String, ?> params) {
		if (sql == null || sql.isBlank()) {
			throw new InvalidQueryException("rawSql needs SQL to run, got " + ((sql == null) ? "null" : "blank text"));
		}
		this.sql = sql;
		parse();
		bind((params != null) ? params : Map.of());
	}

	/**
	 * Refuses, before anything runs, SQL that leaves state in the server session, which a transaction
	 * pooler hands to other clients after the transaction (see {@link SessionState}).
	 * @param connection the connection's name, for the message
	 */
	void refuseSessionState(String connection) {
		for (String statement : this.code.toString().split(";")) {
			String refusal = SessionState.refusal(statement);
			if (refusal != null) {
				throw new InvalidQueryException("rawSql on connection " + connection
						+ " goes through PgBouncer in transaction mode (pooler: pgbouncer-transaction), where the server session is"
						+ " this unit's for one transaction only, then other clients': " + refusal + "; nothing was run");
			}
		}
	}

	/** Runs on the connection (the unit of work's): the rows of the last statement returning rows, else one row holding the rows changed. */
	List<Object[]> execute(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.jdbcSql.toString())) {
			for (int i = 0; i < this.values.size(); i++) {
				statement.setObject(i + 1, this.values.get(i));
			}
			List<Object[]> rows = null;
			long changed = 0;
			boolean isQuery = statement.execute();
			while (true) {
				if (isQuery) {
					try (ResultSet results = statement.getResultSet()) {
						rows = read(results);
					}
				}
				else {
					int count = statement.getUpdateCount();
					if (count == -1) {
						break;
					}
					changed += count;
				}
				isQuery = statement.getMoreResults();
			}
			return (rows != null) ? rows : List.<Object[]>of(new Object[] { changed });
		}
	}

	/** Every name the SQL uses must be given a value, and every name given used; a collection is one ? per element. */
	private void bind(Map<String, ?> params) {
		for (String name : params.keySet()) {
			if (name == null) {
				throw new InvalidQueryException("rawSql parameters have a null name: each value needs the name of its :name in the SQL");
			}
		}
		Set<String> used = new LinkedHashSet<>(this.placeholders);
		Set<String> missing = new TreeSet<>(used);
		missing.removeAll(params.keySet());
		Set<String> unused = new TreeSet<>(params.keySet());
		unused.removeAll(used);
		if (!missing.isEmpty() || !unused.isEmpty()) {
			throw new InvalidQueryException("rawSql parameters do not match the SQL:"
					+ (missing.isEmpty() ? "" : " no value given for :" + String.join(", :", missing) + ";")
					+ (unused.isEmpty() ? "" : " no :" + String.join(", :", unused) + " in the SQL for the value given;")
					+ " the SQL names " + (used.isEmpty() ? "no parameter" : ":" + String.join(", :", used)));
		}
		this.jdbcSql.append(this.pieces.get(0));
		String largest = null;
		int largestSize = 0;
		for (int i = 0; i < this.placeholders.size(); i++) {
			String name = this.placeholders.get(i);
			Object value = params.get(name);
			if (value instanceof Collection<?> collection) {
				if (collection.isEmpty()) {
					throw new InvalidQueryException("rawSql parameter :" + name + " is an empty collection, which SQL's IN () cannot"
							+ " take: leave the condition out when there is nothing to match");
				}
				if (collection.size() > largestSize) {
					largest = name;
					largestSize = collection.size();
				}
				collection.forEach((element) -> this.values.add(jdbcValue(name, element)));
				this.jdbcSql.append(String.join(", ", Collections.nCopies(collection.size(), "?")));
			}
			else {
				this.values.add(jdbcValue(name, value));
				this.jdbcSql.append('?');
			}
			this.jdbcSql.append(this.pieces.get(i + 1));
		}
		if (this.values.size() > MAX_PARAMETERS) {
			throw new InvalidQueryException("rawSql would bind " + this.values.size() + " values, more than the " + MAX_PARAMETERS
					+ " parameters one PostgreSQL statement can take"
					+ ((largest != null) ? ": pass :" + largest + " as an array, as one value, and match it with = ANY(:" + largest + ")" : ""));
		}
	}

	private static List<Object[]> read(ResultSet results) throws SQLException {
		int columns = results.getMetaData().getColumnCount();
		List<Object[]> rows = new ArrayList<>();
		while (results.next()) {
			Object[] row = new Object[columns];
			for (int i = 0; i < columns; i++) {
				row[i] = results.getObject(i + 1);
			}
			rows.add(row);
		}
		return rows;
	}

	/** Values pgjdbc's setObject does not take, as those it does. */
	private static Object jdbcValue(String name, Object value) {
		if (value instanceof String text && text.indexOf('\u0000') >= 0) {
			throw new InvalidQueryException("rawSql parameter :" + name + " contains a NUL character, which PostgreSQL text cannot hold");
		}
		if (value instanceof Instant instant) {
			return instant.atOffset(ZoneOffset.UTC);
		}
		if (value instanceof ZonedDateTime zoned) {
			return zoned.toOffsetDateTime();
		}
		if (value instanceof java.util.Date date && !(value instanceof java.sql.Date) && !(value instanceof java.sql.Time)
				&& !(value instanceof Timestamp)) {
			return OffsetDateTime.ofInstant(date.toInstant(), ZoneOffset.UTC);
		}
		if (value instanceof Enum<?> constant) {
			return constant.name();
		}
		if (value instanceof Character character) {
			return character.toString();
		}
		return value;
	}

	/** Splits the SQL at each :name outside quoted text and comments. */
	private void parse() {
		StringBuilder piece = new StringBuilder();
		int i = 0;
		int length = this.sql.length();
		while (i < length) {
			char c = this.sql.charAt(i);
			int end;
			// quoted text, comments and dollar-quoted bodies are no statement's words
			boolean words = false;
			if (c == '\'') {
				end = quoted(i, '\'', precededByE(i));
			}
			else if (c == '"') {
				end = quoted(i, '"', false);
			}
			else if (c == '-' && next(i) == '-') {
				end = lineEnd(i);
			}
			else if (c == '/' && next(i) == '*') {
				end = blockCommentEnd(i);
			}
			else if (c == '$' && dollarTag(i) != null) {
				end = dollarQuoted(i);
			}
			else if (c == ':' && next(i) == ':') {
				end = i + 2;
				words = true;
			}
			else if (c == ':' && (Character.isLetter(next(i)) || next(i) == '_')) {
				end = i + 1;
				while (end < length && (Character.isLetterOrDigit(this.sql.charAt(end)) || this.sql.charAt(end) == '_')) {
					end++;
				}
				this.placeholders.add(this.sql.substring(i + 1, end));
				this.pieces.add(piece.toString());
				piece.setLength(0);
				this.code.append('?');
				i = end;
				continue;
			}
			else if (c == '?') {
				// an operator (jsonb's ?, ?|, ?&): pgjdbc reads ?? as a literal ?
				piece.append("??");
				this.code.append('?');
				i++;
				continue;
			}
			else {
				end = i + 1;
				words = true;
			}
			piece.append(this.sql, i, end);
			this.code.append(words ? this.sql.substring(i, end) : " ");
			i = end;
		}
		this.pieces.add(piece.toString());
	}

	private char next(int i) {
		return (i + 1 < this.sql.length()) ? this.sql.charAt(i + 1) : '\0';
	}

	private boolean precededByE(int i) {
		return i > 0 && (this.sql.charAt(i - 1) == 'E' || this.sql.charAt(i - 1) == 'e')
				&& (i < 2 || !Character.isJavaIdentifierPart(this.sql.charAt(i - 2)));
	}

	/** The end of a quoted text starting at i ('' or "" inside; backslash escapes in E'…'). */
	private int quoted(int i, char quote, boolean backslashEscapes) {
		int j = i + 1;
		while (j < this.sql.length()) {
			char c = this.sql.charAt(j);
			if (backslashEscapes && c == '\\') {
				j += 2;
				continue;
			}
			if (c == quote) {
				if (next(j) == quote) {
					j += 2;
					continue;
				}
				return j + 1;
			}
			j++;
		}
		throw unterminated(i, (quote == '"') ? "quoted identifier" : "quoted string");
	}

	private int lineEnd(int i) {
		int end = this.sql.indexOf('\n', i);
		return (end < 0) ? this.sql.length() : end + 1;
	}

	/** PostgreSQL's block comments nest. */
	private int blockCommentEnd(int i) {
		int depth = 0;
		int j = i;
		while (j < this.sql.length()) {
			if (this.sql.startsWith("/*", j)) {
				depth++;
				j += 2;
			}
			else if (this.sql.startsWith("*/", j)) {
				depth--;
				j += 2;
				if (depth == 0) {
					return j;
				}
			}
			else {
				j++;
			}
		}
		throw unterminated(i, "/* comment");
	}

	/** The tag of a dollar quote starting at i ($$ or $tag$), or null when the $ starts none (a $1 parameter). */
	private String dollarTag(int i) {
		if (i > 0 && Character.isJavaIdentifierPart(this.sql.charAt(i - 1))) {
			return null;
		}
		int j = i + 1;
		while (j < this.sql.length() && this.sql.charAt(j) != '$') {
			char c = this.sql.charAt(j);
			if (!(Character.isLetter(c) || c == '_' || (j > i + 1 && Character.isDigit(c)))) {
				return null;
			}
			j++;
		}
		return (j < this.sql.length()) ? this.sql.substring(i, j + 1) : null;
	}

	private int dollarQuoted(int i) {
		String tag = dollarTag(i);
		int end = this.sql.indexOf(tag, i + tag.length());
		if (end < 0) {
			throw unterminated(i, "dollar-quoted string " + tag);
		}
		return end + tag.length();
	}

	/** PostgreSQL would take the rest of the SQL into it: a syntax error once the unit has begun. */
	private InvalidQueryException unterminated(int start, String what) {
		int line = 1;
		int lineStart = 0;
		for (int i = 0; i < start; i++) {
			if (this.sql.charAt(i) == '\n') {
				line++;
				lineStart = i + 1;
			}
		}
		String text = this.sql.substring(start, Math.min(this.sql.length(), start + 30)).replaceAll("\\s+", " ");
		return new InvalidQueryException("rawSql SQL has an unterminated " + what + " starting at line " + line + ", column "
				+ (start - lineStart + 1) + " (" + text + ((start + 30 < this.sql.length()) ? "…" : "") + "): nothing was run");
	}

}
