package io.philo.orm.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.observation.ObservationRegistry;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.philo.orm.connection.PhiloDatabases;
import io.philo.orm.connection.Pooler;
import io.philo.orm.hibernate.PhiloSessionFactory;
import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.pool.PoolScope;
import io.philo.orm.pool.PoolScopeTaskDecorator;
import io.philo.orm.pool.PoolScopeTaskScheduler;
import io.philo.orm.pool.PoolSessionsFilter;
import io.philo.orm.replica.ConnectionReplicas;
import io.philo.orm.replica.PhiloReplicas;
import io.philo.orm.replica.Replica;
import org.hibernate.SessionFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.persistence.autoconfigure.EntityScanPackages;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.dao.support.PersistenceExceptionTranslator;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.hibernate.HibernateExceptionTranslator;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypesScanner;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every PostgreSQL database named under {@code philo.databases.postgresql} gets a pool, an
 * EntityManagerFactory and a transaction manager (see {@link PhiloDatabasesRegistrar}). Ordered
 * before Spring Boot's DataSource and JPA auto-configuration, which then back off; an application
 * that sets no {@code philo.databases} is left exactly as Boot configures it.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
		"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
		"org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration" })
@ConditionalOnClass({ HikariDataSource.class, SessionFactory.class, JpaTransactionManager.class })
@Conditional(PhiloOrmAutoConfiguration.OnPhiloDatabasesCondition.class)
@EnableConfigurationProperties(PhiloOrmProperties.class)
@Import(PhiloDatabasesRegistrar.class)
@ImportRuntimeHints(PhiloOrmRuntimeHints.class)
public class PhiloOrmAutoConfiguration {

	/**
	 * The column types of the starter ({@code PasswordHash}'s converter): mapped by philo-orm's
	 * SessionFactory only, so that an application that does not configure philo-orm maps as without it.
	 */
	static final String COLUMN_TYPES_PACKAGE = "io.philo.orm.types";

	/** The entity classes to map: those of {@code @EntityScan}, or else of the application's packages (as Spring Boot does), and the starter's column types. */
	@Bean
	@ConditionalOnMissingBean
	static PersistenceManagedTypes persistenceManagedTypes(BeanFactory beanFactory, ResourceLoader resourceLoader) {
		List<String> packages = new ArrayList<>(EntityScanPackages.get(beanFactory).getPackageNames());
		if (packages.isEmpty() && AutoConfigurationPackages.has(beanFactory)) {
			packages.addAll(AutoConfigurationPackages.get(beanFactory));
		}
		packages.add(COLUMN_TYPES_PACKAGE);
		return new PersistenceManagedTypesScanner(resourceLoader).scan(StringUtils.toStringArray(packages));
	}

	/** Translates Hibernate's exceptions into Spring's DataAccessExceptions for {@code @Repository} beans. */
	@Bean
	@ConditionalOnMissingBean(PersistenceExceptionTranslator.class)
	static HibernateExceptionTranslator hibernateExceptionTranslator() {
		return new HibernateExceptionTranslator();
	}

