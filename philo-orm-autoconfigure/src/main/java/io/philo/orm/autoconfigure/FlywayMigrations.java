package io.philo.orm.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.philo.orm.connection.ConnectionSettings;
import io.philo.orm.connection.PhiloDatabases;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.StringUtils;

/**
 * Flyway per connection: each database migrates at start-up from {@code classpath:db/migration/<name>}
 * (the connection's name in lower case) or its {@code flyway.locations}, before any schema action;
 * through a transaction pooler, on the connection's direct URL.
 * Other {@code flyway.*} keys are Flyway's own settings in kebab case ({@code baseline-on-migrate},
 * {@code table}, …). Loaded only when Flyway is on the classpath.
 */
final class FlywayMigrations {

	static final String FLYWAY_CLASS = "org.flywaydb.core.Flyway";

	private FlywayMigrations() {
	}

	/** The connection's default migration folder. */
	private static String defaultLocation(ConnectionSettings connection) {
		return "classpath:db/migration/" + connection.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether the connection migrates: {@code flyway.enabled} if set, else whether it names its
	 * locations or its default folder holds scripts (a database without migrations gets no history table).
	 */
	private static boolean enabled(ConnectionSettings connection, ClassLoader classLoader) {
		String enabled = connection.flyway().get("enabled");
		if (enabled != null) {
			return Boolean.parseBoolean(enabled.trim());
		}
		if (connection.flyway().containsKey("locations")) {
			return true;
		}
		try {
			String folder = defaultLocation(connection).substring("classpath:".length());
			return new PathMatchingResourcePatternResolver(classLoader).getResources("classpath*:" + folder + "/**/*.sql").length > 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Registers the connection's Flyway bean if it migrates; returns the bean's name. */
	static Optional<String> register(ConnectionSettings connection, BeanDefinitionRegistry registry,
			ConfigurableListableBeanFactory beanFactory) {
		ClassLoader classLoader = beanFactory.getBeanClassLoader();
		if (!enabled(connection, classLoader)) {
			return Optional.empty();
		}
		RootBeanDefinition flyway = PhiloDatabasesRegistrar.definition(connection, FlywayMigrations.class, Flyway.class, "flyway");
		flyway.setDependsOn(PhiloDatabasesRegistrar.dataSourceBean(connection.name()));
		String name = PhiloDatabasesRegistrar.flywayBean(connection.name());
		registry.registerBeanDefinition(name, flyway);
		return Optional.of(name);
	}

	/** Migrates the connection if it has a Flyway bean. */
	static void migrate(ConnectionSettings connection, BeanFactory beanFactory) {
		String name = PhiloDatabasesRegistrar.flywayBean(connection.name());
		if (beanFactory.containsBean(name)) {
			migrate(connection, beanFactory.getBean(name, Flyway.class));
		}
	}

	/** The connection's Flyway (a bean, see {@link ConnectionBeans}). */
	static Flyway flyway(String connectionName, PhiloDatabases databases, ConfigurableListableBeanFactory beanFactory) {
		ConnectionSettings connection = databases.find(connectionName);
		DataSource dataSource = PhiloDatabasesRegistrar.schemaDataSource(connection, beanFactory);
		ClassLoader classLoader = beanFactory.getBeanClassLoader();
		Map<String, String> configuration = new HashMap<>();
		connection.flyway().forEach((key, value) -> {
			if (!key.equals("enabled") && !key.equals("locations")) {
				configuration.put("flyway." + camelCase(key), value);
			}
		});
		String locations = connection.flyway().getOrDefault("locations", defaultLocation(connection));
		try {
			return Flyway.configure(classLoader)
				.configuration(configuration)
				.locations(StringUtils.commaDelimitedListToStringArray(locations.replace(" ", "")))
				.dataSource(dataSource)
				.load();
		}
		catch (FlywayException ex) {
			throw new DatabaseConfigurationException(connection.property() + ".flyway", ex.getMessage(),
					"Use Flyway's settings in kebab case, e.g. flyway.baseline-on-migrate: true.", ex);
		}
	}

	private static void migrate(ConnectionSettings connection, Flyway flyway) {
		try {
			flyway.migrate();
		}
		catch (FlywayException ex) {
			throw new DatabaseConfigurationException(connection.property() + ".flyway",
					"the migration of connection " + connection.name() + " failed: " + ex.getMessage(),
					"Fix the script named above (or the database), then start again: Flyway applies what is pending.", ex);
		}
	}

	private static String camelCase(String kebab) {
		StringBuilder camel = new StringBuilder();
		boolean upper = false;
		for (char c : kebab.toCharArray()) {
			if (c == '-' || c == '.' || c == '_') {
				upper = true;
			}
			else {
				camel.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return camel.toString();
	}

}
