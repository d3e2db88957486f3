package io.philo.orm.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

import io.philo.orm.embedded.ReplicatedEmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * One embedded PostgreSQL server (real PostgreSQL binaries, by zonky) shared by every connection
 * configured as {@code embedded}, each with a database of its own; with a streaming standby when a
 * connection names {@code embedded} among its replicas. Stopped when the context closes, after the
 * pools on it.
 */
final class EmbeddedPostgresServer implements DisposableBean {

	static final String LIBRARY_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

	static final String USER = "postgres";

	/** How long a database created on the primary may take to reach the standby. */
	private static final Duration STANDBY_CATCH_UP = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;

	private final ReplicatedEmbeddedPostgres replicated;

	EmbeddedPostgresServer(boolean standby) {
		if (standby) {
			this.replicated = ReplicatedEmbeddedPostgres.start();
			this.postgres = this.replicated.primary();
			logger.info("Started embedded PostgreSQL on port " + this.postgres.getPort() + " with a streaming standby on port "
					+ this.replicated.standby().getPort());
			return;
		}
		this.replicated = null;
		try {
			// the context stops the server: a JVM shutdown hook of its own would race the pools' last statements
			this.postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL server", ex);
		}
		logger.info("Started embedded PostgreSQL on port " + this.postgres.getPort());
	}

	/** Creates the connection's database (named after it, in lower case) and returns its JDBC URL. */
	String createDatabase(String connectionName) {
		String database = database(connectionName);
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE \"" + database + "\"");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the embedded database " + database, ex);
		}
		return this.postgres.getJdbcUrl(USER, database);
	}

	/**
	 * The JDBC URL of the connection's database on the standby, once the standby has it (a database
	 * the primary just created arrives with the WAL).
	 */
	String standbyUrl(String connectionName) {
		if (this.replicated == null) {
			throw new IllegalStateException("The embedded server has no standby");
		}
		String url = this.replicated.standbyUrl(database(connectionName));
		long deadline = System.nanoTime() + STANDBY_CATCH_UP.toNanos();
		while (true) {
			try (Connection connection = DriverManager.getConnection(url, USER, null)) {
				return url;
			}
			catch (SQLException ex) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The embedded standby did not receive the database of connection "
							+ connectionName + " within " + STANDBY_CATCH_UP.toSeconds() + " s: " + ex.getMessage(), ex);
				}
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the embedded standby", ex);
			}
		}
	}

	/** The primary and standby, when there is a standby (tests stop it, delay it). */
	ReplicatedEmbeddedPostgres replicated() {
		return this.replicated;
	}

	private static String database(String connectionName) {
		return connectionName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
	}

	@Override
	public void destroy() throws IOException {
		if (this.replicated != null) {
			this.replicated.close();
		}
		else {
			this.postgres.close();
		}
	}

}
