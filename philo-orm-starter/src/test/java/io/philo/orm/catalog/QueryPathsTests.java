package io.philo.orm.catalog;

import io.philo.orm.InvalidQueryException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Paths through relationships in criteria and order: joined, checked segment by segment, hostile ones refused. */
class QueryPathsTests extends QueryTestCase {

	@Test
	void filterThroughRelationships() {
		assertThat(Album.objects.filterBy("artist.name", "Pink Floyd").list()).extracting(Album::getName)
			.containsExactly("The Wall", "Animals");
		assertThat(titles(Track.objects.filterBy("album.artist.genre.name", "Jazz"))).containsExactly("So What", "Blue in Green");
		assertThat(titles(Track.objects.all().startsWith("album.artist.name", "Pink").gt("durationSeconds", 600)))
			.containsExactly("Dogs", "Pigs");
		assertThat(Track.objects.filterBy("album.artist.name", "Pink Floyd").count()).isEqualTo(4);
		assertThat(Track.objects.filterBy("uploader.username", "ana").exists()).isTrue();
	}

	@Test
	void aMissingRelationIsAJoinThatKeepsTheObject() {
		assertThat(Artist.objects.all().isNull("genre.name").list()).extracting(Artist::getName).containsExactly("Can");
		assertThat(Artist.objects.all().orderBy("genre.name", "name").list()).extracting(Artist::getName)
			.containsExactly("Miles Davis", "Pink Floyd", "Can");
		assertThat(Artist.objects.all().or((q) -> q.eq("genre.name", "Jazz"), (q) -> q.isNull("genreId")).list())
			.extracting(Artist::getName).containsExactly("Miles Davis", "Can");
	}

	@Test
	void orderThroughRelationships() {
		assertThat(Album.objects.all().orderBy("artist.name", "-id").list()).extracting(Album::getName)
			.containsExactly("Tago Mago", "Kind of Blue", "Animals", "The Wall");
		assertThat(titles(Track.objects.all().gt("durationSeconds", 600).orderBy("-album.artist.name", "title")))
			.containsExactly("Dogs", "Pigs", "Halleluhwah");
	}

	@Test
	void aRelationshipItselfComparesAsItsObject() {
		assertThat(Album.objects.filterBy("artist", this.pink).count()).isEqualTo(2);
		assertThat(Album.objects.all().isNotNull("artist").count()).isEqualTo(4);
	}

	@Test
	void deleteAndUpdateThroughRelationshipsTakeTheRowsOfTheJoin() {
		assertThat(Track.objects.filterBy("album.artist.name", "Can").delete()).isEqualTo(2);
		this.pool.commit();
		assertThat(Track.objects.count()).isEqualTo(6);
		assertThat(Album.objects.count()).isEqualTo(4);
	}

	@Test
	void aPasswordAtTheEndOfAPathIsRefusedWithAHintToMatches() {
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Track.objects.filterBy("uploader.password", "secret"))
			.withMessageContaining("'uploader.password'")
			.withMessageContaining("PasswordHash")
			.withMessageContaining("matches");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.all().orderBy("uploader.password"))
			.withMessageContaining("PasswordHash");
	}

	@Test
	void hostilePathsAreRefusedClearly() {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Album.objects.filterBy("artist..name", "x"))
			.withMessageContaining("'artist..name'")
			.withMessageContaining("empty segment");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Album.objects.all().orderBy("-artist..name"))
			.withMessageContaining("empty segment");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Album.objects.filterBy(".name", "x"));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Album.objects.filterBy("name.", "x"));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Album.objects.filterBy("", "x"));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Artist.objects.filterBy("albums.name", "The Wall"))
			.withMessageContaining("'albums' of Artist is a collection of Album")
			.withMessageContaining("prefetch(\"albums\")");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Album.objects.filterBy("name.length", 3))
			.withMessageContaining("not a relationship");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Album.objects.filterBy("artist.nme", "x"))
			.withMessageContaining("'nme' in 'artist.nme' of model Artist")
			.withMessageContaining("name");
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Album.objects.filterBy("artist.name) or (1=1", "x"))
			.withMessageContaining("Unknown field");
		String tenThousand = "artist.".repeat(1_428) + "name";
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Album.objects.filterBy(tenThousand, "x"))
			.withMessageContaining("at most 256 characters")
			.withMessageContaining(String.valueOf(tenThousand.length()))
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(300));
		String circular = "artist.genre.".repeat(9) + "name";
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Album.objects.filterBy(circular, "x"))
			.withMessageContaining("Unknown field 'artist'")
			.withMessageContaining("of model Genre");
		assertThat(Album.objects.count()).isEqualTo(4);
	}

}
