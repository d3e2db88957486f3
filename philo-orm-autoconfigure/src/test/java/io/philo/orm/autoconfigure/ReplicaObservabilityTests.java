package io.philo.orm.autoconfigure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.philo.orm.embedded.ReplicatedEmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An embedded primary with its embedded standby ({@code replicas: embedded}): Flyway migrates the
 * primary once (the standby gets the result by replication), each replica has a health component
 * under its connection that goes DOWN when it stops, its pool metrics and a lag gauge.
 */
class ReplicaObservabilityTests {

	@Test
	void flywayOnThePrimaryOnceAndHealthAndMetricsPerReplica() {
		PhiloOrmContextRunner.create()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class,
					FlywayAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("philo.databases.postgresql.DEFAULT.url=embedded", "philo.databases.postgresql.DEFAULT.replicas=embedded",
					"philo.databases.postgresql.DEFAULT.flyway.locations=classpath:flyway-test/default")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ReplicatedEmbeddedPostgres servers = context.getBean(ReplicatedEmbeddedPostgres.class);
				assertThat(migrations(servers.primaryUrl("default"))).isEqualTo(1);
				await(() -> migrations(servers.standbyUrl("default")) == 1);
				CompositeHealthContributor philo = context.getBean("philoHealthContributor", CompositeHealthContributor.class);
				CompositeHealthContributor connection = (CompositeHealthContributor) philo.getContributor("DEFAULT");
				HealthIndicator replica = (HealthIndicator) connection.getContributor("replica-1");
				assertThat(((HealthIndicator) connection.getContributor("primary")).health().getStatus()).isEqualTo(Status.UP);
				await(() -> replica.health().getStatus().equals(Status.UP));
				assertThat(replica.health().getDetails()).containsKey("lagMillis");

				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("hikaricp.connections.max")
					.tags("pool", "DEFAULT.replica-1", "connection", "DEFAULT", "replica", "replica-1")
					.gauge()
					.value()).isEqualTo(10);
				assertThat(registry.get("hikaricp.connections.max").tags("pool", "DEFAULT", "replica", "none").gauge().value())
					.isEqualTo(10);
				assertThat(registry.get("philo.replica.lag").tags("connection", "DEFAULT", "replica", "replica-1").gauge().value())
					.isGreaterThanOrEqualTo(0);

				servers.stopStandby();
				long stopped = System.nanoTime();
				await(() -> replica.health().getStatus().equals(Status.DOWN));
				Health down = replica.health();
				System.out.printf("stopped replica DOWN after %d ms: %s%n", Duration.ofNanos(System.nanoTime() - stopped).toMillis(),
						down.getDetails());
				assertThat(down.getDetails().get("problem").toString()).contains("does not answer");
				assertThat(registry.get("philo.replica.usable").tags("replica", "replica-1").gauge().value()).isZero();
				assertThat(registry.get("philo.replica.lag").tags("replica", "replica-1").gauge().value()).isNaN();
			});
	}

	private static long migrations(String url) {
		try (Connection connection = DriverManager.getConnection(url, ReplicatedEmbeddedPostgres.USER, null);
				Statement statement = connection.createStatement();
				var result = statement.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
			result.next();
			return result.getLong(1);
		}
		catch (SQLException ex) {
			return -1;
		}
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

}
