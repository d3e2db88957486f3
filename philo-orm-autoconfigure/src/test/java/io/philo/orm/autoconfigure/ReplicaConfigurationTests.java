package io.philo.orm.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.philo.orm.connection.PhiloDatabases;
import io.philo.orm.connection.ReplicaSettings;
import io.philo.orm.replica.ConnectionReplicas;
import io.philo.orm.replica.PhiloReplicas;
import io.philo.orm.replica.Replica;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code replicas}, {@code max-lag} and {@code read-your-writes-wait} in every form, and their
 * mistakes. The replicas here are plain databases of the test server: the probe finds them not to be
 * standbys and leaves them out, which the configuration does not mind.
 */
class ReplicaConfigurationTests {

	private static final String PREFIX = "philo.databases.postgresql.";

	@Test
	void aListOfUrlsEachWithThePoolSettingsAndTheConnectionsCredentialsUnlessItsOwn() {
		String database = TestPostgres.newDatabase();
		PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "pool.maximum-pool-size=3", "max-lag=3s",
					"read-your-writes-wait=50ms"))
			.withPropertyValues(PREFIX + "DEFAULT.replicas[0]=postgresql://other:s3cret@" + TestPostgres.hostAndPort() + "/"
					+ database.substring(database.lastIndexOf('/') + 1), PREFIX + "DEFAULT.replicas[1]=" + database)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ConnectionReplicas replicas = context.getBean(PhiloReplicas.class).of("DEFAULT");
				assertThat(replicas.maxLag()).isEqualTo(Duration.ofSeconds(3));
				List<Replica> all = replicas.replicas();
				assertThat(all).extracting(Replica::name).containsExactly("replica-1", "replica-2");
				HikariDataSource first = all.get(0).pool();
				assertThat(first.getPoolName()).isEqualTo("DEFAULT.replica-1");
				assertThat(first.getUsername()).isEqualTo("other");
				assertThat(first.getPassword()).isEqualTo("s3cret");
				assertThat(first.getJdbcUrl()).doesNotContain("s3cret");
				HikariDataSource second = all.get(1).pool();
				assertThat(second.getUsername()).isEqualTo(TestPostgres.username());
				assertThat(second.getMaximumPoolSize()).isEqualTo(3);
				assertThat(second.getConnectionTimeout()).isEqualTo(ReplicaPools.DEFAULT_CONNECTION_TIMEOUT_MILLIS);
				ReplicaSettings settings = context.getBean(PhiloDatabases.class).find("DEFAULT").replicas().get(0);
				assertThat(settings.toString()).doesNotContain("s3cret");
				assertThat(context.getBean(PhiloDatabases.class).find("DEFAULT").readYourWritesWait()).isEqualTo(Duration.ofMillis(50));
			});
	}

	@Test
	void environmentVariablesGiveTheWholeListOverTheFiles() {
		String database = TestPostgres.newDatabase();
		String multiHost = "postgresql://localhost:1,localhost:2/x";
		Map<String, Object> variables = Map.of("PHILO_DATABASES_POSTGRESQL_DEFAULT_REPLICAS", database + ", " + multiHost,
				"PHILO_DATABASES_POSTGRESQL_DEFAULT_MAX_LAG", "4s",
				"PHILO_DATABASES_POSTGRESQL_DEFAULT_POOL_CONNECTION_TIMEOUT", "2500");
		PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT"))
			.withPropertyValues(PREFIX + "DEFAULT.replicas[0]=jdbc:postgresql://nowhere.invalid/x",
					PREFIX + "DEFAULT.replicas[1]=jdbc:postgresql://nowhere.invalid/y",
					PREFIX + "DEFAULT.replicas[2]=jdbc:postgresql://nowhere.invalid/z")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("systemEnvironment", variables)))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ConnectionReplicas replicas = context.getBean(PhiloReplicas.class).of("DEFAULT");
				assertThat(replicas.replicas()).extracting(Replica::url)
					.containsExactly(database, "jdbc:postgresql://localhost:1,localhost:2/x");
				assertThat(replicas.maxLag()).isEqualTo(Duration.ofSeconds(4));
				assertThat(replicas.replicas().get(0).pool().getConnectionTimeout()).isEqualTo(2500);
			});
		Map<String, Object> indexed = Map.of("PHILO_DATABASES_POSTGRESQL_DEFAULT_REPLICAS_0", database);
		PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT"))
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("systemEnvironment", indexed)))
			.run((context) -> assertThat(context.getBean(PhiloReplicas.class).of("DEFAULT").replicas()).extracting(Replica::url)
				.containsExactly(database));
	}

	@Test
	void aConnectionWithoutReplicasHasNone() {
		PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT"))
			.run((context) -> assertThat(replicas(context)).isNull());
	}

	@Test
	void badValuesStopStartUpNamingTheProperty() {
		BadConfigurationTests.fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "replicas=embedded")), (analysis) -> {
				assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.replicas")
					.contains("this connection is not embedded");
				assertThat(analysis.getAction()).contains("Set the connection's url to embedded too");
			});
		BadConfigurationTests.fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "max-lag=soon")),
				(analysis) -> assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.max-lag")
					.contains("'soon' is not a duration"));
		BadConfigurationTests.fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "max-lag=0s")),
				(analysis) -> assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.max-lag")
					.contains("cannot be 0"));
		BadConfigurationTests.fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "read-your-writes-wait=-5ms")),
				(analysis) -> assertThat(analysis.getDescription()).contains(PREFIX + "DEFAULT.read-your-writes-wait")
					.contains("negative"));
		BadConfigurationTests.fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "replicas[0]=postgresql://app:hunter2@db:54x2/music")),
				(analysis) -> {
					assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.replicas[0]")
						.contains("the port '54x2'")
						.doesNotContain("hunter2");
					assertThat(analysis.getAction()).doesNotContain("hunter2");
				});
		BadConfigurationTests.fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "replicas[0]=", "replicas[1]=" + TestPostgres.newDatabase())),
				(analysis) -> assertThat(analysis.getDescription()).contains(PREFIX + "DEFAULT.replicas[0]").contains("empty"));
	}

	private static ConnectionReplicas replicas(AssertableApplicationContext context) {
		return context.getBean(PhiloReplicas.class).of("DEFAULT");
	}

}
