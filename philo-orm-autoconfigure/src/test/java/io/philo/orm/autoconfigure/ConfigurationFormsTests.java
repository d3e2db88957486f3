package io.philo.orm.autoconfigure;

import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.philo.orm.connection.PhiloDatabases;
import io.philo.orm.hibernate.PhiloSessionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Every form of philo.databases.postgresql: short and long, libpq and JDBC URLs, embedded, environment variables. */
class ConfigurationFormsTests {

	@Test
	void shortFormLibpqUrlDecodesCredentialsAndKeepsParameters() {
		String database = database(TestPostgres.newDatabase());
		PhiloOrmContextRunner.create()
			.withPropertyValues("philo.databases.postgresql.DEFAULT=postgresql://postgres:p%40ss%3Aw%2Frd@"
					+ TestPostgres.hostAndPort() + "/" + database + "?ApplicationName=philo-test")
			.run((context) -> {
				HikariDataSource pool = pool(context, "DEFAULT");
				assertThat(pool.getJdbcUrl())
					.isEqualTo("jdbc:postgresql://" + TestPostgres.hostAndPort() + "/" + database + "?ApplicationName=philo-test");
				assertThat(pool.getUsername()).isEqualTo("postgres");
				assertThat(pool.getPassword()).isEqualTo("p@ss:w/rd");
				assertThat(new JdbcTemplate(pool).queryForObject("select current_setting('application_name')", String.class))
					.isEqualTo("philo-test");
			});
	}

	@Test
	void postgresSchemeAndCredentialsInQueryParameters() {
		String database = database(TestPostgres.newDatabase());
		PhiloOrmContextRunner.create()
			.withPropertyValues("philo.databases.postgresql.DEFAULT=postgres://" + TestPostgres.hostAndPort() + "/" + database
					+ "?user=postgres&password=s3cret&sslmode=disable")
			.run((context) -> {
				HikariDataSource pool = pool(context, "DEFAULT");
				assertThat(pool.getJdbcUrl()).endsWith("/" + database + "?sslmode=disable").doesNotContain("s3cret");
				assertThat(pool.getUsername()).isEqualTo("postgres");
				assertThat(pool.getPassword()).isEqualTo("s3cret");
			});
	}

	@Test
	void longFormWithPoolSettingsMixedWithShortForm() {
		PhiloOrmContextRunner.create()
			.withPropertyValues("philo.databases.postgresql.DEFAULT=" + libpqUrl(TestPostgres.newDatabase()))
			.withPropertyValues(PhiloOrmContextRunner.connection("MUSIC_CATALOG", "pool.maximum-pool-size=4",
					"pool.connection-timeout=2500", "pool.data-source-properties.ApplicationName=catalog"))
			.run((context) -> {
				HikariDataSource catalog = pool(context, "MUSIC_CATALOG");
				assertThat(catalog.getMaximumPoolSize()).isEqualTo(4);
				assertThat(catalog.getConnectionTimeout()).isEqualTo(2500);
				assertThat(catalog.getPoolName()).isEqualTo("MUSIC_CATALOG");
				assertThat(new JdbcTemplate(catalog).queryForObject("select current_setting('application_name')", String.class))
					.isEqualTo("catalog");
				assertThat(pool(context, "DEFAULT").getMaximumPoolSize()).isEqualTo(10);
			});
	}

	@Test
	void ddlAutoPerConnectionOverridesTheDefault() {
		PhiloOrmContextRunner.create()
			.withPropertyValues("philo.orm.ddl-auto=create")
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT"))
			.withPropertyValues(PhiloOrmContextRunner.connection("ARCHIVE", "ddl-auto=none"))
			.run((context) -> {
				assertThat(tables(context, "DEFAULT")).contains("note");
				assertThat(tables(context, "ARCHIVE")).doesNotContain("note");
			});
	}

