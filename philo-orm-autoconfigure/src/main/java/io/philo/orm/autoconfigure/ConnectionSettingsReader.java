package io.philo.orm.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.philo.orm.connection.ConnectionNames;
import io.philo.orm.connection.ConnectionSettings;
import io.philo.orm.connection.DdlAuto;
import io.philo.orm.connection.Pooler;
import io.philo.orm.connection.ReplicaSettings;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Reads {@code philo.databases.postgresql.*} into checked {@link ConnectionSettings}.
 *
 * <p>Each property source is read on its own, highest precedence first, so that an environment
 * variable overrides the YAML key it spells differently ({@code PHILO_DATABASES_POSTGRESQL_MUSIC_CATALOG_URL}
 * over {@code MUSIC_CATALOG.url}), while two spellings of one name in the same file are an error. In
 * files the first key after the prefix is the name; in environment variables (where {@code _} is
 * every separator) the name ends before a trailing {@code _URL}, {@code _USERNAME}, {@code _PASSWORD},
 * {@code _DDL_AUTO}, {@code _POOLER}, {@code _DIRECT_URL} or {@code _POOL_…}.
 *
 * <p>{@code replicas} is a list: YAML's, indexed keys ({@code replicas[0]}, {@code _REPLICAS_0}) or
 * one value of URLs separated by commas; the highest-precedence source that sets any of it sets all of it.
 */
final class ConnectionSettingsReader {

	static final String PREFIX = ConnectionSettings.PROPERTY_PREFIX;

	static final String EMBEDDED = "embedded";

	private static final ConfigurationPropertyName PREFIX_NAME = ConfigurationPropertyName.of(PREFIX);

	/** Settings of one value, by {@link ConnectionNames#key} of their words ({@code ddl-auto}, {@code DDL_AUTO}: ddlauto). */
	private static final Set<String> SCALAR_SETTINGS = Set.of("url", "username", "password", "ddlauto",
			"idleintransactiontimeout", "pooler", "directurl", "maxlag", "readyourwriteswait");

	private static final String REPLICAS = "replicas";

	/** A comma that starts another URL of a list (a comma inside a URL separates the hosts of a multi-host URL). */
	private static final Pattern REPLICA_SEPARATOR = Pattern.compile(",\\s*(?=(?i)(postgres(ql)?://|jdbc:|embedded\\s*(,|$)))");

	/** Settings that are groups of keys: HikariCP's, Flyway's, and the Spring Data repositories bound to the connection. */
	private static final Set<String> GROUPS = Set.of("pool", "flyway", "repositories");

	private static final Set<String> CREDENTIALS_AND_URL = Set.of("url", "username", "password");

	private static final String KEYS = "url, username, password, ddl-auto, idle-in-transaction-timeout, pooler, direct-url,"
			+ " pool.*, flyway.*, repositories.base-packages, replicas, max-lag, read-your-writes-wait";

	private ConnectionSettingsReader() {
	}

