package io.philo.sample;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator scrapes: health, metrics and Prometheus, per connection, over real HTTP. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.defaults.metrics.export.enabled=true")
class ObservabilityApiTests {

	@LocalServerPort
	private int port;

	@Test
	void prometheusShowsEachConnectionsPoolAndUnitsOfWork() {
		RestClient http = RestClient.builder().baseUrl("http://localhost:" + this.port).build();
		http.post().uri("/genres").contentType(MediaType.APPLICATION_JSON).body(Map.of("name", "Krautrock")).retrieve().toBodilessEntity();

		String scrape = http.get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(scrape).containsPattern("philo_unit_commits_seconds_count\\{[^}]*connection=\"DEFAULT\"[^}]*outcome=\"success\"[^}]*\\} [1-9]");
		assertThat(scrape).contains("hikaricp_connections_active{connection=\"DEFAULT\",pool=\"DEFAULT\",replica=\"none\"}",
				"hikaricp_connections_active{connection=\"MUSIC_CATALOG\",pool=\"MUSIC_CATALOG\",replica=\"none\"}");
		String active = http.get().uri("/actuator/metrics/hikaricp.connections.active?tag=pool:MUSIC_CATALOG").retrieve().body(String.class);
		assertThat(active).contains("\"name\":\"hikaricp.connections.active\"");
		String health = http.get().uri("/actuator/health").retrieve().body(String.class);
		assertThat(health).contains("\"philo\"", "\"DEFAULT\"", "\"MUSIC_CATALOG\"");
	}

}
