package io.philo.orm.autoconfigure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import io.philo.orm.connection.PhiloDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection through a real PgBouncer in transaction mode ({@code pooler: pgbouncer-transaction}):
 * the driver's setup, Flyway and schema actions on the direct URL with its own user, health, and
 * the warning when the server does not bound idle transactions.
 */
@ExtendWith(OutputCaptureExtension.class)
class PgBouncerConnectionTests {

	private static final String PREFIX = "philo.databases.postgresql.";

	private static final String SECRET = "Migr4torSecret";

	private static PgBouncer bouncer;

	@BeforeAll
	static void startBouncer() {
		Assumptions.assumeTrue(System.getenv("PHILO_TEST_JDBC_URL") == null,
				"PgBouncer is put in front of the embedded server, not of PHILO_TEST_JDBC_URL's");
		String hostAndPort = TestPostgres.hostAndPort();
		bouncer = PgBouncer.startOrSkip(Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1)), 5);
	}

	@AfterAll
	static void stopBouncer() {
		if (bouncer != null) {
			bouncer.close();
		}
	}

	@Test
	void migrationsAndSchemaActionsRunOnTheDirectUrlWithItsOwnUser(CapturedOutput output) throws SQLException {
		String directUrl = TestPostgres.newDatabase();
		String database = directUrl.substring(directUrl.lastIndexOf('/') + 1);
		createMigrator(directUrl);
		String hostAndPort = TestPostgres.hostAndPort();
		PhiloOrmContextRunner.create()
			.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
			.withPropertyValues(PREFIX + "DEFAULT.url=" + bouncer.jdbcUrl(database), PREFIX + "DEFAULT.username=postgres",
					PREFIX + "DEFAULT.pooler=pgbouncer-transaction",
					PREFIX + "DEFAULT.direct-url=postgresql://migrator:" + SECRET + "@" + hostAndPort + "/" + database,
					PREFIX + "DEFAULT.ddl-auto=create", PREFIX + "DEFAULT.flyway.locations=classpath:flyway-test/default")
			.withPropertyValues(PhiloOrmContextRunner.connection("PLAIN"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean("dataSource", HikariDataSource.class));
				// Flyway's scripts and history, and the model's table of ddl-auto, belong to the direct URL's user
				assertThat(jdbc.queryForMap("SELECT string_agg(tablename || ':' || tableowner, ',' ORDER BY tablename) AS owners"
						+ " FROM pg_tables WHERE schemaname = 'public'"))
					.containsEntry("owners", "flyway_schema_history:migrator,note:migrator,playlist:migrator");
				assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("postgres");
				HikariDataSource pool = context.getBean("dataSource", HikariDataSource.class);
				assertThat(pool.getDataSourceProperties()).containsEntry("prepareThreshold", "0").doesNotContainKey("options");
				CompositeHealthContributor philo = context.getBean("philoHealthContributor", CompositeHealthContributor.class);
				Health health = ((HealthIndicator) philo.getContributor("DEFAULT")).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("pooler", "pgbouncer-transaction");
				assertThat(((HealthIndicator) philo.getContributor("PLAIN")).health().getDetails()).containsEntry("pooler", "none");
				assertThat(context.getBean(PhiloDatabases.class).find("DEFAULT").toString()).contains("pooler=pgbouncer-transaction")
					.contains("direct=Direct[url=jdbc:postgresql://" + hostAndPort + "/" + database + ", username=migrator, password=****]");
			});
		assertThat(output).contains("Connection DEFAULT goes through PgBouncer in transaction mode")
			.contains("idle_in_transaction_session_timeout is the server's (none)")
			.contains("ALTER ROLE <role> SET idle_in_transaction_session_timeout = '600000ms'")
			.doesNotContain(SECRET);
	}

	@Test
	void noWarningWhenTheServerBoundsIdleTransactionsAsTheConnectionAsks(CapturedOutput output) throws SQLException {
		String directUrl = TestPostgres.newDatabase();
		String database = directUrl.substring(directUrl.lastIndexOf('/') + 1);
		try (Connection jdbc = DriverManager.getConnection(directUrl, TestPostgres.username(), TestPostgres.password());
				Statement statement = jdbc.createStatement()) {
			statement.execute("ALTER DATABASE " + database + " SET idle_in_transaction_session_timeout = '2min'");
		}
		PhiloOrmContextRunner.create()
			.withPropertyValues(PREFIX + "DEFAULT.url=" + bouncer.jdbcUrl(database), PREFIX + "DEFAULT.username=postgres",
					PREFIX + "DEFAULT.pooler=pgbouncer-transaction", PREFIX + "DEFAULT.direct-url=" + directUrl,
					PREFIX + "DEFAULT.idle-in-transaction-timeout=2m")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean("dataSource", HikariDataSource.class));
				assertThat(jdbc.queryForObject("SHOW idle_in_transaction_session_timeout", String.class)).isEqualTo("2min");
			});
		assertThat(output).doesNotContain("goes through PgBouncer in transaction mode");
	}

	/** A superuser of its own for the direct URL: what it creates shows whose session created it. */
	private static void createMigrator(String directUrl) throws SQLException {
		try (Connection jdbc = DriverManager.getConnection(directUrl, TestPostgres.username(), TestPostgres.password());
				Statement statement = jdbc.createStatement()) {
			statement.execute("DO $$ BEGIN CREATE ROLE migrator LOGIN SUPERUSER; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
		}
	}

}
