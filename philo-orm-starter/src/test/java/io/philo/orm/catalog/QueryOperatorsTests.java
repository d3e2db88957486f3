package io.philo.orm.catalog;

import java.util.List;

import io.philo.orm.InvalidQueryException;
import io.philo.orm.Query;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Every operator of Query, ANDed; OR and NOT over groups; wildcards of contains/startsWith escaped. */
class QueryOperatorsTests extends QueryTestCase {

	@Test
	void eqAndNeWithSqlsNullSemantics() {
		assertThat(titles(Track.objects.all().eq("title", "Dogs"))).containsExactly("Dogs");
		assertThat(titles(Track.objects.all().eq("number", null))).containsExactly("100% Love_Song");
		// a null number is neither 1 nor not 1
		assertThat(titles(Track.objects.all().ne("number", 1))).containsExactly("Comfortably Numb", "Dogs", "Pigs", "Blue in Green",
				"Halleluhwah");
		assertThat(Track.objects.all().ne("number", null).count()).isEqualTo(7);
	}

	@Test
	void gtGeLtLe() {
		assertThat(titles(Track.objects.all().gt("durationSeconds", 1024))).containsExactly("Halleluhwah");
		assertThat(titles(Track.objects.all().ge("durationSeconds", 1024))).containsExactly("Dogs", "Halleluhwah");
		assertThat(titles(Track.objects.all().lt("durationSeconds", "280"))).containsExactly("100% Love_Song");
		assertThat(titles(Track.objects.all().le("durationSeconds", 280L))).containsExactly("Hey You", "100% Love_Song");
		assertThat(titles(Track.objects.all().lt("releasedOn", "1960-01-01"))).containsExactly("So What", "Blue in Green");
		assertThat(titles(Track.objects.all().gt("title", "Pigs"))).containsExactly("So What");
	}

	@Test
	void betweenIncludesBothEnds() {
		assertThat(titles(Track.objects.all().between("durationSeconds", 337, 562))).containsExactly("Comfortably Numb", "So What",
				"Blue in Green");
		assertThat(titles(Track.objects.all().between("price", "1.99", "2.49"))).containsExactly("Dogs", "Pigs");
	}

	@Test
	void inAndNotIn() {
		assertThat(titles(Track.objects.all().in("title", "Dogs", "Pigs", "Sheep"))).containsExactly("Dogs", "Pigs");
		assertThat(titles(Track.objects.all().in("number", List.of(6, "4")))).containsExactly("Comfortably Numb", "Halleluhwah");
		assertThat(Track.objects.all().in("number", List.of()).list()).isEmpty();
		assertThat(titles(Track.objects.all().notIn("number", 1, 3))).containsExactly("Comfortably Numb", "Dogs", "Halleluhwah");
		assertThat(Track.objects.all().notIn("number", List.of()).count()).isEqualTo(8);
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.all().in("number", 1, 2.5))
			.withMessageContaining("2.5");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.all().in("number", 1, null))
			.withMessageContaining("isNull");
	}

	@Test
	void likeAndIlikeTakePatternsAsGiven() {
		assertThat(titles(Track.objects.all().like("title", "_ogs"))).containsExactly("Dogs");
		assertThat(titles(Track.objects.all().like("title", "%in%"))).containsExactly("Blue in Green");
		assertThat(titles(Track.objects.all().like("title", "so%"))).isEmpty();
		assertThat(titles(Track.objects.all().ilike("title", "so%"))).containsExactly("So What");
	}

	@Test
	void containsIcontainsAndStartsWithMatchWildcardsAsPlainCharacters() {
		assertThat(titles(Track.objects.all().contains("title", "%"))).containsExactly("100% Love_Song");
		assertThat(titles(Track.objects.all().contains("title", "_"))).containsExactly("100% Love_Song");
		assertThat(titles(Track.objects.all().contains("title", "!"))).isEmpty();
		assertThat(titles(Track.objects.all().contains("title", "Blue"))).containsExactly("Blue in Green");
		assertThat(titles(Track.objects.all().contains("title", "blue"))).isEmpty();
		assertThat(titles(Track.objects.all().icontains("title", "BLUE"))).containsExactly("Blue in Green");
		assertThat(titles(Track.objects.all().startsWith("title", "100%"))).containsExactly("100% Love_Song");
		assertThat(titles(Track.objects.all().startsWith("title", "1_0"))).isEmpty();
		assertThat(titles(Track.objects.all().contains("title", "' OR '1'='1"))).isEmpty();
	}

	@Test
	void isNullAndIsNotNull() {
		assertThat(titles(Track.objects.all().isNull("releasedOn"))).containsExactly("100% Love_Song");
		assertThat(Track.objects.all().isNotNull("releasedOn").count()).isEqualTo(7);
		assertThat(titles(Track.objects.all().isNotNull("uploaderId"))).containsExactly("Hey You", "Comfortably Numb");
	}

	@Test
	void criteriaAreAnded() {
		assertThat(titles(Track.objects.all().gt("durationSeconds", 300).lt("price", "1.50").eq("explicit", false)))
			.containsExactly("Comfortably Numb", "So What", "Blue in Green");
	}

	@Test
	void orMatchesAnyGroupAndStaysAndedWithTheRest() {
		assertThat(titles(Track.objects.all().or((q) -> q.eq("title", "Dogs"), (q) -> q.gt("durationSeconds", 1000).eq("explicit", true))))
			.containsExactly("Dogs", "Halleluhwah");
		assertThat(titles(Track.objects.filterBy("albumId", this.animals.getId())
			.or((q) -> q.eq("title", "Dogs"), (q) -> q.eq("title", "So What")))).containsExactly("Dogs");
	}

	@Test
	void notNegatesAGroup() {
		assertThat(titles(Track.objects.all().not((q) -> q.lt("durationSeconds", 600)))).containsExactly("Dogs", "Pigs", "Halleluhwah");
		assertThat(titles(Track.objects.all().not((q) -> q.lt("durationSeconds", 600).isNotNull("uploaderId"))))
			.containsExactly("Dogs", "Pigs", "So What", "Blue in Green", "Halleluhwah", "100% Love_Song");
		assertThat(titles(Track.objects.all().not((q) -> q.or((a) -> a.eq("number", 1), (b) -> b.isNull("number")))))
			.containsExactly("Comfortably Numb", "Dogs", "Pigs", "Blue in Green", "Halleluhwah");
	}

	@Test
	void groupsTakeCriteriaOnly() {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.all().or((q) -> q))
			.withMessageContaining("needs criteria");
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Track.objects.all().not((q) -> q.eq("title", "Dogs").limit(1)))
			.withMessageContaining("criteria only");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.all().or());
	}

	@Test
	void operatorsCheckTheFieldsKind() {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.all().like("durationSeconds", "1%"))
			.withMessageContaining("text fields");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.all().gt("album", this.wall))
			.withMessageContaining("album.id");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.all().gt("number", null))
			.withMessageContaining("isNull");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.all().contains("title", null));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.all().ge("numbr", 1))
			.withMessageContaining("'numbr'");
	}

	@Test
	void everyOperatorReturnsANewQueryAndLeavesItsOriginalAlone() {
		Query<Track> all = Track.objects.all();
		Query<Track> long_ = all.gt("durationSeconds", 600);
		assertThat(long_).isNotSameAs(all);
		long_.or((q) -> q.eq("title", "Dogs")).not((q) -> q.isNull("number")).in("number", 2).orderBy("-title").limit(1);
		assertThat(all.count()).isEqualTo(8);
		assertThat(titles(long_)).containsExactly("Dogs", "Pigs", "Halleluhwah");
	}

}
