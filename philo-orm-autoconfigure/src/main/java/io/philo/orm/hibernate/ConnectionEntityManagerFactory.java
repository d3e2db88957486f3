package io.philo.orm.hibernate;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.sql.DataSource;

import io.philo.orm.replica.ConnectionReplicas;
import jakarta.persistence.Cache;
import jakarta.persistence.EntityGraph;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnitTransactionType;
import jakarta.persistence.PersistenceUnitUtil;
import jakarta.persistence.Query;
import jakarta.persistence.SchemaManager;
import jakarta.persistence.SynchronizationType;
import jakarta.persistence.TypedQueryReference;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.spi.PersistenceProvider;
import jakarta.persistence.spi.PersistenceUnitInfo;
import org.hibernate.Interceptor;
import org.hibernate.Session;
import org.hibernate.SessionBuilder;
import org.hibernate.SessionFactory;

import org.springframework.orm.jpa.EntityManagerFactoryInfo;
import org.springframework.orm.jpa.JpaDialect;
import org.springframework.orm.jpa.vendor.HibernateJpaDialect;

/**
 * The EntityManagerFactory of one connection: a view of the one Hibernate SessionFactory shared by
 * every connection, whose EntityManagers are sessions on this connection's pool (Hibernate
 * multi-tenancy, the connection's name being the tenant). Sharing the SessionFactory is what keeps
 * an extra database cheap: the mapping, metamodel and query plans are built once.
 *
 * <p>Spring sees an ordinary factory: {@code JpaTransactionManager}, shared EntityManagers and
 * Spring Data repositories bind their resources to this object, so each connection's transactions
 * stay its own.
 */
public final class ConnectionEntityManagerFactory implements EntityManagerFactory, EntityManagerFactoryInfo {

	private static final JpaDialect JPA_DIALECT = new HibernateJpaDialect();

	private final String connectionName;

	private final SessionFactory sessionFactory;

	private final DataSource dataSource;

	private final ConnectionReplicas replicas;

	ConnectionEntityManagerFactory(String connectionName, SessionFactory sessionFactory, DataSource dataSource,
			ConnectionReplicas replicas) {
		this.connectionName = connectionName;
		this.sessionFactory = sessionFactory;
		this.dataSource = dataSource;
		this.replicas = replicas;
	}

	/** The connection's read replicas, or null when it has none. */
	public ConnectionReplicas replicas() {
		return this.replicas;
	}

	/** The name of the connection whose sessions this factory opens. */
	public String getConnectionName() {
		return this.connectionName;
	}

	@Override
	public EntityManager createEntityManager() {
		return sessionBuilder().openSession();
	}

	/** A session on this connection that reports its writes to the given interceptor. */
	public Session openSession(Interceptor interceptor) {
		return sessionBuilder().interceptor(interceptor).openSession();
	}

	/**
	 * A builder of sessions on this connection. The tenant is passed as an {@code Object}: the
	 * {@code String} overload of {@code tenantIdentifier} is deprecated for removal.
	 */
	private SessionBuilder sessionBuilder() {
		Object tenant = this.connectionName;
		return this.sessionFactory.withOptions().tenantIdentifier(tenant);
	}

	@Override
	public EntityManager createEntityManager(Map<?, ?> map) {
		EntityManager entityManager = createEntityManager();
		if (map != null) {
			map.forEach((key, value) -> entityManager.setProperty(key.toString(), value));
		}
		return entityManager;
	}

	@Override
	public EntityManager createEntityManager(SynchronizationType synchronizationType) {
		return createEntityManager();
	}

	@Override
	public EntityManager createEntityManager(SynchronizationType synchronizationType, Map<?, ?> map) {
		return createEntityManager(map);
	}

	@Override
	public EntityManager createNativeEntityManager(Map<?, ?> properties) {
		return createEntityManager(properties);
	}

	@Override
	public void runInTransaction(Consumer<EntityManager> work) {
		callInTransaction((entityManager) -> {
			work.accept(entityManager);
			return null;
		});
	}

	@Override
	public <R> R callInTransaction(Function<EntityManager, R> work) {
		try (EntityManager entityManager = createEntityManager()) {
			entityManager.getTransaction().begin();
			try {
				R result = work.apply(entityManager);
				entityManager.getTransaction().commit();
				return result;
			}
			catch (RuntimeException | Error ex) {
				if (entityManager.getTransaction().isActive()) {
					entityManager.getTransaction().rollback();
				}
				throw ex;
			}
		}
	}

	@Override
	public CriteriaBuilder getCriteriaBuilder() {
		return this.sessionFactory.getCriteriaBuilder();
	}

	@Override
	public Metamodel getMetamodel() {
		return this.sessionFactory.getMetamodel();
	}

	@Override
	public boolean isOpen() {
		return this.sessionFactory.isOpen();
	}

	/** Does nothing: the shared SessionFactory is closed with the application context. */
	@Override
	public void close() {
	}

	@Override
	public String getName() {
		return this.connectionName;
	}

	@Override
	public Map<String, Object> getProperties() {
		return this.sessionFactory.getProperties();
	}

	@Override
	public Cache getCache() {
		return this.sessionFactory.getCache();
	}

	@Override
	public PersistenceUnitUtil getPersistenceUnitUtil() {
		return this.sessionFactory.getPersistenceUnitUtil();
	}

	@Override
	public PersistenceUnitTransactionType getTransactionType() {
		return PersistenceUnitTransactionType.RESOURCE_LOCAL;
	}

	@Override
	public SchemaManager getSchemaManager() {
		return this.sessionFactory.getSchemaManager();
	}

	@Override
	public void addNamedQuery(String name, Query query) {
		this.sessionFactory.addNamedQuery(name, query);
	}

	@Override
	public <T> T unwrap(Class<T> type) {
		return type.isInstance(this) ? type.cast(this) : this.sessionFactory.unwrap(type);
	}

	@Override
	public <T> void addNamedEntityGraph(String graphName, EntityGraph<T> entityGraph) {
		this.sessionFactory.addNamedEntityGraph(graphName, entityGraph);
	}

	@Override
	public <R> Map<String, TypedQueryReference<R>> getNamedQueries(Class<R> resultType) {
		return this.sessionFactory.getNamedQueries(resultType);
	}

	@Override
	public <E> Map<String, EntityGraph<? extends E>> getNamedEntityGraphs(Class<E> entityType) {
		return this.sessionFactory.getNamedEntityGraphs(entityType);
	}

	@Override
	public PersistenceProvider getPersistenceProvider() {
		return null;
	}

	@Override
	public PersistenceUnitInfo getPersistenceUnitInfo() {
		return null;
	}

	@Override
	public String getPersistenceUnitName() {
		return this.connectionName;
	}

	@Override
	public DataSource getDataSource() {
		return this.dataSource;
	}

	@Override
	public Class<? extends EntityManager> getEntityManagerInterface() {
		return Session.class;
	}

	@Override
	public JpaDialect getJpaDialect() {
		return JPA_DIALECT;
	}

	@Override
	public ClassLoader getBeanClassLoader() {
		return this.sessionFactory.getClass().getClassLoader();
	}

	/** This factory: its sessions are on its connection, which the shared SessionFactory's own would not be. */
	@Override
	public EntityManagerFactory getNativeEntityManagerFactory() {
		return this;
	}

	@Override
	public String toString() {
		return "ConnectionEntityManagerFactory[" + this.connectionName + "]";
	}

}
