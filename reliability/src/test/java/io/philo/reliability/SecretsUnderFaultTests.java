package io.philo.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A wrong password, a bad URL, an unreachable host: start-up fails, and the password is in no output. */
@Tag("reliability")
@ExtendWith(OutputCaptureExtension.class)
class SecretsUnderFaultTests {

	private static final String SECRET = "Wr0ng-Pa55word-77";

	@Test
	void failuresNeverShowThePassword(CapturedOutput output) throws Exception {
		try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
			requirePasswords(server);
			List<String> urls = List.of(
					"postgresql://postgres:" + SECRET + "@localhost:" + server.getPort() + "/postgres",
					"jdbc:postgresql://localhost:" + server.getPort() + "/postgres?user=postgres&password=" + SECRET,
					"postgresql://postgres:" + SECRET + "@localhost:1/postgres",
					"postgresql://postgres:" + SECRET + "@unreachable.invalid:5432/postgres",
					"postgresql://postgres:" + SECRET + "@localhost:5432:5432/postgres");
			for (String url : urls) {
				Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(ReliabilityApplication.class)
					.web(WebApplicationType.NONE)
					// arguments outrank application.yml, whose DEFAULT is embedded
					.run("--philo.databases.postgresql.DEFAULT=" + url, "--spring.main.banner-mode=off")
					.close());
				assertThat(failure).as(url).isNotNull();
				for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
					assertThat(String.valueOf(cause.getMessage())).doesNotContain(SECRET);
				}
			}
			assertThat(output.getAll()).contains("password authentication failed").doesNotContain(SECRET);
			System.out.printf("RELIABILITY secrets: %d failing start-ups (wrong password, bad URL, unreachable host),"
					+ " password in output=0%n", urls.size());
		}
	}

	/** The embedded server trusts everyone; make it check passwords, as a real one does. */
	private static void requirePasswords(EmbeddedPostgres server) throws Exception {
		try (Connection connection = DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres"));
				Statement statement = connection.createStatement()) {
			statement.execute("ALTER USER postgres PASSWORD 'the-right-one'");
			var hba = statement.executeQuery("SHOW hba_file");
			hba.next();
			java.nio.file.Files.writeString(java.nio.file.Path.of(hba.getString(1)),
					"local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
			statement.execute("SELECT pg_reload_conf()");
		}
		// the reload is asynchronous: wait until a wrong password is refused
		for (int attempt = 0; attempt < 100; attempt++) {
			try (Connection refused = DriverManager.getConnection(
					"jdbc:postgresql://localhost:" + server.getPort() + "/postgres", "postgres", "not-the-password")) {
				Thread.sleep(50);
			}
			catch (java.sql.SQLException expected) {
				return;
			}
		}
		throw new IllegalStateException("The server did not start checking passwords");
	}

}
