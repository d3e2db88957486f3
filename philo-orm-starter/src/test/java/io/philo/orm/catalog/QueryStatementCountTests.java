package io.philo.orm.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.philo.orm.catalog.UnitOfWorkCostTests.ThreadSql;
import org.hibernate.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What queries cost, in statements counted on the calling thread (as UnitOfWorkCostTests counts
 * them, sharing its application context): no N+1 when relations of many objects are read, one
 * statement per prefetched relation, one count per page, one SELECT per projection.
 */
@TestPropertySource(properties = "spring.jpa.properties[hibernate.session_factory.statement_inspector]="
		+ "io.philo.orm.catalog.UnitOfWorkCostTests$ThreadSql")
class QueryStatementCountTests extends CatalogTestCase {

	private static final int N = 100;

	/** philo.orm.batch-fetch-size's default. */
	private static final int BATCH = 32;

	/** N artists with an album of two tracks each, committed; this thread's session then holds nothing. */
	@BeforeEach
	void hundredArtists() {
		List<Artist> artists = IntStream.range(0, N).mapToObj((i) -> new Artist(null, "artist " + i, null)).toList();
		Artist.objects.addAll(artists);
		List<Album> albums = artists.stream().map((artist) -> new Album(artist.getId(), "album of " + artist.getName(), null)).toList();
		Album.objects.addAll(albums);
		List<Track> tracks = new ArrayList<>();
		albums.forEach((album) -> {
			tracks.add(new Track(album, "one", 1, 100, "1.00", LocalDate.of(2000, 1, 1)));
			tracks.add(new Track(album, "two", 2, 200, "1.00", LocalDate.of(2000, 1, 1)));
		});
		Track.objects.addAll(tracks);
		this.pool.commit();
		this.pool.close();
	}

	@Test
	void readingARelationOfEachOfNLoadedObjectsCostsAtMostOneStatementPerBatchPlusOne() {
		int bound = (N + BATCH - 1) / BATCH + 1;
		List<String> collections = ThreadSql.during(() -> Artist.objects.all().list().forEach((artist) -> assertThat(artist.getAlbums()).hasSize(1)));
		assertThat(collections).withFailMessage("%d statements: %s", collections.size(), collections.subList(0, 2)).hasSizeLessThanOrEqualTo(bound);
		this.pool.close();
		List<String> objects = ThreadSql.during(() -> Track.objects.all().list().forEach((track) -> assertThat(track.getAlbum().getName()).startsWith("album")));
		assertThat(objects).withFailMessage("%d statements: %s", objects.size(), objects.subList(0, 2)).hasSizeLessThanOrEqualTo(bound);
	}

	@Test
	void prefetchLoadsEachNamedRelationOfTheWholeResultInOneStatement() {
		List<String> statements = ThreadSql.during(() -> {
			List<Artist> artists = Artist.objects.all().prefetch("albums.tracks").list();
			assertThat(artists).hasSize(N);
			artists.forEach((artist) -> assertThat(artist.getAlbums().get(0).getTracks()).extracting(Track::getTitle)
				.containsExactlyInAnyOrder("one", "two"));
		});
		// the artists, their albums, the albums' tracks
		assertThat(statements).withFailMessage("%s", statements).hasSize(3);
		assertThat(ThreadSql.during(() -> Artist.objects.filterBy("name", "nobody").prefetch("albums").list())).hasSize(1);
	}

	@Test
	void aPageCostsItsSelectAndOneCount() {
		List<String> statements = ThreadSql.during(
				() -> assertThat(Artist.objects.all().page(PageRequest.of(3, 10)).getTotalElements()).isEqualTo(N));
		assertThat(statements).hasSize(2);
		assertThat(statements).filteredOn((sql) -> sql.contains("count(")).hasSize(1);
	}

	@Test
	void keysetPagesAreOneSelectWithoutOffset() {
		long last = Artist.objects.all().offset(50).first().orElseThrow().getId();
		List<String> statements = ThreadSql.during(() -> assertThat(Artist.objects.all().limit(10).after(last).list()).hasSize(10));
		assertThat(statements).singleElement().asString().doesNotContainIgnoringCase("offset");
	}

	record ArtistName(String name) {
	}

	@Test
	void aProjectionIsOneSelectOfItsColumnsAndLoadsNoObject() {
		List<String> statements = ThreadSql.during(() -> assertThat(Artist.objects.all().as(ArtistName.class)).hasSize(N));
		assertThat(statements).singleElement().asString().doesNotContain("description").doesNotContain("created_at");
		assertThat(this.pool.session().unwrap(Session.class).getStatistics().getEntityCount()).isZero();
	}

	@Test
	void aBulkUpdateIsOneStatement() {
		List<String> statements = ThreadSql.during(
				() -> assertThat(Artist.objects.all().startsWith("name", "artist 1").update(Map.of("description", "ones"))).isEqualTo(11));
		assertThat(statements).singleElement().asString().startsWithIgnoringCase("update");
		this.pool.commit();
	}

}
