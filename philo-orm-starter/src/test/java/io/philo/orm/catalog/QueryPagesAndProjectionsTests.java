package io.philo.orm.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.philo.orm.InvalidQueryException;
import io.philo.orm.Query;
import org.junit.jupiter.api.Test;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** page(Pageable), keyset paging with after(), projections onto records with as(), bulk update(). */
class QueryPagesAndProjectionsTests extends QueryTestCase {

	@Test
	void pagesFollowThePageablesSortAndCountTheWholeQuery() {
		Query<Track> query = Track.objects.all().gt("durationSeconds", 200);
		Page<Track> first = query.page(PageRequest.of(0, 3, Sort.by("durationSeconds")));
		assertThat(titles(first.getContent())).containsExactly("Hey You", "Blue in Green", "Comfortably Numb");
		assertThat(first.getTotalElements()).isEqualTo(7);
		assertThat(first.getTotalPages()).isEqualTo(3);
		Page<Track> last = query.page(PageRequest.of(2, 3, Sort.by("durationSeconds")));
		assertThat(titles(last.getContent())).containsExactly("Halleluhwah");
		assertThat(last.isLast()).isTrue();
		Page<Track> byAlbum = Track.objects.all().page(PageRequest.of(0, 2, Sort.by(Sort.Order.desc("album.name"), Sort.Order.asc("title"))));
		assertThat(titles(byAlbum.getContent())).containsExactly("Comfortably Numb", "Hey You");
		// no sort in the Pageable: the query's order
		assertThat(titles(Track.objects.all().orderBy("-durationSeconds").page(PageRequest.of(1, 2)))).containsExactly("Pigs", "So What");
		assertThat(Track.objects.all().page(Pageable.unpaged()).getTotalElements()).isEqualTo(8);
	}

	@Test
	void aPageableSortIsCheckedAsAnyOrder() {
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Track.objects.all().page(PageRequest.of(0, 3, Sort.by("title; drop table track"))))
			.withMessageContaining("Unknown field");
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Track.objects.all().page(PageRequest.of(0, 3, Sort.by(Sort.Order.asc("title").ignoreCase()))))
			.withMessageContaining("ignoring case");
	}

	@Test
	void keysetPagesWalkTheWholeTableInOrderWithoutOffset() {
		List<String> walked = new ArrayList<>();
		Query<Track> pages = Track.objects.all().limit(3);
		List<Track> page = pages.list();
		while (!page.isEmpty()) {
			walked.addAll(titles(page));
			page = pages.after(page.get(page.size() - 1).getId()).list();
		}
		assertThat(walked).isEqualTo(titles(Track.objects.all()));
		assertThat(pages.after(0L).toString()).doesNotContain("offset");
	}

	@Test
	void keysetPagesFollowAnyOrderWithIdBreakingTies() {
		Query<Track> byPrice = Track.objects.all().orderBy("-price").limit(3);
		List<Track> first = byPrice.list();
		assertThat(titles(first)).containsExactly("Dogs", "Pigs", "Halleluhwah");
		Track last = first.get(2);
		// ties of price broken by id, descending as price is
		assertThat(titles(byPrice.after(last.getPrice(), last.getId()))).containsExactly("So What", "Comfortably Numb", "Blue in Green");
		// mixed directions: album ascending, duration descending
		Query<Track> mixed = Track.objects.all().orderBy("albumId", "-durationSeconds").limit(2);
		Track wallLast = mixed.list().get(1);
		assertThat(titles(mixed.after(wallLast.getAlbumId(), wallLast.getDurationSeconds(), wallLast.getId()))).containsExactly("Dogs",
				"Pigs");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> byPrice.after(last.getPrice()))
			.withMessageContaining("price, id");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> byPrice.after(null, last.getId()));
	}

	record TrackLine(String title, int durationSeconds, String albumName, String albumArtistName) {
	}

	record Pricing(Long id, BigDecimal price) {
	}

	@Test
	void projectionsReadFieldsAndPathsIntoRecords() {
		assertThat(Track.objects.all().gt("durationSeconds", 1000).orderBy("-durationSeconds").as(TrackLine.class)).containsExactly(
				new TrackLine("Halleluhwah", 1112, "Tago Mago", "Can"), new TrackLine("Dogs", 1024, "Animals", "Pink Floyd"));
		assertThat(Track.objects.filterBy("title", "Dogs").as(Pricing.class)).singleElement()
			.extracting(Pricing::price)
			.isEqualTo(new BigDecimal("2.49"));
		assertThat(Track.objects.all().limit(2).offset(1).as(Pricing.class)).hasSize(2);
	}

	record Wrong(Long title) {
	}

	record Unknown(String lyrics) {
	}

	record WholeAlbum(Album album) {
	}

	@Test
	void projectionComponentsAreChecked() {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.all().as(Wrong.class))
			.withMessageContaining("'title' of Wrong is Long")
			.withMessageContaining("String");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.all().as(Unknown.class))
			.withMessageContaining("'lyrics'");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.all().as(WholeAlbum.class))
			.withMessageContaining("relationship");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.all().as(String.class))
			.withMessageContaining("record");
	}

	@Test
	void bulkUpdateIsOneStatementAndHeldObjectsShowItAfterTheCommit() {
		Track dogs = Track.objects.get("title", "Dogs");
		assertThat(Track.objects.filterBy("album.artist.name", "Pink Floyd").update(Map.of("price", "3.00", "explicit", true)))
			.isEqualTo(4);
		this.pool.commit();
		assertThat(dogs.getPrice()).isEqualByComparingTo("3.00");
		assertThat(dogs.isExplicit()).isTrue();
		assertThat(dogs.getUpdatedAt()).isAfter(dogs.getCreatedAt());
		assertThat(titles(Track.objects.filterBy("price", "3.00"))).containsExactly("Hey You", "Comfortably Numb", "Dogs", "Pigs");
		assertThat(Track.objects.filterBy("title", "So What").update(Map.of("number", 9))).isEqualTo(1);
		this.pool.rollback();
		assertThat(Track.objects.filterBy("number", 9).exists()).isFalse();
	}

	@Test
	void bulkUpdateValuesAndFieldsAreChecked() {
		Query<Track> all = Track.objects.all();
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> all.update(Map.of("number", 3.5)))
			.withMessageContaining("3.5");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> all.update(Map.of()));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> all.limit(2).update(Map.of("number", 3)))
			.withMessageContaining("limit()");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> all.update(Map.of("album", this.wall)))
			.withMessageContaining("albumId");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> all.update(Map.of("album.name", "x")));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> all.update(Map.of("id", 1)));
		assertThat(Track.objects.filterBy("number", 3).count()).isEqualTo(2);
	}

}