	@Bean
	@ConditionalOnMissingBean
	static PoolRegistry poolRegistry(PhiloDatabases databases, PhiloSessionFactory sessionFactory,
			PhiloOrmProperties properties, ApplicationContext context, ObjectProvider<ObservationRegistry> observations) {
		return new PoolRegistry(databases, sessionFactory, properties.getDefaultLimit(), context.getId(),
				observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	/** Every task of Boot's TaskExecutor and TaskScheduler ({@code @Async}, {@code @Scheduled}) runs in a {@link PoolScope}. */
	@Bean
	static TaskDecorator philoPoolScopeTaskDecorator(PoolRegistry pool) {
		return new PoolScopeTaskDecorator(pool);
	}

	/**
	 * With virtual threads, Boot's TaskScheduler is a SimpleAsyncTaskScheduler, which runs fixed-delay
	 * tasks without the TaskDecorator: this one, built as Boot builds it, scopes those too.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SimpleAsyncTaskScheduler.class)
	@ConditionalOnThreading(Threading.VIRTUAL)
	@ConditionalOnBean(name = "org.springframework.scheduling.config.internalScheduledAnnotationProcessor")
	static class VirtualThreadSchedulingConfiguration {

		@Bean(name = "taskScheduler")
		@ConditionalOnMissingBean({ TaskScheduler.class, ScheduledExecutorService.class })
		static PoolScopeTaskScheduler taskScheduler(SimpleAsyncTaskSchedulerBuilder builder, PoolRegistry pool) {
			return builder.configure(new PoolScopeTaskScheduler(pool));
		}

	}

	/** Spring Data JPA repositories of {@code …<NAME>.repositories.base-packages} work on that connection. */
	@Bean
	@ConditionalOnClass(name = "org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean")
	static RepositoryConnections philoRepositoryConnections(Environment environment) {
		return new RepositoryConnections(environment);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(OncePerRequestFilter.class)
	static class WebConfiguration {

		@Bean
		@ConditionalOnMissingBean
		static PoolSessionsFilter poolSessionsFilter(PoolRegistry pool) {
			return new PoolSessionsFilter(pool);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ CompositeHealthContributor.class, DataSourceHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("philo")
	static class HealthConfiguration {

		/**
		 * {@code /actuator/health/philo}: one component per connection, by name, its details saying
		 * what pooler it goes through; include "philo" in the readiness group to gate traffic on it. A
		 * connection with replicas is a group of its {@code primary} and each replica ({@code replica-1},
		 * …), DOWN while reads leave it out.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "philoHealthContributor")
		static CompositeHealthContributor philoHealthContributor(PoolRegistry pool, PhiloReplicas replicas) {
			Map<String, HealthContributor> connections = new LinkedHashMap<>();
			for (String name : pool.connectionNames()) {
				ConnectionHealthIndicator primary = new ConnectionHealthIndicator(pool.dataSource(name), pool.pooler(name));
				ConnectionReplicas connectionReplicas = replicas.of(name);
				if (connectionReplicas == null) {
					connections.put(name, primary);
					continue;
				}
				Map<String, HealthContributor> parts = new LinkedHashMap<>();
				parts.put("primary", primary);
				connectionReplicas.replicas().forEach((replica) -> parts.put(replica.name(), replicaHealth(replica)));
				connections.put(name, CompositeHealthContributor.fromMap(parts));
			}
			return CompositeHealthContributor.fromMap(connections);
		}

		/** As the probe found it (no query of its own): its lag, or why reads leave it out. */
		private static HealthIndicator replicaHealth(Replica replica) {
			return () -> {
				// read once: the probe may change them meanwhile
				String problem = replica.problem();
				Duration lag = replica.lag();
				Health.Builder health = (problem == null) ? Health.up() : Health.down().withDetail("problem", problem);
				if (lag != null) {
					health.withDetail("lagMillis", lag.toMillis());
				}
				return health.withDetail("url", replica.url()).build();
			};
		}

		/** A connection's health: the pool's, and its pooler (also when DOWN, which a pooler may explain). */
		static final class ConnectionHealthIndicator extends DataSourceHealthIndicator {

			private final Pooler pooler;

			ConnectionHealthIndicator(DataSource dataSource, Pooler pooler) {
				super(dataSource);
				this.pooler = pooler;
			}

			@Override
			protected void doHealthCheck(Health.Builder builder) throws Exception {
				builder.withDetail("pooler", this.pooler.value());
				super.doHealthCheck(builder);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, MicrometerMetricsTrackerFactory.class })
	static class ReplicaMetricsConfiguration {

		/** Replica pools' HikariCP metrics, {@code philo.replica.lag} and {@code philo.replica.usable}. */
		@Bean
		static MeterBinder philoReplicaMetrics(PhiloReplicas replicas) {
			return new ReplicaMetrics(replicas);
		}

		/** {@code connection} and {@code replica} tags on the {@code hikaricp.*} meters of every philo-orm pool. */
		@Bean
		static MeterFilter philoPoolTags(PhiloDatabases databases, PhiloReplicas replicas) {
			return ReplicaMetrics.poolTags(databases, replicas);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class ActuatorConfiguration {

		/** Masks credentials under philo.databases in actuator's env output, whatever show-values says. */
		@Bean
		static SanitizingFunction philoCredentialsSanitizer() {
			return SanitizingFunction.sanitizeValue().ifMatches((data) -> {
				String key = data.getLowerCaseKey().replace('_', '.');
				String value = String.valueOf(data.getValue()).toLowerCase(Locale.ROOT);
				return key.startsWith("philo.databases.postgresql")
						&& (key.endsWith("password") || value.contains("@") || value.contains("password"));
			});
		}

	}

	static class OnPhiloDatabasesCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return ConnectionSettingsReader.isConfigured(context.getEnvironment())
					? ConditionOutcome.match("philo.databases.postgresql is set")
					: ConditionOutcome.noMatch("philo.databases.postgresql is not set");
		}

	}

}
