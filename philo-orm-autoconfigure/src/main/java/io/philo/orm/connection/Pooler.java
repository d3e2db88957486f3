package io.philo.orm.connection;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What stands between a connection's pool and PostgreSQL. */
public enum Pooler {

	/** Nothing: each pooled connection is a server session of its own. */
	NONE,
	/**
	 * PgBouncer with {@code pool_mode = transaction}: a server session belongs to a client for one
	 * transaction only, so nothing may outlive it (prepared statements, session settings and locks).
	 */
	PGBOUNCER_TRANSACTION;

	/** The configuration spelling: {@code pgbouncer-transaction}. */
	public String value() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** Reads {@code none | pgbouncer-transaction} (any case, {@code _} or {@code -}); null if none matches. */
	public static Pooler parse(String value) {
		String wanted = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
		return Arrays.stream(values()).filter((v) -> v.name().equals(wanted)).findFirst().orElse(null);
	}

	public static String choices() {
		return Arrays.stream(values()).map(Pooler::value).collect(Collectors.joining(" | "));
	}

}