	/** Whether any {@code philo.databases.postgresql.*} property is set. */
	static boolean isConfigured(Environment environment) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.containsDescendantOf(PREFIX_NAME) == ConfigurationPropertyState.PRESENT) {
				return true;
			}
		}
		return false;
	}

	/** The configured connections, DEFAULT first, by {@link ConnectionNames#key(String)}. */
	static Map<String, ConnectionSettings> read(Environment environment) {
		Map<String, RawConnection> raw = rawConnections(environment, true);
		if (raw.isEmpty()) {
			return Map.of();
		}
		if (!raw.containsKey(ConnectionNames.key(ConnectionNames.DEFAULT))) {
			List<String> names = raw.values().stream().map(RawConnection::name).toList();
			throw new DatabaseConfigurationException(PREFIX + ".DEFAULT",
					"it is missing, while " + String.join(", ", names) + " " + ((names.size() == 1) ? "is" : "are")
							+ " configured",
					"Add philo.databases.postgresql.DEFAULT: the primary database, used by plain Spring code and by models without @Database"
							+ " (or rename one of " + String.join(", ", names) + " to DEFAULT).");
		}
		PhiloOrmProperties orm = Binder.get(environment).bindOrCreate("philo.orm", PhiloOrmProperties.class);
		DdlAuto defaultDdlAuto = ddlAuto("philo.orm.ddl-auto", orm.getDdlAuto());
		Duration defaultIdleInTransactionTimeout = checked("philo.orm.idle-in-transaction-timeout", orm.getIdleInTransactionTimeout());
		Map<String, ConnectionSettings> connections = new LinkedHashMap<>();
		RawConnection first = raw.remove(ConnectionNames.key(ConnectionNames.DEFAULT));
		connections.put(ConnectionNames.key(first.name()), first.toSettings(defaultDdlAuto, defaultIdleInTransactionTimeout));
		raw.forEach((key, connection) -> connections.put(key, connection.toSettings(defaultDdlAuto, defaultIdleInTransactionTimeout)));
		return Collections.unmodifiableMap(connections);
	}

	/** The configured connections' names (as shown), read without resolving or checking their values. */
	static List<String> names(Environment environment) {
		return rawConnections(environment, false).values().stream().map(RawConnection::name).toList();
	}

	/** The names (as shown) of the connections that set replicas, read without resolving or checking the values. */
	static List<String> namesWithReplicas(Environment environment) {
		return rawConnections(environment, false).values().stream().filter((connection) -> connection.replicasNamed).map(RawConnection::name).toList();
	}

	private static Map<String, RawConnection> rawConnections(Environment environment, boolean withValues) {
		Map<String, RawConnection> connections = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			boolean environmentVariables = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
			Map<String, String> namesInSource = new HashMap<>();
			iterable.filter(PREFIX_NAME::isAncestorOf).stream().forEach((name) -> {
				List<String> elements = new ArrayList<>();
				for (int i = PREFIX_NAME.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
					elements.add(name.getElement(i, Form.ORIGINAL));
				}
				int nameEnd = environmentVariables ? environmentNameEnd(elements) : 1;
				String rawName = String.join(".", elements.subList(0, nameEnd));
				String key = ConnectionNames.key(rawName);
				String other = namesInSource.putIfAbsent(key, rawName);
				if (other != null && !other.equals(rawName)) {
					throw new DatabaseConfigurationException(PREFIX + "." + rawName,
							"the names '" + other + "' and '" + rawName + "' name the same connection (names ignore case and _ - .)",
							"Keep one of them.");
				}
				RawConnection connection = connections.computeIfAbsent(key,
						(k) -> new RawConnection(ConnectionNames.canonical(rawName), environment));
				List<String> setting = elements.subList(nameEnd, elements.size());
				ConfigurationProperty property = source.getConfigurationProperty(name);
				if (withValues) {
					connection.putIfAbsent(source, setting, environmentVariables, (property != null) ? property.getValue() : null);
				}
				else if (!setting.isEmpty() && isReplicas(setting) && property != null && !String.valueOf(property.getValue()).isBlank()) {
					connection.replicasNamed = true;
				}
			});
		}
		return connections;
	}

	/** In {@code music.catalog.pool.maximum.pool.size} the name is {@code music.catalog}: it ends before the first setting. */
	private static int environmentNameEnd(List<String> elements) {
		for (int i = 1; i < elements.size(); i++) {
			String rest = ConnectionNames.key(String.join("", elements.subList(i, elements.size())));
			if (SCALAR_SETTINGS.contains(rest) || GROUPS.contains(ConnectionNames.key(elements.get(i)))
					|| isReplicas(elements.subList(i, elements.size()))) {
				return i;
			}
		}
		return elements.size();
	}

	/** {@code replicas}, or one element of it ({@code replicas[0]}, {@code REPLICAS_0}). */
	private static boolean isReplicas(List<String> setting) {
		return REPLICAS.equals(ConnectionNames.key(setting.get(0)))
				&& (setting.size() == 1 || (setting.size() == 2 && setting.get(1).matches("\\[?\\d+]?")));
	}

	private static Duration duration(String property, String value) {
		return duration(property, value, "Give a duration such as 10m, 30s or 500ms (0 turns the bound off).");
	}

	private static Duration duration(String property, String value, String fix) {
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(value.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new DatabaseConfigurationException(property, "'" + value + "' is not a duration", fix);
		}
		if (duration.isNegative()) {
			throw new DatabaseConfigurationException(property, "'" + value + "' is negative", fix);
		}
		return duration;
	}

	private static Duration checked(String property, Duration duration) {
		if (duration.isNegative()) {
			throw new DatabaseConfigurationException(property, "'" + duration + "' is negative",
					"Give a duration such as 10m, 30s or 500ms (0 turns the bound off).");
		}
		return duration;
	}

	private static DdlAuto ddlAuto(String property, String value) {
		DdlAuto ddlAuto = DdlAuto.parse(value);
		if (ddlAuto == null) {
			throw new DatabaseConfigurationException(property, "'" + value + "' is not a schema action",
					"Use one of " + DdlAuto.choices() + ".");
		}
		return ddlAuto;
	}

	/** A connection's settings as written, before they are checked; higher-precedence sources write first. */
	private static final class RawConnection {

		private final String name;

		private final Environment environment;

		private final Map<String, String> values = new LinkedHashMap<>();

		/** The property each value came from, for messages: the short form's is the connection's own. */
		private final Map<String, String> properties = new HashMap<>();

		/** pool.* and flyway.* keys, by group. */
		private final Map<String, Map<String, String>> groups = new LinkedHashMap<>();

		/** The replica URLs by index, from {@link #replicasSource} alone. */
		private final Map<Integer, String> replicas = new TreeMap<>();

		private final Map<Integer, String> replicaProperties = new HashMap<>();

		private ConfigurationPropertySource replicasSource;

		/** Whether any source names a replica (read without values). */
		private boolean replicasNamed;

		RawConnection(String name, Environment environment) {
			this.name = name;
			this.environment = environment;
		}

		String name() {
			return this.name;
		}

		void putIfAbsent(ConfigurationPropertySource source, List<String> setting, boolean environmentVariable, Object value) {
			String property = PREFIX + "." + this.name + (setting.isEmpty() ? "" : "." + String.join(".", setting));
			if (setting.isEmpty()) {
				put("url", property, value);
				return;
			}
			if (isReplicas(setting)) {
				putReplicas(source, setting, property, value);
				return;
			}
			String first = ConnectionNames.key(setting.get(0));
			String whole = ConnectionNames.key(String.join("", setting));
			if (SCALAR_SETTINGS.contains(whole) && !CREDENTIALS_AND_URL.contains(whole)) {
				put(whole, property, value);
			}
			else if (GROUPS.contains(first) && setting.size() > 1) {
				// an environment variable's POOL_MAXIMUM_POOL_SIZE arrives as maximum.pool.size
				List<String> key = setting.subList(1, setting.size());
				this.groups.computeIfAbsent(first, (group) -> new LinkedHashMap<>())
					.putIfAbsent(String.join(environmentVariable ? "-" : ".", key), resolve(property, value));
			}
			else if (setting.size() == 1 && CREDENTIALS_AND_URL.contains(first)) {
				put(first, property, value);
			}
			else {
				throw new DatabaseConfigurationException(property, "'" + String.join(".", setting) + "' is not a connection setting",
						"The settings of a connection are " + KEYS + "; or give the whole connection as one URL.");
			}
		}

		/** A list from one source replaces a lower source's whole list, as Spring Boot binds lists. */
		private void putReplicas(ConfigurationPropertySource source, List<String> setting, String property, Object value) {
			if (this.replicasSource == null) {
				this.replicasSource = source;
			}
			if (this.replicasSource != source) {
				return;
			}
			String text = resolve(property, value).trim();
			if (setting.size() == 2) {
				int index = Integer.parseInt(setting.get(1).replaceAll("[\\[\\]]", ""));
				this.replicas.put(index, text);
				this.replicaProperties.put(index, PREFIX + "." + this.name + ".replicas[" + index + "]");
				return;
			}
			int index = 0;
			for (String url : text.isEmpty() ? new String[0] : REPLICA_SEPARATOR.split(text)) {
				this.replicas.put(index, url.trim());
				this.replicaProperties.put(index++, property);
			}
		}

		private Map<String, String> group(String name) {
			return Map.copyOf(this.groups.getOrDefault(name, Map.of()));
		}

		private void put(String key, String property, Object value) {
			if (!this.values.containsKey(key)) {
				this.values.put(key, resolve(property, value));
				this.properties.put(key, property);
			}
		}

		private String resolve(String property, Object value) {
			String text = (value != null) ? value.toString() : "";
			try {
				return this.environment.resolveRequiredPlaceholders(text);
			}
			catch (IllegalArgumentException ex) {
				throw new DatabaseConfigurationException(property, ex.getMessage(),
						"Define the placeholder's property or environment variable, or give the value directly.");
			}
		}

		ConnectionSettings toSettings(DdlAuto defaultDdlAuto, Duration defaultIdleInTransactionTimeout) {
			String property = PREFIX + "." + this.name;
			String url = this.values.get("url");
			if (url == null || url.isBlank()) {
				throw new DatabaseConfigurationException(this.properties.getOrDefault("url", property + ".url"),
						(url == null) ? "the connection has no URL" : "the value is empty",
						"Give the connection a URL: " + PostgresUrl.FORMS + ".");
			}
			String ddlAutoValue = this.values.get("ddlauto");
			DdlAuto ddlAuto = (ddlAutoValue != null) ? ddlAuto(this.properties.get("ddlauto"), ddlAutoValue) : defaultDdlAuto;
			Duration idleInTransactionTimeout = this.values.containsKey("idleintransactiontimeout")
					? duration(this.properties.get("idleintransactiontimeout"), this.values.get("idleintransactiontimeout"))
					: defaultIdleInTransactionTimeout;
			String username = this.values.get("username");
			String password = this.values.get("password");
			Pooler pooler = pooler();
			boolean embedded = url.trim().equalsIgnoreCase(EMBEDDED);
			if (embedded && pooler != Pooler.NONE) {
				throw new DatabaseConfigurationException(this.properties.get("pooler"),
						"connection " + this.name + " is embedded: the library starts that server, with no pooler in front of it",
						"Remove the connection's pooler, or give it the pooler's URL.");
			}
			PostgresUrl parsed = embedded ? new PostgresUrl(null, null, null) : PostgresUrl.parse(this.properties.get("url"), url);
			username = (username != null) ? username : parsed.username();
			password = (password != null) ? password : parsed.password();
			Duration maxLag = this.values.containsKey("maxlag")
					? duration(this.properties.get("maxlag"), this.values.get("maxlag"), "Give a duration such as 10s or 500ms.")
					: ConnectionSettings.DEFAULT_MAX_LAG;
			if (maxLag.isZero()) {
				throw new DatabaseConfigurationException(this.properties.get("maxlag"), "a replica cannot be 0 behind its primary",
						"Give how far behind a replica may be, such as 10s or 500ms.");
			}
			Duration readYourWritesWait = this.values.containsKey("readyourwriteswait")
					? duration(this.properties.get("readyourwriteswait"), this.values.get("readyourwriteswait"),
							"Give a duration such as 20ms (0: never wait, read from the primary).")
					: ConnectionSettings.DEFAULT_READ_YOUR_WRITES_WAIT;
			ConnectionSettings settings = new ConnectionSettings(this.name, parsed.jdbcUrl(), username, password, ddlAuto,
					idleInTransactionTimeout, group("pool"), group("flyway"), group("repositories"), pooler,
					direct(pooler, username, password), replicas(embedded, username, password), maxLag, readYourWritesWait);
			HikariPools.hikariConfig(settings, settings.embedded() ? "jdbc:postgresql://localhost/embedded" : settings.jdbcUrl());
			return settings;
		}

		private Pooler pooler() {
			String value = this.values.get("pooler");
			if (value == null) {
				return Pooler.NONE;
			}
			Pooler pooler = Pooler.parse(value);
			if (pooler == null) {
				throw new DatabaseConfigurationException(this.properties.get("pooler"), "'" + value + "' is not a pooler",
						"Use one of " + Pooler.choices() + " (pgbouncer-transaction: PgBouncer with pool_mode = transaction).");
			}
			return pooler;
		}

		/**
		 * The server past the pooler: schema actions and Flyway need a session of their own (Flyway's
		 * lock is a session advisory lock), and the bouncer's role often may not change the schema.
		 */
		private ConnectionSettings.Direct direct(Pooler pooler, String username, String password) {
			String value = this.values.get("directurl");
			String property = PREFIX + "." + this.name + ".direct-url";
			if (pooler == Pooler.NONE) {
				if (value != null) {
					throw new DatabaseConfigurationException(this.properties.get("directurl"),
							"a direct URL is for a connection through a pooler, and connection " + this.name + " has none",
							"Set " + PREFIX + "." + this.name + ".pooler: pgbouncer-transaction if its URL is PgBouncer's,"
									+ " or remove the direct-url.");
				}
				return null;
			}
			if (value == null || value.isBlank()) {
				throw new DatabaseConfigurationException(property,
						"connection " + this.name + " goes through PgBouncer in transaction mode (pooler: " + pooler.value()
								+ ") and has no direct URL: schema actions and Flyway migrations need a session of their own on the"
								+ " server, which a transaction pooler does not give (Flyway's lock is a session advisory lock)",
						"Add " + property + ": the PostgreSQL server's own URL, past the bouncer (postgresql://host:5432/database or"
								+ " jdbc:postgresql://host:5432/database); the connection's user and password apply unless it names a user.");
			}
			PostgresUrl parsed = PostgresUrl.parse(this.properties.get("directurl"), value);
			boolean ownCredentials = parsed.username() != null;
			return new ConnectionSettings.Direct(parsed.jdbcUrl(), ownCredentials ? parsed.username() : username,
					ownCredentials ? parsed.password() : password);
		}

		/** The replicas, named replica-1, replica-2, … in order; each inherits the connection's credentials unless its URL gives its own. */
		private List<ReplicaSettings> replicas(boolean embeddedPrimary, String username, String password) {
			List<ReplicaSettings> replicas = new ArrayList<>();
			for (Map.Entry<Integer, String> replica : this.replicas.entrySet()) {
				String property = this.replicaProperties.get(replica.getKey());
				String url = replica.getValue();
				String name = "replica-" + (replicas.size() + 1);
				if (url.isEmpty()) {
					throw new DatabaseConfigurationException(property, "a replica's URL is empty",
							"Give each replica a URL: " + PostgresUrl.FORMS + "; or remove the entry.");
				}
				if (url.equalsIgnoreCase(EMBEDDED)) {
					if (!embeddedPrimary) {
						throw new DatabaseConfigurationException(property,
								"an embedded replica is a standby of the embedded server, and this connection is not embedded",
								"Set the connection's url to embedded too, or give the replica a server's URL.");
					}
					if (replicas.stream().anyMatch(ReplicaSettings::embedded)) {
						throw new DatabaseConfigurationException(property, "the embedded server has one standby",
								"Name embedded once among the connection's replicas.");
					}
					replicas.add(new ReplicaSettings(name, null, username, password));
					continue;
				}
				PostgresUrl parsed = PostgresUrl.parse(property, url);
				replicas.add(new ReplicaSettings(name, parsed.jdbcUrl(), (parsed.username() != null) ? parsed.username() : username,
						(parsed.password() != null) ? parsed.password() : password));
			}
			return List.copyOf(replicas);
		}

	}

}
