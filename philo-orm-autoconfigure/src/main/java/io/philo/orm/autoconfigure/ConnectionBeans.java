package io.philo.orm.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;
import io.philo.orm.connection.ConnectionSettings;
import io.philo.orm.connection.DdlAuto;
import io.philo.orm.connection.PhiloDatabases;
import io.philo.orm.hibernate.ConnectionEntityManagerFactory;
import io.philo.orm.hibernate.PhiloSessionFactory;
import io.philo.orm.pool.ConnectionTransactionManager;
import io.philo.orm.replica.ConnectionReplicas;
import io.philo.orm.replica.PhiloReplicas;
import org.hibernate.cfg.AvailableSettings;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.core.env.Environment;
import org.springframework.orm.jpa.hibernate.SpringBeanContainer;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.util.ClassUtils;

/**
 * The beans {@link PhiloDatabasesRegistrar} registers for each connection, made by static factory
 * methods whose arguments are a connection's name and beans: definitions Spring's AOT processing
 * can turn into code (an instance supplier it cannot), so an application using philo-orm runs with
 * {@code spring.aot.enabled}.
 */
final class ConnectionBeans {

	private ConnectionBeans() {
	}

	/**
	 * The configured connections. An application processed ahead of time has the beans of the
	 * connections configured then: it must be started with the same ones.
	 * @param registeredNames the names of the connections whose beans were registered, comma-separated
	 */
	static PhiloDatabases databases(String registeredNames, Environment environment) {
		PhiloDatabases databases = new PhiloDatabases(ConnectionSettingsReader.read(environment));
		String names = String.join(",", databases.names());
		if (!names.equals(registeredNames)) {
			throw new DatabaseConfigurationException(ConnectionSettings.PROPERTY_PREFIX,
					"the application was processed ahead of time (Spring AOT) with the connections [" + registeredNames
							+ "], but the configuration now names [" + names + "]",
					"Configure the same connections, or run the AOT processing (spring-boot:process-aot) again with these.");
		}
		return databases;
	}

	static HikariDataSource dataSource(String connectionName, PhiloDatabases databases, BeanFactory beanFactory) {
		ConnectionSettings connection = databases.find(connectionName);
		String url = connection.embedded() ? beanFactory.getBean(EmbeddedPostgresServer.class).createDatabase(connection.name())
				: connection.jdbcUrl();
		HikariConfig config = HikariPools.hikariConfig(connection, url);
		if (connection.embedded() && config.getUsername() == null) {
			config.setUsername(EmbeddedPostgresServer.USER);
		}
		HikariDataSource dataSource;
		try {
			dataSource = new HikariDataSource(config);
		}
		catch (PoolInitializationException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new DatabaseConfigurationException(connection.property(),
					"connection " + connection.name() + " cannot reach its database at " + url + ": " + cause.getMessage(),
					"Check that the PostgreSQL server is running and reachable, and the connection's URL, user and password.", ex);
		}
		catch (IllegalArgumentException ex) {
			throw new DatabaseConfigurationException(connection.property() + ".pool", ex.getMessage(),
					"Fix that HikariCP setting of the connection.", ex);
		}
		if (connection.throughTransactionPooler()) {
			TransactionPooler.checkIdleTransactionBound(connection, dataSource);
		}
		return dataSource;
	}

	/** The read replicas' pools of the connections that have some. */
	static PhiloReplicas replicas(PhiloDatabases databases, ConfigurableListableBeanFactory beanFactory) {
		Map<String, ConnectionReplicas> replicas = new LinkedHashMap<>();
		EmbeddedPostgresServer embedded = beanFactory.getBeanProvider(EmbeddedPostgresServer.class).getIfAvailable();
		try {
			for (String name : databases.names()) {
				ConnectionSettings connection = databases.find(name);
				if (!connection.replicas().isEmpty()) {
					replicas.put(name, ReplicaPools.create(connection,
							beanFactory.getBean(PhiloDatabasesRegistrar.dataSourceBean(name), DataSource.class), embedded));
				}
			}
		}
		catch (RuntimeException ex) {
			new PhiloReplicas(replicas).destroy();
			throw ex;
		}
		return new PhiloReplicas(replicas);
	}

	/** The SessionFactory of every connection, after each connection's migrations, with its schema actions applied. */
	static PhiloSessionFactory sessionFactory(PhiloDatabases databases, ConfigurableListableBeanFactory beanFactory,
			Environment environment) {
		Map<String, DataSource> dataSources = new LinkedHashMap<>();
		Map<String, DataSource> schemaDataSources = new LinkedHashMap<>();
		databases.names().forEach((name) -> {
			dataSources.put(name, beanFactory.getBean(PhiloDatabasesRegistrar.dataSourceBean(name), DataSource.class));
			schemaDataSources.put(name, PhiloDatabasesRegistrar.schemaDataSource(databases.find(name), beanFactory));
		});
		Map<String, Object> settings = PhiloSessionFactory.defaultSettings();
		settings.put(AvailableSettings.BEAN_CONTAINER, new SpringBeanContainer(beanFactory));
		PhiloOrmProperties orm = beanFactory.getBean(PhiloOrmProperties.class);
		settings.put(AvailableSettings.GENERATE_STATISTICS, orm.isStatistics());
		settings.put(AvailableSettings.DEFAULT_BATCH_FETCH_SIZE, orm.getBatchFetchSize());
		settings.putAll(Binder.get(environment)
			.bind("spring.jpa.properties", Bindable.mapOf(String.class, String.class))
			.orElse(Map.of()));
		beanFactory.getBeanProvider(HibernatePropertiesCustomizer.class)
			.orderedStream()
			.forEach((customizer) -> customizer.customize(settings));
		PhiloSessionFactory sessionFactory = new PhiloSessionFactory(dataSources, schemaDataSources,
				beanFactory.getBean(PhiloReplicas.class), beanFactory.getBean(PersistenceManagedTypes.class), settings,
				orm.isReturnWrittenRows());
		boolean flyway = ClassUtils.isPresent(FlywayMigrations.FLYWAY_CLASS, beanFactory.getBeanClassLoader());
		try {
			for (String name : databases.names()) {
				if (flyway) {
					FlywayMigrations.migrate(databases.find(name), beanFactory);
				}
				applyDdlAuto(sessionFactory, databases.find(name));
			}
		}
		catch (RuntimeException ex) {
			sessionFactory.destroy();
			throw ex;
		}
		return sessionFactory;
	}

	static ConnectionEntityManagerFactory entityManagerFactory(String connectionName, PhiloSessionFactory sessionFactory) {
		return sessionFactory.entityManagerFactory(connectionName);
	}

	static ConnectionTransactionManager transactionManager(String connectionName, BeanFactory beanFactory) {
		return new ConnectionTransactionManager(
				beanFactory.getBean(PhiloDatabasesRegistrar.entityManagerFactoryBean(connectionName), ConnectionEntityManagerFactory.class));
	}

	private static void applyDdlAuto(PhiloSessionFactory sessionFactory, ConnectionSettings connection) {
		try {
			sessionFactory.applyDdlAuto(connection.name(), connection.ddlAuto());
		}
		catch (IllegalStateException ex) {
			throw new DatabaseConfigurationException(connection.property() + ".ddl-auto", ex.getMessage(),
					"Fix the schema of that database, or change the connection's ddl-auto (" + DdlAuto.choices() + ").", ex);
		}
	}

}
