package io.philo.orm.autoconfigure;

import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Each database migrates from its own folder, and only from it. */
class FlywayMigrationsTests {

	private final ApplicationContextRunner runner = PhiloOrmContextRunner.create()
		.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
		.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "flyway.locations=classpath:flyway-test/default"))
		.withPropertyValues(PhiloOrmContextRunner.connection("SONGS"))
		.withPropertyValues(PhiloOrmContextRunner.connection("ARCHIVE"));

	@Test
	void eachDatabaseMigratesFromItsOwnFolderOnly() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(tables(context, "DEFAULT")).contains("playlist", "flyway_schema_history").doesNotContain("song");
			assertThat(tables(context, "SONGS")).contains("song", "flyway_schema_history").doesNotContain("playlist");
			assertThat(tables(context, "ARCHIVE")).doesNotContain("song", "playlist", "flyway_schema_history");
			assertThat(jdbc(context, "SONGS").queryForObject("select title from song where id = 1", String.class)).isEqualTo("Time");
			assertThat(context.getBean("SONGSFlyway", Flyway.class).info().applied()).hasSize(2);
			assertThat(context).doesNotHaveBean("ARCHIVEFlyway");
		});
	}

	@Test
	void aFailedMigrationStopsStartUpNamingTheConnectionAndTheScript() {
		this.runner.withPropertyValues("philo.databases.postgresql.ARCHIVE.flyway.locations=classpath:flyway-test/failing")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				FailureAnalysis analysis = new DatabaseConfigurationFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("philo.databases.postgresql.ARCHIVE.flyway")
					.contains("connection ARCHIVE")
					.contains("V1__broken_on_purpose.sql");
			});
	}

	@Test
	void flywayCanBeTurnedOffPerConnection() {
		this.runner.withPropertyValues("philo.databases.postgresql.SONGS.flyway.enabled=false").run((context) -> {
			assertThat(tables(context, "SONGS")).doesNotContain("song", "flyway_schema_history");
			assertThat(tables(context, "DEFAULT")).contains("playlist");
		});
	}

	private static List<String> tables(AssertableApplicationContext context, String connection) {
		return jdbc(context, connection)
			.queryForList("select table_name from information_schema.tables where table_schema = 'public'", String.class);
	}

	private static JdbcTemplate jdbc(AssertableApplicationContext context, String connection) {
		return new JdbcTemplate(context.getBean(PhiloDatabasesRegistrar.dataSourceBean(connection), DataSource.class));
	}

}
