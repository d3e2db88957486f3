package io.philo.orm.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.philo.orm.embedded.ReplicatedEmbeddedPostgres;
import io.philo.orm.test.PhiloTest.Server;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL servers of a test run, one of each kind per JVM, started on first use: each
 * test context gets fresh databases on them.
 */
final class TestDatabases {

	private static final Map<Server, Admin> servers = new EnumMap<>(Server.class);

	private static final AtomicInteger databases = new AtomicInteger();

	private static Admin replicated;

	private TestDatabases() {
	}

	/**
	 * How to reach a server as its administrator.
	 *
	 * @param url the JDBC URL of one of its databases
	 * @param username its administrator
	 * @param password their password, or null
	 * @param standbyUrl the JDBC URL of the same database on a streaming standby of it, or null when it has none
	 */
	record Admin(String url, String username, String password, String standbyUrl) {

		Admin(String url, String username, String password) {
			this(url, username, password, null);
		}

		/** The URL of a database (one {@link #createDatabase} returned) on the standby. */
		String onStandby(String databaseUrl) {
			return this.standbyUrl.substring(0, this.standbyUrl.lastIndexOf('/') + 1) + databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1);
		}

		/** Creates a new database for a connection and returns its JDBC URL. */
		String createDatabase(String connection) {
			String name = ("philo_test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet() + "_" + connection)
				.toLowerCase(Locale.ROOT)
				.replaceAll("[^a-z0-9_]", "_");
			try (Connection jdbc = DriverManager.getConnection(this.url, this.username, this.password);
					Statement statement = jdbc.createStatement()) {
				statement.execute("CREATE DATABASE " + name);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not create the test database " + name + ": " + ex.getMessage(), ex);
			}
			return this.url.substring(0, this.url.lastIndexOf('/') + 1) + name;
		}

		@Override
		public String toString() {
			return "Admin[" + this.url + ", " + this.username + "]";
		}

	}

	/** The server for a test: {@code PHILO_TEST_JDBC_URL}'s if set, else the requested kind. */
	static synchronized Admin server(Server kind) {
		String url = System.getenv("PHILO_TEST_JDBC_URL");
		if (url != null) {
			return new Admin(url, System.getenv("PHILO_TEST_USERNAME"), System.getenv("PHILO_TEST_PASSWORD"));
		}
		return servers.computeIfAbsent(kind, (k) -> (k == Server.TESTCONTAINERS) ? TestcontainersServer.start() : embedded());
	}

	/**
	 * An embedded primary with a streaming standby, for a test run whose application names
	 * replicas; null where the tests run on a server of their own ({@code PHILO_TEST_JDBC_URL}).
	 */
	static synchronized Admin replicated() {
		if (System.getenv("PHILO_TEST_JDBC_URL") != null) {
			return null;
		}
		if (replicated == null) {
			ReplicatedEmbeddedPostgres servers = ReplicatedEmbeddedPostgres.start();
			Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "philo-test-replication-stop"));
			replicated = new Admin(servers.primaryUrl("postgres"), ReplicatedEmbeddedPostgres.USER, "", servers.standbyUrl("postgres"));
		}
		return replicated;
	}

	private static Admin embedded() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.start();
			return new Admin(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL of the tests", ex);
		}
	}

}
