package io.philo.orm.catalog;

import java.util.List;

import io.philo.orm.InvalidQueryException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Issue 13's observed defects: a value is converted to the field's type exactly or refused, naming
 * field, value and type; limit(0) is nothing; a bad id is an invalid query; collections are named.
 */
class QueryConversionTests extends QueryTestCase {

	@Test
	void anEmptyTextIsNotNull() {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.filterBy("number", "").list())
			.withMessageContaining("''")
			.withMessageContaining("field 'number' of Track")
			.withMessageContaining("Integer");
		assertThat(Track.objects.filterBy("title", "").list()).isEmpty();
	}

	@Test
	void numbersAreNeverTruncatedOrRounded() {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.filterBy("number", 3.7).list())
			.withMessageContaining("3.7")
			.withMessageContaining("'number'")
			.withMessageContaining("Integer");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.filterBy("number", "3.7").list());
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Track.objects.filterBy("durationSeconds", Long.MAX_VALUE).list());
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.filterBy("price", "1.2.9").list());
		// exact values of another type are the same number
		assertThat(titles(Track.objects.filterBy("number", 3.0))).containsExactly("Pigs", "Blue in Green");
		assertThat(titles(Track.objects.filterBy("number", "3"))).containsExactly("Pigs", "Blue in Green");
		assertThat(titles(Track.objects.filterBy("price", 1.29))).containsExactly("Comfortably Numb", "So What");
		assertThat(titles(Track.objects.filterBy("price", "1.290"))).containsExactly("Comfortably Numb", "So What");
	}

	@Test
	void aCollectionIsNotItsFirstElement() {
		List<Long> ids = Track.objects.all().list().stream().map(Track::getId).limit(2).toList();
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.filterBy("id", ids).list())
			.withMessageContaining("'id'")
			.withMessageContaining("in(");
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Track.objects.filterBy("id", new Long[] { ids.get(0) }).list());
	}

	@Test
	void aPasswordFieldIsRefusedWithAHintToMatchesInsteadOfHashingTheValue() {
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> User.objects.using("DEFAULT").filterBy("password", "secret").list())
			.withMessageContaining("'password'")
			.withMessageContaining("PasswordHash")
			.withMessageContaining("matches");
		assertThat(User.objects.using("DEFAULT").get("username", "ana").getPassword().matches("secret")).isTrue();
	}

	@Test
	void limitZeroIsNothing() {
		assertThat(Track.objects.all().limit(0).first()).isEmpty();
		assertThat(Track.objects.all().limit(0).exists()).isFalse();
		assertThat(Track.objects.all().limit(0).list()).isEmpty();
		assertThat(Track.objects.all().limit(0).stream()).isEmpty();
		assertThat(Track.objects.all().limit(0).count()).isEqualTo(8);
		assertThat(Track.objects.all().offset(7).exists()).isTrue();
		assertThat(Track.objects.all().offset(8).exists()).isFalse();
	}

	@Test
	void anEmptyOrUnconvertibleIdIsAnInvalidQuery() {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.get(""))
			.withMessageContaining("id of Genre")
			.withMessageContaining("Long");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.get("7.5"));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.get(List.of(this.rock.getId())));
		assertThat(Genre.objects.get(String.valueOf(this.rock.getId())).getName()).isEqualTo("Rock");
	}

	@Test
	void dateAndTimeFieldsTakeIso8601Text() throws Exception {
		String createdAt = committed("DEFAULT", (jdbc) -> jdbc.queryForObject("SELECT to_char(created_at AT TIME ZONE 'UTC',"
				+ " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM genre WHERE name = 'Rock'", String.class));
		assertThat(Genre.objects.filterBy("createdAt", createdAt).list()).extracting(Genre::getName).containsExactly("Rock");
		assertThat(titles(Track.objects.filterBy("releasedOn", "1977-01-23"))).containsExactly("Dogs", "Pigs");
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Genre.objects.filterBy("createdAt", "2024-05-01T10:15:30").list())
			.withMessageContaining("ISO-8601")
			.withMessageContaining("OffsetDateTime");
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Track.objects.filterBy("releasedOn", "23/01/1977").list())
			.withMessageContaining("LocalDate");
	}

	@Test
	void aCollectionFieldIsNamedAsACollectionWithWhatCanBeDoneWithIt() {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Artist.objects.filterBy("albums", this.wall).list())
			.withMessageContaining("'albums' of Artist is a collection of Album")
			.withMessageContaining("prefetch(\"albums\")");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Artist.objects.filterBy("nme", "Can").list())
			.withMessageContaining("'nme'")
			.withMessageContaining("name")
			.withMessageContaining("collections")
			.withMessageContaining("albums");
	}

	@Test
	void booleansAndUuidsConvertOnlyFromTheirExactText() {
		assertThat(titles(Track.objects.filterBy("explicit", "true"))).containsExactly("Halleluhwah");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Track.objects.filterBy("explicit", "yes").list())
			.withMessageContaining("Boolean");
		String token = User.objects.using("DEFAULT").get("username", "ana").getToken().toString();
		assertThat(User.objects.using("DEFAULT").filterBy("token", token.toUpperCase()).exists()).isTrue();
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> User.objects.using("DEFAULT").filterBy("token", "1-2-3-4-5").list())
			.withMessageContaining("UUID");
	}

}
