package io.philo.orm.autoconfigure;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The two URL forms, read into a JDBC URL without credentials. */
class PostgresUrlTests {

	@Test
	void libpqForms() {
		assertThat(parse("postgresql://[::1]:5432/music").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/music");
		assertThat(parse("postgresql://h1:5432,h2:5433/music?targetServerType=primary").jdbcUrl())
			.isEqualTo("jdbc:postgresql://h1:5432,h2:5433/music?targetServerType=primary");
		assertThat(parse("postgresql:///music").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/music");
		assertThat(parse("postgresql://db.example.com").jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com/");
		PostgresUrl credentials = parse("postgresql://us%65r:p%2Fw%40@localhost/music");
		assertThat(credentials.username()).isEqualTo("user");
		assertThat(credentials.password()).isEqualTo("p/w@");
		assertThat(parse("postgresql://user@localhost/music").password()).isNull();
	}

	@Test
	void jdbcFormKeepsParametersButCredentials() {
		PostgresUrl url = parse("jdbc:postgresql://localhost:5432/music?user=app&ssl=true&password=x");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/music?ssl=true");
		assertThat(url.username()).isEqualTo("app");
		assertThat(url.password()).isEqualTo("x");
	}

	@Test
	void malformedUrlsAreErrorsWithoutTheirCredentials() {
		assertThatExceptionOfType(DatabaseConfigurationException.class).isThrownBy(() -> parse("http://localhost/music"))
			.withMessageContaining("'http://localhost/music'");
		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> parse("postgresql://app:secret@localhost:70000/music"))
			.withMessageContaining("70000")
			.withMessageNotContaining("secret");
		assertThatExceptionOfType(DatabaseConfigurationException.class).isThrownBy(() -> parse("postgresql://a:%zz@localhost/m"))
			.withMessageContaining("percent-encoding");
	}

	@Test
	void configurationMetadataDocumentsEveryKey() throws Exception {
		try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			// JsonPath (spring-boot-starter-test), not Jackson: Jackson 2 came only with Flyway 11, Boot 4.1's Flyway 12 drops it
			DocumentContext metadata = JsonPath.parse(json);
			for (String key : new String[] { "philo.databases.postgresql", "philo.orm.ddl-auto", "philo.orm.default-limit",
					"philo.orm.password-cost", "philo.orm.password-min-length", "philo.orm.return-written-rows",
					"philo.orm.statistics" }) {
				List<Map<String, Object>> properties = metadata.read("$.properties[?(@.name == '" + key + "')]");
				assertThat(properties).as(key).isNotEmpty();
				assertThat((String) properties.get(properties.size() - 1).get("description")).as(key).isNotBlank();
			}
		}
	}

	private static PostgresUrl parse(String url) {
		return PostgresUrl.parse("philo.databases.postgresql.DEFAULT", url);
	}

}
