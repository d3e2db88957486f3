package io.philo.orm.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import io.philo.orm.connection.ConnectionSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A connection through PgBouncer in transaction mode ({@code pooler: pgbouncer-transaction}): a
 * server session belongs to the client for one transaction, and the next may be another one.
 */
final class TransactionPooler {

	private static final Log logger = LogFactory.getLog(TransactionPooler.class);

	private TransactionPooler() {
	}

	/**
	 * The driver's setup: no server-side prepared statements (pgjdbc names a statement, its own
	 * {@code BEGIN} among them, on its fifth use; the next transaction's session does not have it).
	 * A {@code prepareThreshold} of the pool's data-source-properties or of the URL wins, for a
	 * PgBouncer 1.21+ with {@code max_prepared_statements}.
	 */
	static void configure(HikariConfig config) {
		config.addDataSourceProperty("prepareThreshold", "0");
	}

	/**
	 * The server itself, past the bouncer, for schema actions and migrations: a connection per
	 * use, none held between them.
	 */
	static DataSource direct(ConnectionSettings connection) {
		ConnectionSettings.Direct direct = connection.direct();
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(direct.jdbcUrl());
		dataSource.setUser(direct.username());
		dataSource.setPassword(direct.password());
		dataSource.setApplicationName(connection.name() + " (direct)");
		return dataSource;
	}

	/**
	 * PgBouncer refuses the driver's {@code options} startup parameter (or drops it, when told to
	 * ignore it), so the idle-in-transaction bound comes from the server: warns when the sessions the
	 * bouncer hands out have none, or a longer one than the connection's.
	 */
	static void checkIdleTransactionBound(ConnectionSettings connection, DataSource pool) {
		Duration wanted = connection.idleInTransactionTimeout();
		if (wanted.isZero()) {
			return;
		}
		long serverMillis;
		try (Connection jdbc = pool.getConnection(); Statement statement = jdbc.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT setting::bigint FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout'")) {
			result.next();
			serverMillis = result.getLong(1);
		}
		catch (SQLException ex) {
			logger.warn("Connection " + connection.name() + ": could not read idle_in_transaction_session_timeout through the pooler: "
					+ ex.getMessage());
			return;
		}
		if (serverMillis == 0 || serverMillis > wanted.toMillis()) {
			logger.warn("Connection " + connection.name() + " goes through PgBouncer in transaction mode, which cannot pass the"
					+ " driver's startup options: its sessions' idle_in_transaction_session_timeout is the server's ("
					+ ((serverMillis == 0) ? "none" : serverMillis + " ms") + "), not the connection's " + wanted.toMillis()
					+ " ms, so a forgotten transaction holds its locks longer. Set it for the bouncer's role: ALTER ROLE <role> SET"
					+ " idle_in_transaction_session_timeout = '" + wanted.toMillis() + "ms' (or PgBouncer's idle_transaction_timeout),"
					+ " or set " + connection.property() + ".idle-in-transaction-timeout: 0 to silence this.");
		}
	}

}
