package io.philo.orm.connection;

import java.time.Duration;
import java.util.Map;

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
 * @param pooler what stands between the pool and the server
 * @param direct the server itself, past the pooler, for schema actions and migrations; null without a pooler
 */
public record ConnectionSettings(String name, String jdbcUrl, String username, String password, DdlAuto ddlAuto,
		Duration idleInTransactionTimeout, Map<String, String> pool, Map<String, String> flyway, Map<String, String> repositories,
		Pooler pooler, Direct direct) {

	/** Where connections are configured. */
	public static final String PROPERTY_PREFIX = "philo.databases.postgresql";

	/** Whether this connection is a database of the embedded PostgreSQL server. */
	public boolean embedded() {
		return this.jdbcUrl == null;
	}

	/** Whether the connection goes through a transaction pooler, where a server session lasts one transaction. */
	public boolean throughTransactionPooler() {
		return this.pooler == Pooler.PGBOUNCER_TRANSACTION;
	}

	/** The property prefix of this connection, for messages. */
	public String property() {
		return PROPERTY_PREFIX + "." + this.name;
	}

	@Override
	public String toString() {
		return "ConnectionSettings[name=" + this.name + ", url=" + (embedded() ? "embedded" : this.jdbcUrl) + ", username="
				+ this.username + ", password=" + ((this.password != null) ? "****" : null) + ", ddlAuto="
				+ this.ddlAuto.value() + ", idleInTransactionTimeout=" + this.idleInTransactionTimeout + ", pool=" + this.pool + ", flyway=" + this.flyway + ", pooler=" + this.pooler.value() + ", direct=" + this.direct + "]";
	}

	/**
	 * The server a pooled connection reaches directly ({@code direct-url}): its credentials are
	 * the URL's, else the connection's. {@link #toString()} never shows the password.
	 *
	 * @param jdbcUrl the JDBC URL without credentials
	 * @param username the user, or null
	 * @param password the password, or null
	 */
	public record Direct(String jdbcUrl, String username, String password) {

		@Override
		public String toString() {
			return "Direct[url=" + this.jdbcUrl + ", username=" + this.username + ", password="
					+ ((this.password != null) ? "****" : null) + "]";
		}

	}

}
