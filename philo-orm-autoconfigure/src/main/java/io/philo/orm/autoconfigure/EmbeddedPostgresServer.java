package io.philo.orm.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * One embedded PostgreSQL server (real PostgreSQL binaries, by zonky) shared by every connection
 * configured as {@code embedded}, each with a database of its own. Stopped when the context closes,
 * after the pools on it.
 */
final class EmbeddedPostgresServer implements DisposableBean {

	static final String LIBRARY_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

	static final String USER = "postgres";

	private static final Log logger = LogFactory.getLog(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;

	EmbeddedPostgresServer() {
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
		String database = connectionName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE \"" + database + "\"");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the embedded database " + database, ex);
		}
		return this.postgres.getJdbcUrl(USER, database);
	}

	@Override
	public void destroy() throws IOException {
		this.postgres.close();
	}

}