	@Test
	void embeddedConnectionsShareOneServerWithADatabaseEach() {
		PhiloOrmContextRunner.create()
			.withPropertyValues("philo.databases.postgresql.DEFAULT=embedded", "philo.databases.postgresql.music-catalog=embedded",
					"philo.orm.ddl-auto=create")
			.run((context) -> {
				HikariDataSource defaultPool = pool(context, "DEFAULT");
				HikariDataSource catalog = pool(context, "MUSIC_CATALOG");
				assertThat(port(defaultPool)).isEqualTo(port(catalog));
				assertThat(new JdbcTemplate(defaultPool).queryForObject("select current_database()", String.class)).isEqualTo("default");
				assertThat(new JdbcTemplate(catalog).queryForObject("select current_database()", String.class))
					.isEqualTo("music_catalog");
				assertThat(tables(context, "MUSIC_CATALOG")).contains("note");
			});
	}

	@Test
	void environmentVariablesConfigureConnectionsAndOverrideFiles() {
		String catalogDatabase = TestPostgres.newDatabase();
		Map<String, Object> variables = Map.of("PHILO_DATABASES_POSTGRESQL_DEFAULT", libpqUrl(TestPostgres.newDatabase()),
				"PHILO_DATABASES_POSTGRESQL_MUSIC_CATALOG_URL", catalogDatabase,
				"PHILO_DATABASES_POSTGRESQL_MUSIC_CATALOG_USERNAME", "postgres",
				"PHILO_DATABASES_POSTGRESQL_MUSIC_CATALOG_POOL_MAXIMUM_POOL_SIZE", "3",
				"PHILO_DATABASES_POSTGRESQL_MUSIC_CATALOG_DDL_AUTO", "create");
		PhiloOrmContextRunner.create()
			// the file spells the name differently and points elsewhere: the environment wins, it is no conflict
			.withPropertyValues("philo.databases.postgresql.music-catalog.url=jdbc:postgresql://nowhere.invalid/x",
					"philo.databases.postgresql.music-catalog.pool.maximum-pool-size=9")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("systemEnvironment", variables)))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(PhiloDatabases.class).names()).containsExactly("DEFAULT", "MUSIC_CATALOG");
				HikariDataSource catalog = pool(context, "MUSIC_CATALOG");
				assertThat(catalog.getJdbcUrl()).isEqualTo(catalogDatabase);
				assertThat(catalog.getMaximumPoolSize()).isEqualTo(3);
				assertThat(tables(context, "MUSIC_CATALOG")).contains("note");
			});
	}

	@Test
	void withoutPhiloDatabasesSpringBootConfiguresItsOwnDataSource() {
		PhiloOrmContextRunner.create()
			.withPropertyValues("spring.datasource.url=" + TestPostgres.newDatabase(),
					"spring.datasource.username=" + TestPostgres.username())
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(PhiloSessionFactory.class).doesNotHaveBean(PhiloDatabases.class);
				assertThat(context.getBean(HikariDataSource.class).getPoolName()).isNotEqualTo("DEFAULT");
				assertThat(new JdbcTemplate(context.getBean(HikariDataSource.class)).queryForObject("select 1", Integer.class))
					.isEqualTo(1);
			});
	}

	static HikariDataSource pool(AssertableApplicationContext context, String connection) {
		return context.getBean(PhiloDatabasesRegistrar.dataSourceBean(connection), HikariDataSource.class);
	}

	static List<String> tables(AssertableApplicationContext context, String connection) {
		return new JdbcTemplate(pool(context, connection))
			.queryForList("select table_name from information_schema.tables where table_schema = 'public'", String.class);
	}

	/** {@code postgresql://postgres@host:port/db} for a JDBC URL of the test server. */
	static String libpqUrl(String jdbcUrl) {
		return "postgresql://" + TestPostgres.username() + "@" + TestPostgres.hostAndPort() + "/" + database(jdbcUrl);
	}

	private static String database(String jdbcUrl) {
		return jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
	}

	private static String port(HikariDataSource pool) {
		String afterHost = pool.getJdbcUrl().substring(pool.getJdbcUrl().indexOf("//") + 2);
		return afterHost.substring(afterHost.indexOf(':') + 1, afterHost.indexOf('/'));
	}

}
