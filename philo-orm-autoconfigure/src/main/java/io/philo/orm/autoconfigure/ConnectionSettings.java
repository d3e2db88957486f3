package io.philo.orm.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * One configured connection, checked: everything needed to open its pool. {@link #toString()} never
 * shows the password.
 *
 * @param name the connection's name as shown ({@code MUSIC_CATALOG})
 * @param jdbcUrl the JDBC URL without credentials, or null for an embedded database
 * @param username the user, or null
 * @param password the password, or null
 * @param ddlAuto the schema action at start-up
 * @param idleInTransactionTimeout PostgreSQL's {@code idle_in_transaction_session_timeout} for its sessions (0: none)
 * @param pool HikariCP settings by kebab-case name
 * @param flyway Flyway settings by kebab-case name
 * @param repositories {@code base-packages}: the Spring Data repositories bound to this connection
 */
public record ConnectionSettings(String name, String jdbcUrl, String username, String password, DdlAuto ddlAuto,
		Duration idleInTransactionTimeout, Map<String, String> pool, Map<String, String> flyway, Map<String, String> repositories) {

	/** Whether this connection is a database of the embedded PostgreSQL server. */
	public boolean embedded() {
		return this.jdbcUrl == null;
	}

	/** The property prefix of this connection, for messages. */
	public String property() {
		return ConnectionSettingsReader.PREFIX + "." + this.name;
	}

	/**
	 * The HikariCP configuration of this connection's pool on the given URL. Pool settings are bound
	 * with Spring Boot's binder, so an unknown or ill-typed key is an error naming the property.
	 */
	HikariConfig hikariConfig(String url) {
		HikariConfig config = new HikariConfig();
		// reWriteBatchedInserts turns a JDBC batch of inserts into multi-row inserts: batched add() and addAll() need it
		config.addDataSourceProperty("reWriteBatchedInserts", "true");
		// one idle connection per database until load asks for more (up to maximum-pool-size): with many
		// databases, HikariCP's default of maximum-pool-size idle connections each costs server backends and heap
		config.setMinimumIdle(1);
		Map<String, String> keys = new LinkedHashMap<>();
		this.pool.forEach((key, value) -> keys.put("pool." + key, value));
		try {
			new Binder(new MapConfigurationPropertySource(keys)).bind("pool", Bindable.ofInstance(config),
					new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
		}
		catch (BindException ex) {
			String problem = (ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage();
			throw new DatabaseConfigurationException(property() + "." + unboundOrFailed(ex),
					"not a usable HikariCP setting (" + problem + ")",
					"Use HikariCP's settings in kebab case, e.g. pool.maximum-pool-size: 20 or pool.connection-timeout: 5000.");
		}
		boundIdleTransactions(config);
		config.setPoolName(this.name);
		config.setJdbcUrl(url);
		config.setUsername(this.username);
		config.setPassword(this.password);
		return config;
	}

	/**
	 * Sets {@code idle_in_transaction_session_timeout} when the session starts (pgjdbc's
	 * {@code options}), after any options of the pool's own data-source-properties.
	 */
	private void boundIdleTransactions(HikariConfig config) {
		String options = config.getDataSourceProperties().getProperty("options", "");
		if (!options.contains("idle_in_transaction_session_timeout")) {
			config.addDataSourceProperty("options", (options + " -c idle_in_transaction_session_timeout="
					+ this.idleInTransactionTimeout.toMillis()).trim());
		}
	}

	/** The pool property at fault: the unbound one, or the one that failed to bind. */
	private static String unboundOrFailed(BindException ex) {
		if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound && !unbound.getUnboundProperties().isEmpty()) {
			return unbound.getUnboundProperties().iterator().next().getName().toString();
		}
		return (ex.getProperty() != null) ? ex.getProperty().getName().toString() : ex.getName().toString();
	}

	@Override
	public String toString() {
		return "ConnectionSettings[name=" + this.name + ", url=" + (embedded() ? "embedded" : this.jdbcUrl) + ", username="
				+ this.username + ", password=" + ((this.password != null) ? "****" : null) + ", ddlAuto="
				+ this.ddlAuto.value() + ", idleInTransactionTimeout=" + this.idleInTransactionTimeout + ", pool=" + this.pool + ", flyway=" + this.flyway + "]";
	}

}
