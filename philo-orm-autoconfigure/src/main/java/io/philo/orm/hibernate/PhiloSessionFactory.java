package io.philo.orm.hibernate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.philo.orm.connection.ConnectionNames;
import io.philo.orm.connection.DdlAuto;
import io.philo.orm.replica.ConnectionReplicas;
import io.philo.orm.replica.PhiloReplicas;
import org.hibernate.SessionFactory;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.model.naming.PhysicalNamingStrategySnakeCaseImpl;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.tool.schema.Action;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;

/**
 * The one Hibernate SessionFactory of the application, over every connection's pool: each
 * connection is a tenant (Hibernate's DATABASE multi-tenancy), so an extra database costs a pool and
 * two small objects, not a second mapping. Also runs each connection's schema action
 * ({@code ddl-auto}, {@code syncdb}) on that connection alone.
 */
public final class PhiloSessionFactory implements DisposableBean {

	/** Settings every connection gets unless {@code spring.jpa.properties} or a customizer says otherwise. */
	public static Map<String, Object> defaultSettings() {
		Map<String, Object> settings = new HashMap<>();
		settings.put(AvailableSettings.DIALECT, PhiloPostgreSQLDialect.class.getName());
		settings.put(AvailableSettings.PHYSICAL_NAMING_STRATEGY, PhysicalNamingStrategySnakeCaseImpl.class.getName());
		settings.put(AvailableSettings.IMPLICIT_NAMING_STRATEGY, PhiloImplicitNamingStrategy.class.getName());
		// inserts and updates go to the server in JDBC batches (rewritten as multi-row statements by the driver)
		settings.put(AvailableSettings.STATEMENT_BATCH_SIZE, 50);
		settings.put(AvailableSettings.ORDER_INSERTS, true);
		settings.put(AvailableSettings.ORDER_UPDATES, true);
		settings.put(AvailableSettings.HBM2DDL_HALT_ON_ERROR, true);
		// PostgreSQL's notices ("constraint … does not exist, skipping" during schema updates) are not warnings
		settings.put(AvailableSettings.LOG_JDBC_WARNINGS, false);
		return settings;
	}

	private final Map<String, DataSource> dataSources;

	private final Map<String, DataSource> schemaDataSources;

	private final Map<String, ConnectionEntityManagerFactory> entityManagerFactories = new LinkedHashMap<>();

	private final Set<String> dropOnClose = new LinkedHashSet<>();

	private final Metadata metadata;

	private final SessionFactory sessionFactory;

	/**
	 * @param dataSources each connection's pool by connection name
	 * @param schemaDataSources where each connection's schema actions run: its pool, or the server
	 * past its transaction pooler
	 * @param replicas the read replicas of the connections that have some
	 * @param managedTypes the entity classes and packages to map
	 * @param settings Hibernate settings (over {@link #defaultSettings()})
	 * @param returnWrittenRows whether INSERTs and UPDATEs return the rows they wrote (see
	 * {@link HibernateAdapter#returnWrittenColumns})
	 */
	public PhiloSessionFactory(Map<String, DataSource> dataSources, Map<String, DataSource> schemaDataSources,
			PhiloReplicas replicas, PersistenceManagedTypes managedTypes, Map<String, Object> settings, boolean returnWrittenRows) {
		this.dataSources = dataSources;
		this.schemaDataSources = schemaDataSources;
		Map<String, Object> all = new HashMap<>(settings);
		// a connection with replicas hands its sessions the pool of the read they run, if any (see ConnectionReplicas)
		all.put(AvailableSettings.MULTI_TENANT_CONNECTION_PROVIDER,
				HibernateAdapter.connectionProvider(dataSources.get(ConnectionNames.DEFAULT), (name) -> {
					ConnectionReplicas connectionReplicas = replicas.of(name);
					return (connectionReplicas != null) ? connectionReplicas.dataSource() : dataSources.get(name);
				}));
		StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(all).build();
		MetadataSources sources = new MetadataSources(registry);
		managedTypes.getManagedClassNames().forEach(sources::addAnnotatedClassName);
		managedTypes.getManagedPackages().forEach(sources::addPackage);
		this.metadata = sources.getMetadataBuilder().build();
		if (returnWrittenRows) {
			HibernateAdapter.returnWrittenColumns(this.metadata);
		}
		this.sessionFactory = this.metadata.getSessionFactoryBuilder().build();
		dataSources.forEach((name, dataSource) -> this.entityManagerFactories.put(name,
				new ConnectionEntityManagerFactory(name, this.sessionFactory, dataSource, replicas.of(name))));
	}

	/** The EntityManagerFactory of the named connection (its configured, upper-case name). */
	public ConnectionEntityManagerFactory entityManagerFactory(String connectionName) {
		return this.entityManagerFactories.get(connectionName);
	}

	/** The pool of the named connection (its configured, upper-case name). */
	public DataSource dataSource(String connectionName) {
		return this.dataSources.get(connectionName);
	}

	/** The shared SessionFactory. */
	public SessionFactory getSessionFactory() {
		return this.sessionFactory;
	}

	/**
	 * Applies a connection's start-up schema action; {@code create-drop} also drops the tables at close.
	 * @throws IllegalStateException naming the connection, if the action failed
	 */
	public void applyDdlAuto(String connectionName, DdlAuto ddlAuto) {
		Action action = switch (ddlAuto) {
			case NONE -> null;
			case VALIDATE -> Action.VALIDATE;
			case UPDATE -> Action.UPDATE;
			case CREATE, CREATE_DROP -> Action.CREATE;
		};
		if (action == null) {
			return;
		}
		applySchemaAction(connectionName, action);
		if (ddlAuto == DdlAuto.CREATE_DROP) {
			this.dropOnClose.add(connectionName);
		}
	}

	/** Creates the missing tables, columns and constraints of every model on the named connection. */
	public void createMissingTables(String connectionName) {
		applySchemaAction(connectionName, Action.UPDATE);
	}

	private void applySchemaAction(String connectionName, Action action) {
		try (Connection connection = this.schemaDataSources.get(connectionName).getConnection()) {
			Map<String, Object> configuration = new HashMap<>(this.sessionFactory.getProperties());
			configuration.put(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, action);
			configuration.put(AvailableSettings.JAKARTA_HBM2DDL_SCRIPTS_ACTION, Action.NONE);
			// the schema tool works on this connection's database, not on the SessionFactory's "any" connection
			configuration.put(AvailableSettings.JAKARTA_HBM2DDL_CONNECTION, connection);
			HibernateAdapter.applySchemaAction(this.metadata, this.sessionFactory, configuration);
		}
		catch (SQLException | RuntimeException ex) {
			throw new IllegalStateException("The schema action '" + action.getExternalHbm2ddlName() + "' failed on connection "
					+ connectionName + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void destroy() {
		try {
			this.dropOnClose.forEach((name) -> applySchemaAction(name, Action.DROP));
		}
		finally {
			this.sessionFactory.close();
		}
	}

}
