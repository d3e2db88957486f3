package io.philo.orm.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.philo.orm.connection.ConnectionNames;
import io.philo.orm.connection.ConnectionSettings;
import io.philo.orm.connection.ReplicaSettings;
import io.philo.orm.replica.ConnectionReplicas;
import io.philo.orm.replica.Replica;
import org.postgresql.Driver;

/** A connection's replicas: a pool each, configured as the connection's own ({@code pool.*}). */
final class ReplicaPools {

	/**
	 * A replica's wait for a connection unless {@code pool.connection-timeout} says otherwise: a read
	 * that cannot have one soon is better served by the primary than kept waiting.
	 */
	static final long DEFAULT_CONNECTION_TIMEOUT_MILLIS = 1000;

	private static final Driver DRIVER = new Driver();

	private ReplicaPools() {
	}

	/**
	 * @param connection the connection's settings
	 * @param primary its own pool
	 * @param embedded the embedded server, for an {@code embedded} replica (else unused, may be null)
	 */
	static ConnectionReplicas create(ConnectionSettings connection, DataSource primary, EmbeddedPostgresServer embedded) {
		List<Replica> replicas = new ArrayList<>();
		try {
			for (ReplicaSettings settings : connection.replicas()) {
				String url = settings.embedded() ? embedded.standbyUrl(connection.name()) : settings.jdbcUrl();
				HikariConfig config = HikariPools.hikariConfig(connection, url);
				config.setPoolName(connection.name() + "." + settings.name());
				config.setUsername((settings.username() != null || !connection.embedded()) ? settings.username() : EmbeddedPostgresServer.USER);
				config.setPassword(settings.password());
				// a replica down at start-up is left out, as one that fails later: it does not stop the application
				config.setInitializationFailTimeout(-1);
				if (connection.pool().keySet().stream().noneMatch((key) -> ConnectionNames.key(key).equals("connectiontimeout"))) {
					config.setConnectionTimeout(DEFAULT_CONNECTION_TIMEOUT_MILLIS);
				}
				Properties probe = new Properties();
				probe.putAll(config.getDataSourceProperties());
				if (config.getUsername() != null) {
					probe.setProperty("user", config.getUsername());
				}
				if (config.getPassword() != null) {
					probe.setProperty("password", config.getPassword());
				}
				replicas.add(new Replica(connection.name(), settings.name(), new HikariDataSource(config), DRIVER, url, probe));
			}
		}
		catch (RuntimeException ex) {
			replicas.forEach((replica) -> replica.pool().close());
			throw ex;
		}
		return new ConnectionReplicas(connection.name(), primary, replicas, connection.maxLag(), connection.readYourWritesWait());
	}

}
