package io.philo.orm.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.philo.orm.hibernate.PhiloSessionFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** Health per connection under "philo", pool metrics tagged by connection, Hibernate statistics on demand. */
class ObservabilityTests {

	@Test
	void eachConnectionHasAHealthComponentThatGoesDownAlone() throws Exception {
		try (EmbeddedPostgres second = EmbeddedPostgres.start()) {
			PhiloOrmContextRunner.create()
				.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT"))
				.withPropertyValues("philo.databases.postgresql.SECOND.url=" + second.getJdbcUrl("postgres", "postgres"),
						"philo.databases.postgresql.SECOND.pool.connection-timeout=1000")
				.run((context) -> {
					CompositeHealthContributor philo = context.getBean("philoHealthContributor", CompositeHealthContributor.class);
					assertThat(status(philo, "DEFAULT")).isEqualTo(Status.UP);
					assertThat(status(philo, "SECOND")).isEqualTo(Status.UP);
					second.close();
					assertThat(status(philo, "SECOND")).isEqualTo(Status.DOWN);
					assertThat(status(philo, "DEFAULT")).isEqualTo(Status.UP);
				});
		}
	}

	@Test
	void poolMetricsAreTaggedWithTheConnectionName() {
		PhiloOrmContextRunner.create()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT"))
			.withPropertyValues(PhiloOrmContextRunner.connection("MUSIC_CATALOG", "pool.maximum-pool-size=3"))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("hikaricp.connections.max").tag("pool", "MUSIC_CATALOG").gauge().value()).isEqualTo(3);
				assertThat(registry.get("hikaricp.connections.max").tag("pool", "DEFAULT").gauge().value()).isEqualTo(10);
			});
	}

	@Test
	void hibernateStatisticsAreOffUnlessAskedFor() {
		PhiloOrmContextRunner.create().withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT")).run((context) -> {
			assertThat(context.getBean(PhiloSessionFactory.class).getSessionFactory().getStatistics().isStatisticsEnabled()).isFalse();
		});
		PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT"))
			.withPropertyValues("philo.orm.statistics=true")
			.run((context) -> {
				assertThat(context.getBean(PhiloSessionFactory.class).getSessionFactory().getStatistics().isStatisticsEnabled())
					.isTrue();
			});
	}

	private static Status status(CompositeHealthContributor philo, String connection) {
		return ((HealthIndicator) philo.getContributor(connection)).health().getStatus();
	}

}
