package io.philo.orm.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.philo.orm.autoconfigure.PgBouncer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL and one real PgBouncer in front of it (transaction mode,
 * {@value #DEFAULT_POOL_SIZE} server connections per database) for the tests of this JVM, started on
 * first use; each use gets a database of its own. Skips the test when PgBouncer is not installed.
 */
final class ThroughPgBouncer {

	static final int DEFAULT_POOL_SIZE = 5;

	private static final AtomicInteger databases = new AtomicInteger();

	private static EmbeddedPostgres server;

	private static PgBouncer bouncer;

	private ThroughPgBouncer() {
	}

	/** The properties of a connection to a database through the bouncer. */
	static Map<String, String> connection(String name, String database) {
		String prefix = "philo.databases.postgresql." + name + ".";
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put(prefix + "url", bouncer().jdbcUrl(database));
		properties.put(prefix + "username", "postgres");
		properties.put(prefix + "pooler", "pgbouncer-transaction");
		properties.put(prefix + "direct-url", server.getJdbcUrl("postgres", database));
		return properties;
	}

	/** A new, empty database of the server. */
	static String newDatabase() {
		String name = "pgbouncer_" + databases.incrementAndGet();
		bouncer();
		try (Connection jdbc = server.getPostgresDatabase().getConnection(); Statement statement = jdbc.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return name;
	}

	/** Server sessions on a database now, as PostgreSQL counts them (its own, the bouncer's and direct ones). */
	static int serverConnections(String database) throws SQLException {
		try (Connection jdbc = server.getPostgresDatabase().getConnection();
				PreparedStatement count = jdbc.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
			count.setString(1, database);
			try (ResultSet result = count.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	static synchronized PgBouncer bouncer() {
		if (bouncer == null) {
			try {
				server = EmbeddedPostgres.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			bouncer = PgBouncer.startOrSkip(server.getPort(), DEFAULT_POOL_SIZE);
			Runtime.getRuntime().addShutdownHook(new Thread(bouncer::close));
		}
		return bouncer;
	}

}
