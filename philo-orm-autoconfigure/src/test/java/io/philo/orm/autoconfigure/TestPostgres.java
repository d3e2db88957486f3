package io.philo.orm.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL server of this test run: the one named by {@code PHILO_TEST_JDBC_URL} (with
 * {@code PHILO_TEST_USERNAME} / {@code PHILO_TEST_PASSWORD}; any database of it, the tests create
 * their own), or else one embedded server (real PostgreSQL binaries) started once per JVM.
 */
final class TestPostgres {

	private static final AtomicInteger databases = new AtomicInteger();

	private static String adminUrl;

	private static String username;

	private static String password;

	private TestPostgres() {
	}

	private static synchronized void start() {
		if (adminUrl != null) {
			return;
		}
		String url = System.getenv("PHILO_TEST_JDBC_URL");
		if (url != null) {
			adminUrl = url;
			username = System.getenv("PHILO_TEST_USERNAME");
			password = System.getenv("PHILO_TEST_PASSWORD");
			return;
		}
		try {
			EmbeddedPostgres server = EmbeddedPostgres.start();
			adminUrl = server.getJdbcUrl("postgres", "postgres");
			username = "postgres";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A new, empty database's JDBC URL (without credentials). */
	static String newDatabase() {
		start();
		String name = "test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
		try (Connection connection = DriverManager.getConnection(adminUrl, username, password);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
	}

	static String username() {
		start();
		return username;
	}

	static String password() {
		start();
		return password;
	}

	/** host:port of the server, for libpq-style URLs. */
	static String hostAndPort() {
		start();
		String rest = adminUrl.substring("jdbc:postgresql://".length());
		return rest.substring(0, rest.indexOf('/'));
	}

}
