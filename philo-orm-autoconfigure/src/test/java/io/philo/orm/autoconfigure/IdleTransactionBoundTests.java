package io.philo.orm.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A transaction nobody ends holds its locks only as long as the server-side bound of its connection. */
class IdleTransactionBoundTests {

	private static final String PREFIX = "philo.databases.postgresql.";

	@Test
	void everyConnectionIsBoundByDefaultAndEachMaySetItsOwn() {
		Map<String, Object> variables = Map.of("PHILO_DATABASES_POSTGRESQL_ARCHIVE_URL", TestPostgres.newDatabase(),
				"PHILO_DATABASES_POSTGRESQL_ARCHIVE_USERNAME", TestPostgres.username(),
				"PHILO_DATABASES_POSTGRESQL_ARCHIVE_IDLE_IN_TRANSACTION_TIMEOUT", "45s");
		PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT"))
			.withPropertyValues(PhiloOrmContextRunner.connection("MUSIC_CATALOG", "idle-in-transaction-timeout=2s"))
			.withPropertyValues(PhiloOrmContextRunner.connection("NO_BOUND", "idle-in-transaction-timeout=0"))
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("systemEnvironment", variables)))
			.run((context) -> {
				assertThat(setting(context.getBean("dataSource", HikariDataSource.class))).isEqualTo("10min");
				assertThat(setting(context.getBean("MUSIC_CATALOGDataSource", HikariDataSource.class))).isEqualTo("2s");
				assertThat(setting(context.getBean("ARCHIVEDataSource", HikariDataSource.class))).isEqualTo("45s");
				assertThat(setting(context.getBean("NO_BOUNDDataSource", HikariDataSource.class))).isEqualTo("0");
			});
	}

	@Test
	void theGlobalDefaultIsASettingAndTheConnectionsOwnOptionsAreKept() {
		PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT",
					"pool.data-source-properties.options=-c statement_timeout=7000"))
			.withPropertyValues("philo.orm.idle-in-transaction-timeout=3m")
			.run((context) -> {
				HikariDataSource pool = context.getBean("dataSource", HikariDataSource.class);
				assertThat(setting(pool)).isEqualTo("3min");
				assertThat(new JdbcTemplate(pool).queryForObject("SHOW statement_timeout", String.class)).isEqualTo("7s");
			});
	}

	@Test
	void aForgottenTransactionLosesItsLocksWhenTheBoundPasses() {
		PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "idle-in-transaction-timeout=1s"))
			.run((context) -> {
				HikariDataSource pool = context.getBean("dataSource", HikariDataSource.class);
				new JdbcTemplate(pool).execute("CREATE TABLE IF NOT EXISTS bounded (id int PRIMARY KEY); INSERT INTO bounded VALUES (1)");
				Connection forgotten = pool.getConnection();
				forgotten.setAutoCommit(false);
				try (Statement statement = forgotten.createStatement()) {
					statement.execute("SELECT * FROM bounded WHERE id = 1 FOR UPDATE");
				}
				Thread.sleep(2_500);
				try (Connection other = pool.getConnection(); Statement statement = other.createStatement()) {
					statement.execute("SET lock_timeout = '1s'");
					statement.execute("SELECT * FROM bounded WHERE id = 1 FOR UPDATE");
				}
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> forgotten.createStatement().execute("SELECT 1"))
					.withMessageContaining("idle-in-transaction timeout");
				forgotten.abort(Runnable::run);
			});
	}

	@Test
	void aBoundThatIsNoDurationIsNamed() {
		BadConfigurationTests.fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "idle-in-transaction-timeout=soon")), (analysis) -> {
				assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.idle-in-transaction-timeout")
					.contains("'soon' is not a duration");
				assertThat(analysis.getAction()).contains("10m");
			});
		BadConfigurationTests.fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "idle-in-transaction-timeout=-5s")),
				(analysis) -> assertThat(analysis.getDescription()).contains("negative"));
	}

	private static String setting(HikariDataSource pool) {
		return new JdbcTemplate(pool).queryForObject("SHOW idle_in_transaction_session_timeout", String.class);
	}

}
