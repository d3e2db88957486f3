package io.philo.orm.connection;

import java.time.Duration;
import java.util.List;
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
 * @param replicas the read replicas (empty: every read goes to the database itself)
 * @param maxLag how far behind its primary a replica may be before reads skip it
 * @param readYourWritesWait how long a read after a commit of its thread waits for a replica to replay
 * the commit before it goes to the primary instead
 */
public record ConnectionSettings(String name, String jdbcUrl, String username, String password, DdlAuto ddlAuto,
		Duration idleInTransactionTimeout, Map<String, String> pool, Map<String, String> flyway, Map<String, String> repositories,
		Pooler pooler, Direct direct, List<ReplicaSettings> replicas, Duration maxLag, Duration readYourWritesWait) {

	/** {@code max-lag} unless set. */
	public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(10);

	/** {@code read-your-writes-wait} unless set: about what a replica on the same network needs to replay a commit. */
	public static final Duration DEFAULT_READ_YOUR_WRITES_WAIT = Duration.ofMillis(20);

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
				+ this.ddlAuto.value() + ", idleInTransactionTimeout=" + this.idleInTransactionTimeout + ", pool=" + this.pool + ", flyway=" + this.flyway + ", pooler=" + this.pooler.value() + ", direct=" + this.direct + ", replicas=" + this.replicas
				+ ", maxLag=" + this.maxLag + "]";
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
