package io.philo.orm.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.philo.orm.connection.PhiloDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A password never reaches a log line, an exception message, a toString() or actuator's env output. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsTests {

	private static final String SECRET = "Zq7-Secret-9x";

	private static final String PREFIX = "philo.databases.postgresql.";

	@Test
	void startedContextsShowNoPassword(CapturedOutput output) {
		// the embedded test server trusts every password, so each of these connects
		PhiloOrmContextRunner.create()
			.withPropertyValues(PREFIX + "DEFAULT=postgresql://postgres:" + SECRET + "@" + TestPostgres.hostAndPort() + "/postgres")
			.withPropertyValues(PREFIX + "QUERY=" + TestPostgres.newDatabase() + "?user=postgres&password=" + SECRET)
			.withPropertyValues(PhiloOrmContextRunner.connection("LONG"))
			.withPropertyValues(PREFIX + "LONG.password=" + SECRET)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PhiloDatabases databases = context.getBean(PhiloDatabases.class);
				assertThat(databases.toString()).doesNotContain(SECRET);
				for (String name : databases.names()) {
					assertThat(databases.find(name).password()).isEqualTo(SECRET);
					assertThat(databases.find(name).toString()).doesNotContain(SECRET).contains("****");
				}
				assertThat(environmentEndpoint(context)).doesNotContain(SECRET);
			});
		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	@Test
	void failedStartsShowNoPassword(CapturedOutput output) {
		for (String url : List.of("postgresql://app:" + SECRET + "@localhost:1/music", "postgresql://app:" + SECRET + "@no-such-host.invalid/music",
				"postgresql://app:" + SECRET + "@localhost:99999/music", "mysql://app:" + SECRET + "@localhost/music",
				"jdbc:postgresql://localhost:1/music?password=" + SECRET)) {
			PhiloOrmContextRunner.create().withPropertyValues(PREFIX + "DEFAULT=" + url).run((context) -> {
				assertThat(context).hasFailed();
				for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
					assertThat(String.valueOf(cause.getMessage())).as("message of %s", cause.getClass()).doesNotContain(SECRET);
				}
				assertThat(new DatabaseConfigurationFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
					.doesNotContain(SECRET);
			});
		}
		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	@Test
	void parsedUrlsShowNoPassword() {
		PostgresUrl url = PostgresUrl.parse("p", "postgresql://app:" + SECRET + "@localhost/music");
		assertThat(url.password()).isEqualTo(SECRET);
		assertThat(url.toString()).doesNotContain(SECRET);
		assertThat(url.jdbcUrl()).doesNotContain(SECRET);
	}

	/** Every value actuator's env endpoint would show, with show-values ALWAYS and the context's sanitizing functions. */
	private static String environmentEndpoint(AssertableApplicationContext context) {
		List<SanitizingFunction> functions = new ArrayList<>(context.getBeansOfType(SanitizingFunction.class).values());
		assertThat(functions).isNotEmpty();
		EnvironmentEndpoint endpoint = new EnvironmentEndpoint(context.getEnvironment(), functions, Show.ALWAYS);
		StringBuilder shown = new StringBuilder();
		endpoint.environment(null).getPropertySources().forEach((source) -> source.getProperties()
			.forEach((name, value) -> shown.append(name).append('=').append(value.getValue()).append('\n')));
		for (String name : List.of(PREFIX + "DEFAULT", PREFIX + "QUERY", PREFIX + "LONG.password")) {
			var entry = endpoint.environmentEntry(name);
			entry.getPropertySources().forEach((source) -> shown.append(name).append('=').append(source.getProperty()).append('\n'));
		}
		assertThat(shown).contains(PREFIX + "DEFAULT");
		return shown.toString();
	}

}
