package io.philo.orm.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.env.Environment;

/**
 * The keys of {@code philo.databases.postgresql.<NAME>}, documented for IDE completion (this class
 * feeds the generated configuration metadata). It is not bound: a connection may also be one URL
 * string, and names from environment variables need the rules of {@link ConnectionSettingsReader},
 * which no bean binder expresses.
 */
@ConfigurationProperties("philo.databases")
public class PhiloDatabasesProperties {

	/**
	 * The names of the connections an environment configures, without checking their settings: for
	 * tools that replace the settings (such as test support).
	 */
	public static List<String> configuredNames(Environment environment) {
		return ConnectionSettingsReader.names(environment);
	}

	/**
	 * The names of the configured connections that name replicas, without checking their settings:
	 * for tools that replace the settings (such as test support).
	 */
	public static List<String> namesWithReplicas(Environment environment) {
		return ConnectionSettingsReader.namesWithReplicas(environment);
	}

	/**
	 * The PostgreSQL connections by name. DEFAULT is required and primary. A value is either one URL
	 * (postgresql://user:password@host:5432/db, jdbc:postgresql://host:5432/db, or embedded) or the
	 * long form below.
	 */
	private final Map<String, Connection> postgresql = new LinkedHashMap<>();

	public Map<String, Connection> getPostgresql() {
		return this.postgresql;
	}

	/** One connection in the long form. */
	public static class Connection {

		/**
		 * The database: postgresql://user:password@host:5432/db (credentials percent-encoded),
		 * jdbc:postgresql://host:5432/db, or embedded to start an embedded PostgreSQL.
		 */
		private String url;

		/** The user; overrides one given in the URL. */
		private String username;

		/** The password; overrides one given in the URL. Never logged or shown. */
		private String password;

		/** Schema action for this database (none, validate, update, create, create-drop); default philo.orm.ddl-auto. */
		private String ddlAuto;

		/**
		 * How long PostgreSQL lets this database's sessions sit idle in a transaction before ending
		 * them (idle_in_transaction_session_timeout); default philo.orm.idle-in-transaction-timeout, 0 for none.
		 */
		private Duration idleInTransactionTimeout;

		/**
		 * What stands between the pool and the server: none, or pgbouncer-transaction (PgBouncer
		 * with pool_mode = transaction; needs direct-url). Default none.
		 */
		private String pooler;

		/**
		 * The server's own URL, past the pooler, for schema actions and Flyway migrations; required
		 * with a pooler. The connection's username and password apply unless it names a user.
		 */
		private String directUrl;

		/** HikariCP settings for this database's pool, in kebab case: maximum-pool-size, connection-timeout, ... */
		private final Map<String, String> pool = new LinkedHashMap<>();

		/**
		 * Flyway settings for this database, in kebab case: enabled, locations (default
		 * classpath:db/migration/&lt;name in lower case&gt;), baseline-on-migrate, table, ...
		 */
		private final Map<String, String> flyway = new LinkedHashMap<>();

		/** The Spring Data JPA repositories that work on this database. */
		private final Repositories repositories = new Repositories();

		/**
		 * Read replicas (streaming standbys) of this database: URLs in the forms of url, credentials
		 * those of the connection unless a URL gives its own; embedded for a standby of the embedded
		 * server. Reads outside a write transaction go to them; pool.* applies to each one's pool.
		 */
		private final List<String> replicas = new ArrayList<>();

		/** How far behind the primary a replica may be before reads skip it (default 10s). */
		private Duration maxLag;

		/**
		 * How long a read after a commit of the same thread waits for a replica to replay that
		 * commit before it reads from the primary instead (default 20ms; 0: never wait).
		 */
		private Duration readYourWritesWait;

		public String getUrl() {
			return this.url;
		}

		public Duration getIdleInTransactionTimeout() {
			return this.idleInTransactionTimeout;
		}

		public void setIdleInTransactionTimeout(Duration idleInTransactionTimeout) {
			this.idleInTransactionTimeout = idleInTransactionTimeout;
		}

		public void setUrl(String url) {
			this.url = url;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public String getDdlAuto() {
			return this.ddlAuto;
		}

		public void setDdlAuto(String ddlAuto) {
			this.ddlAuto = ddlAuto;
		}

		public String getPooler() {
			return this.pooler;
		}

		public void setPooler(String pooler) {
			this.pooler = pooler;
		}

		public String getDirectUrl() {
			return this.directUrl;
		}

		public void setDirectUrl(String directUrl) {
			this.directUrl = directUrl;
		}

		public Map<String, String> getPool() {
			return this.pool;
		}

		public Map<String, String> getFlyway() {
			return this.flyway;
		}

		public Repositories getRepositories() {
			return this.repositories;
		}

		public List<String> getReplicas() {
			return this.replicas;
		}

		public Duration getMaxLag() {
			return this.maxLag;
		}

		public void setMaxLag(Duration maxLag) {
			this.maxLag = maxLag;
		}

		public Duration getReadYourWritesWait() {
			return this.readYourWritesWait;
		}

		public void setReadYourWritesWait(Duration readYourWritesWait) {
			this.readYourWritesWait = readYourWritesWait;
		}

	}

	/** Spring Data JPA repositories bound to a connection. */
	public static class Repositories {

		/** Packages (comma-separated) whose repositories use this connection's EntityManagerFactory and transaction manager. */
		private String basePackages;

		public String getBasePackages() {
			return this.basePackages;
		}

		public void setBasePackages(String basePackages) {
			this.basePackages = basePackages;
		}

	}

}
