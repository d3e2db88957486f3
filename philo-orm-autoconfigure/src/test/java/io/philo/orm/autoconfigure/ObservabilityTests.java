package io.philo.orm.autoconfigure;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.philo.orm.hibernate.PhiloSessionFactory;
import io.philo.orm.pool.Access;
import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.pool.PoolScope;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

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

	/** A statement: the unit then has a transaction with a write to commit or roll back. */
	private static final String ANY_STATEMENT = "DO $$ BEGIN END $$";

	@Test
	void commitsAndRollbacksAreTimedPerConnectionOutcomeAndCause() {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		PhiloOrmContextRunner.create()
			.withBean(ObservationRegistry.class, () -> observations)
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT"))
			.withPropertyValues(PhiloOrmContextRunner.connection("MUSIC_CATALOG"))
			.run((context) -> {
				PoolRegistry pool = context.getBean(PoolRegistry.class);
				try (PoolScope scope = pool.scope()) {
					write(pool, "DEFAULT", ANY_STATEMENT);
					pool.commit("DEFAULT");
					write(pool, "MUSIC_CATALOG", ANY_STATEMENT);
					pool.rollback("MUSIC_CATALOG");
					// a commit that fails: a deferred key checked at COMMIT
					write(pool, "DEFAULT", "CREATE TEMP TABLE deferred (id int PRIMARY KEY DEFERRABLE INITIALLY DEFERRED)");
					write(pool, "DEFAULT", "INSERT INTO deferred VALUES (1), (1)");
					assertThatException().isThrownBy(() -> pool.commit("DEFAULT"));
					pool.rollback("DEFAULT");
					// left for the scope's end to roll back
					write(pool, "MUSIC_CATALOG", ANY_STATEMENT);
				}
				Thread dying = new Thread(() -> write(pool, "DEFAULT", ANY_STATEMENT));
				dying.start();
				dying.join();

				assertThat(timer(meters, "philo.unit.commits", "DEFAULT", "success").timer().count()).isEqualTo(1);
				assertThat(timer(meters, "philo.unit.commits", "DEFAULT", "failure").timer().count()).isEqualTo(1);
				assertThat(meters.find("philo.unit.commits").tag("connection", "MUSIC_CATALOG").timer()).isNull();
				assertThat(timer(meters, "philo.unit.rollbacks", "MUSIC_CATALOG", "success").tag("cause", "rollback").timer().count())
					.isEqualTo(1);
				assertThat(timer(meters, "philo.unit.rollbacks", "MUSIC_CATALOG", "success").tag("cause", "unit-end").timer().count())
					.isEqualTo(1);
				assertThat(timer(meters, "philo.unit.rollbacks", "DEFAULT", "success").tag("cause", "rollback").timer().count())
					.isEqualTo(1);
				// the check of dead threads runs every second
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
				while (meters.find("philo.unit.rollbacks").tag("cause", "dead-thread").timer() == null && System.nanoTime() < deadline) {
					Thread.sleep(50);
				}
				assertThat(timer(meters, "philo.unit.rollbacks", "DEFAULT", "success").tag("cause", "dead-thread").timer().count())
					.isEqualTo(1);
			});
	}

	private static void write(PoolRegistry pool, String connection, String sql) {
		pool.run(connection, Access.STATEMENT, (session) -> session.createNativeQuery(sql).executeUpdate());
	}

	private static RequiredSearch timer(MeterRegistry meters, String name, String connection, String outcome) {
		return meters.get(name).tag("connection", connection).tag("outcome", outcome);
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
