package io.philo.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.philo.orm.hibernate.PhiloSessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API over real HTTP, on both embedded databases. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "philo.orm.statistics=true")
class CatalogApiTests {

	@LocalServerPort
	private int port;

	@Autowired
	private PhiloSessionFactory sessionFactory;

	private RestClient http;

	@BeforeEach
	void client() {
		this.http = RestClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@Test
	void theSeedCatalogIsServed() {
		assertThat(read(get("/genres"), "$[*].name", List.class)).containsExactly("Rock");
		String artists = get("/artists?order=name").getBody();
		assertThat(JsonPath.<List<String>>read(artists, "$[*].name")).containsExactly("Pink Floyd", "Rolling Stones");
		int pink = JsonPath.read(artists, "$[0].id");
		assertThat(read(get("/artists/" + pink + "/albums"), "$[*].name", List.class))
			.containsExactly("Dark side of the moon", "The Wall");
		assertThat(read(get("/songs?order=title&limit=2&offset=1"), "$[*].title", List.class)).hasSize(2);
	}

	@Test
	void theSeedFlowThroughTheApi() {
		int genre = read(send(HttpMethod.POST, "/genres", Map.of("name", "Prog", "description", "long songs")), "$.id", Integer.class);
		ResponseEntity<String> artist = send(HttpMethod.POST, "/artists", Map.of("genreId", genre, "name", "Yes"));
		assertThat(artist.getStatusCode().value()).isEqualTo(201);
		int yes = read(artist, "$.id", Integer.class);
		ResponseEntity<String> album = send(HttpMethod.POST, "/albums", Map.of("artistId", yes, "name", "Close to the Edge",
				"songs", List.of(Map.of("title", "Close to the Edge", "durationSeconds", 1122),
						Map.of("title", "And You and I", "durationSeconds", 605))));
		assertThat(album.getStatusCode().value()).isEqualTo(201);
		int edge = read(album, "$.id", Integer.class);
		assertThat(read(get("/artists/" + yes + "/albums"), "$[*].name", List.class)).containsExactly("Close to the Edge");
		assertThat(read(get("/songs?albumId=" + edge + "&order=-durationSeconds"), "$[*].title", List.class))
			.containsExactly("Close to the Edge", "And You and I");
		assertThat(read(get("/artists?genreId=" + genre), "$[0].albums", Integer.class)).isEqualTo(1);
		int song = read(get("/songs?albumId=" + edge), "$[0].id", Integer.class);
		send(HttpMethod.POST, "/songs/" + song + "/plays", null);
		assertThat(read(send(HttpMethod.POST, "/songs/" + song + "/plays", null), "$.playCount", Integer.class)).isEqualTo(2);
		assertThat(read(send(HttpMethod.PUT, "/genres/" + genre, Map.of("description", "very long songs")), "$.description",
				String.class)).isEqualTo("very long songs");
		assertThat(send(HttpMethod.DELETE, "/albums/" + edge, null).getStatusCode().value()).isEqualTo(204);
		assertThat(get("/albums/" + edge).getStatusCode().value()).isEqualTo(404);
		assertThat(read(get("/songs?albumId=" + edge), "$.length()", Integer.class)).isZero();
		assertThat(send(HttpMethod.DELETE, "/artists/" + yes, null).getStatusCode().value()).isEqualTo(204);
		assertThat(send(HttpMethod.DELETE, "/genres/" + genre, null).getStatusCode().value()).isEqualTo(204);
	}

	@Test
	void badInputIs400NamingTheField() {
		ResponseEntity<String> missing = send(HttpMethod.POST, "/genres", Map.of("description", "no name"));
		assertThat(missing.getStatusCode().value()).isEqualTo(400);
		assertThat(read(missing, "$.field", String.class)).isEqualTo("name");
		ResponseEntity<String> noGenre = send(HttpMethod.POST, "/artists", Map.of("genreId", 999999, "name", "Nobody"));
		assertThat(noGenre.getStatusCode().value()).isEqualTo(400);
		assertThat(read(noGenre, "$.field", String.class)).isEqualTo("genreId");
		ResponseEntity<String> unknownOrder = get("/albums?order=nme");
		assertThat(unknownOrder.getStatusCode().value()).isEqualTo(400);
		assertThat(read(unknownOrder, "$.error", String.class)).contains("'nme'").contains("Album");
		assertThat(read(get("/genres?limit=abc"), "$.field", String.class)).isEqualTo("limit");
		assertThat(get("/genres?limit=-1").getStatusCode().value()).isEqualTo(400);
		ResponseEntity<String> zero = send(HttpMethod.POST, "/songs", Map.of("albumId", 1, "title", "Silence", "durationSeconds", 0));
		assertThat(read(zero, "$.field", String.class)).isEqualTo("durationSeconds");
		ResponseEntity<String> notJson = this.http.post().uri("/genres").contentType(MediaType.APPLICATION_JSON).body("{name:").retrieve()
			.toEntity(String.class);
		assertThat(notJson.getStatusCode().value()).isEqualTo(400);
	}

	@Test
	void unknownIdsAre404AndConstraintViolations409() {
		assertThat(get("/genres/999999").getStatusCode().value()).isEqualTo(404);
		assertThat(get("/songs/999999").getStatusCode().value()).isEqualTo(404);
		assertThat(send(HttpMethod.DELETE, "/artists/999999", null).getStatusCode().value()).isEqualTo(404);
		assertThat(send(HttpMethod.POST, "/genres", Map.of("name", "Rock")).getStatusCode().value()).isEqualTo(409);
		int rock = read(get("/genres"), "$[0].id", Integer.class);
		assertThat(send(HttpMethod.DELETE, "/genres/" + rock, null).getStatusCode().value()).isEqualTo(409);
		assertThat(read(get("/genres"), "$.length()", Integer.class)).isGreaterThanOrEqualTo(1);
	}

	@Test
	void aRequestThatFailsHalfwayLeavesBothDatabasesUnchanged() {
		String before = get("/stats").getBody();
		int pink = read(get("/artists?order=name"), "$[0].id", Integer.class);
		ResponseEntity<String> failed = send(HttpMethod.POST, "/albums", Map.of("artistId", pink, "name", "Animals", "songs",
				List.of(Map.of("title", "Dogs", "durationSeconds", 1024), Map.of("title", "Dogs", "durationSeconds", 1000))));
		assertThat(failed.getStatusCode().value()).isEqualTo(409);
		assertThat(get("/stats").getBody()).isEqualTo(before);
		assertThat(read(get("/albums?order=name"), "$[*].name", List.class)).doesNotContain("Animals");
	}

	@Test
	void listsFilterByOperatorsFromQueryParameters() {
		int rock = read(get("/genres?name=Rock"), "$[0].id", Integer.class);
		int can = read(send(HttpMethod.POST, "/artists", Map.of("genreId", rock, "name", "Can")), "$.id", Integer.class);
		int tago = read(send(HttpMethod.POST, "/albums", Map.of("artistId", can, "name", "Tago Mago", "songs",
				List.of(Map.of("title", "Halleluhwah", "durationSeconds", 1112), Map.of("title", "Oh Yeah", "durationSeconds", 443),
						Map.of("title", "Mushroom Love", "durationSeconds", 248)))), "$.id", Integer.class);
		String songs = "/songs?albumId=" + tago + "&order=title";
		assertThat(read(get(songs + "&durationSeconds.gt=300"), "$[*].title", List.class)).containsExactly("Halleluhwah", "Oh Yeah");
		assertThat(read(get(songs + "&durationSeconds.gt=300&durationSeconds.le=443"), "$[*].title", List.class))
			.containsExactly("Oh Yeah");
		assertThat(read(get(songs + "&title.icontains=LOVE"), "$[*].title", List.class)).containsExactly("Mushroom Love");
		assertThat(read(get(songs + "&title.in=Oh Yeah,Halleluhwah"), "$[*].title", List.class)).containsExactly("Halleluhwah", "Oh Yeah");
		assertThat(read(get(songs + "&durationSeconds.between=240,450"), "$[*].title", List.class)).containsExactly("Mushroom Love",
				"Oh Yeah");
		assertThat(read(get(songs + "&title=Oh Yeah"), "$[*].title", List.class)).containsExactly("Oh Yeah");
		assertThat(read(get("/albums?artist.name=Can"), "$[*].name", List.class)).containsExactly("Tago Mago");
		assertThat(read(get("/artists?name.startsWith=Ca&genre.name=Rock&description.isNull=true"), "$[*].name", List.class)).containsExactly("Can");
		assertThat(send(HttpMethod.DELETE, "/albums/" + tago, null).getStatusCode().value()).isEqualTo(204);
		assertThat(send(HttpMethod.DELETE, "/artists/" + can, null).getStatusCode().value()).isEqualTo(204);
	}

	@Test
	void aFilterTheModelDoesNotHaveIs400NamingTheParameter() {
		for (String parameter : List.of("lyrics=x", "durationSeconds.gt=long", "durationSeconds.gt=3.5", "durationSeconds=",
				"durationSeconds.bogus=1", "createdAt.gt=yesterday", "durationSeconds.between=1", "albumId.isNull=maybe")) {
			ResponseEntity<String> response = get("/songs?" + parameter);
			assertThat(response.getStatusCode().value()).as(parameter).isEqualTo(400);
			assertThat(read(response, "$.field", String.class)).as(parameter).isEqualTo(parameter.split("=")[0]);
		}
		ResponseEntity<String> unknown = get("/songs?lyrics=x");
		assertThat(read(unknown, "$.error", String.class)).contains("'lyrics'").contains("Song").contains("durationSeconds");
		ResponseEntity<String> collection = get("/artists?albums.name=The Wall");
		assertThat(collection.getStatusCode().value()).isEqualTo(400);
		assertThat(read(collection, "$.error", String.class)).contains("collection of Album");
	}

	@Test
	void theArtistListLoadsTheAlbumsOfAllArtistsInOneStatement() {
		int rock = read(get("/genres?name=Rock"), "$[0].id", Integer.class);
		Map<Integer, Integer> albumsByArtist = new LinkedHashMap<>();
		for (int i = 0; i < 40; i++) {
			int artist = read(send(HttpMethod.POST, "/artists", Map.of("genreId", rock, "name", "Band " + i)), "$.id", Integer.class);
			albumsByArtist.put(artist, read(send(HttpMethod.POST, "/albums", Map.of("artistId", artist, "name", "Debut " + i, "songs",
					List.of())), "$.id", Integer.class));
		}
		Statistics statistics = this.sessionFactory.getSessionFactory().getStatistics();
		long before = statistics.getPrepareStatementCount();
		ResponseEntity<String> artists = get("/artists?name.startsWith=Band");
		long statements = statistics.getPrepareStatementCount() - before;
		assertThat(read(artists, "$[*].albums", List.class)).hasSize(40).containsOnly(1);
		// the artists, their genre, their albums: not one query per artist, nor per batch of them
		assertThat(statements).isLessThanOrEqualTo(3);
		albumsByArtist.forEach((artist, album) -> {
			send(HttpMethod.DELETE, "/albums/" + album, null);
			send(HttpMethod.DELETE, "/artists/" + artist, null);
		});
	}

	@Test
	void healthShowsBothDatabases() {
		String health = get("/actuator/health").getBody();
		assertThat(JsonPath.<String>read(health, "$.components.philo.components.DEFAULT.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(health, "$.components.philo.components.MUSIC_CATALOG.status")).isEqualTo("UP");
	}

	private ResponseEntity<String> get(String path) {
		return this.http.get().uri(path).retrieve().toEntity(String.class);
	}

	private ResponseEntity<String> send(HttpMethod method, String path, Object body) {
		RestClient.RequestBodySpec request = this.http.method(method).uri(path).contentType(MediaType.APPLICATION_JSON);
		if (body != null) {
			request.body(body);
		}
		return request.retrieve().toEntity(String.class);
	}

	private static <T> T read(ResponseEntity<String> response, String path, Class<T> type) {
		return JsonPath.parse(response.getBody()).read(path, type);
	}

}
