package io.philo.orm.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import io.philo.orm.connection.ConnectionSettings;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A connection's HikariCP configuration, from its settings. */
final class HikariPools {

	private HikariPools() {
	}

	/**
	 * The HikariCP configuration of this connection's pool on the given URL. Pool settings are bound
	 * with Spring Boot's binder, so an unknown or ill-typed key is an error naming the property.
	 */
	static HikariConfig hikariConfig(ConnectionSettings connection, String url) {
		HikariConfig config = new HikariConfig();
		// reWriteBatchedInserts turns a JDBC batch of inserts into multi-row inserts: batched add() and addAll() need it
		config.addDataSourceProperty("reWriteBatchedInserts", "true");
		// one idle connection per database until load asks for more (up to maximum-pool-size): with many
		// databases, HikariCP's default of maximum-pool-size idle connections each costs server backends and heap
		config.setMinimumIdle(1);
		if (connection.throughTransactionPooler()) {
			TransactionPooler.configure(config);
		}
		Map<String, String> keys = new LinkedHashMap<>();
		connection.pool().forEach((key, value) -> keys.put("pool." + key, value));
		try {
			new Binder(new MapConfigurationPropertySource(keys)).bind("pool", Bindable.ofInstance(config),
					new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
		}
		catch (BindException ex) {
			String problem = (ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage();
			throw new DatabaseConfigurationException(connection.property() + "." + unboundOrFailed(ex),
					"not a usable HikariCP setting (" + problem + ")",
					"Use HikariCP's settings in kebab case, e.g. pool.maximum-pool-size: 20 or pool.connection-timeout: 5000.");
		}
		if (!connection.throughTransactionPooler()) {
			boundIdleTransactions(config, connection);
		}
		config.setPoolName(connection.name());
		config.setJdbcUrl(url);
		config.setUsername(connection.username());
		config.setPassword(connection.password());
		return config;
	}

	/**
	 * Sets {@code idle_in_transaction_session_timeout} when the session starts (pgjdbc's
	 * {@code options}), after any options of the pool's own data-source-properties.
	 */
	private static void boundIdleTransactions(HikariConfig config, ConnectionSettings connection) {
		String options = config.getDataSourceProperties().getProperty("options", "");
		if (!options.contains("idle_in_transaction_session_timeout")) {
			config.addDataSourceProperty("options", (options + " -c idle_in_transaction_session_timeout="
					+ connection.idleInTransactionTimeout().toMillis()).trim());
		}
	}

	/** The pool property at fault: the unbound one, or the one that failed to bind. */
	private static String unboundOrFailed(BindException ex) {
		if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound && !unbound.getUnboundProperties().isEmpty()) {
			return unbound.getUnboundProperties().iterator().next().getName().toString();
		}
		return (ex.getProperty() != null) ? ex.getProperty().getName().toString() : ex.getName().toString();
	}

}
