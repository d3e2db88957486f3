package io.philo.orm.catalog;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.philo.orm.InvalidQueryException;
import io.philo.orm.Query;
import io.philo.orm.pool.UnknownConnectionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Manager and Query: every method, field checking, and values bound rather than spliced. */
class QueryTests extends CatalogTestCase {

	@BeforeEach
	void fiveGenres() {
		for (String name : List.of("Rock", "Jazz", "Blues", "Soul", "Punk")) {
			new Genre(name, (name.length() == 4) ? "four letters" : "other").add();
		}
		this.pool.commit();
	}

	@Test
	void defaultOrderIsById() {
		assertThat(Genre.objects.all().list()).extracting(Genre::getName).containsExactly("Rock", "Jazz", "Blues", "Soul", "Punk");
	}

	@Test
	void orderLimitOffsetAndChainingLeaveTheOriginalUnchanged() {
		Query<Genre> fourLetters = Genre.objects.filterBy("description", "four letters");
		Query<Genre> page = fourLetters.orderBy("-name").offset(1).limit(2);
		assertThat(page.list()).extracting(Genre::getName).containsExactly("Rock", "Punk");
		assertThat(fourLetters.list()).hasSize(4);
		assertThat(fourLetters.count()).isEqualTo(4);
		assertThat(Genre.objects.all().orderBy("description", "-name").first()).get().extracting(Genre::getName).isEqualTo("Soul");
	}

	@Test
	void countExistsStreamIterateAndGet() {
		assertThat(Genre.objects.count()).isEqualTo(5);
		assertThat(Genre.objects.filterBy("name", "Jazz").exists()).isTrue();
		assertThat(Genre.objects.filterBy("name", "Disco").exists()).isFalse();
		try (Stream<Genre> stream = Genre.objects.all().stream()) {
			assertThat(stream.map(Genre::getName)).contains("Blues");
		}
		int seen = 0;
		for (Genre genre : Genre.objects.filterBy(Map.of("description", "other"))) {
			assertThat(genre.getName()).isEqualTo("Blues");
			seen++;
		}
		assertThat(seen).isEqualTo(1);
		assertThat(Genre.objects.get("name", "Soul").getDescription()).isEqualTo("four letters");
		assertThat(Genre.objects.filterBy("description", null).count()).isZero();
	}

	@Test
	void deleteRemovesTheMatchingRowsInOneStatement() {
		assertThat(Genre.objects.filterBy("description", "four letters").delete()).isEqualTo(4);
		this.pool.commit();
		assertThat(Genre.objects.count()).isEqualTo(1);
	}

	@Test
	void valuesAreConvertedToTheFieldsType() {
		Genre rock = Genre.objects.get("name", "Rock");
		assertThat(Genre.objects.get(String.valueOf(rock.getId()))).isSameAs(rock);
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.get("not a number"))
			.withMessageContaining("Long");
	}

	@Test
	void unknownFieldsAreErrorsNamingTheFieldAndTheModel() {
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.filterBy("nme", "Rock"))
			.withMessageContaining("'nme'")
			.withMessageContaining("Genre")
			.withMessageContaining("name");
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Genre.objects.all().orderBy("name; drop table genre"));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.get(Map.of()));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.all().limit(-1));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.filterBy("name", "Ro\u0000ck"))
			.withMessageContaining("NUL");
		assertThat(Genre.objects.count()).isEqualTo(5);
	}

	@Test
	void valuesAndRawSqlParametersAreBoundNeverSpliced() {
		String hostile = "Rock' OR '1'='1";
		assertThat(Genre.objects.filterBy("name", hostile).list()).isEmpty();
		List<Object[]> rows = Genre.objects.rawSql("SELECT count(*) FROM genre WHERE name = :name", Map.of("name", hostile));
		assertThat(((Number) rows.get(0)[0]).longValue()).isZero();
		List<Object[]> changed = Genre.objects.rawSql("UPDATE genre SET description = :d WHERE name = :n",
				Map.of("d", "'; DROP TABLE genre; --", "n", "Rock"));
		assertThat(((Number) changed.get(0)[0]).intValue()).isEqualTo(1);
		assertThat(Genre.objects.count()).isEqualTo(5);
	}

	@Test
	void rawSqlThatWritesJoinsTheUnitOfWorkEvenWhenItReturnsRows() {
		List<Object[]> deleted = Genre.objects.rawSql("WITH gone AS (DELETE FROM genre WHERE name = :n RETURNING id) "
				+ "SELECT count(*) FROM gone", Map.of("n", "Jazz"));
		assertThat(((Number) deleted.get(0)[0]).intValue()).isEqualTo(1);
		List<Object[]> inserted = Genre.objects.rawSql("INSERT INTO genre (id, name, description, created_at, updated_at) "
				+ "VALUES (nextval('genre_seq'), :n, 'new', now(), now()) RETURNING name", Map.of("n", "Disco"));
		assertThat(inserted.get(0)[0]).isEqualTo("Disco");
		assertThat(Genre.objects.count()).isEqualTo(5);
		this.pool.rollback();
		assertThat(Genre.objects.all().list()).extracting(Genre::getName).containsExactly("Rock", "Jazz", "Blues", "Soul", "Punk");
	}

	@Test
	void unknownConnectionsListTheConfiguredOnes() {
		assertThatExceptionOfType(UnknownConnectionException.class).isThrownBy(() -> Genre.objects.using("MUSIC"))
			.withMessageContaining("'MUSIC'")
			.withMessageContaining("DEFAULT, DB2");
		assertThat(Genre.objects.using("db-2").count()).isZero();
	}

	@Test
	void aModelsDefaultConnectionIsItsDatabaseAnnotation() {
		User ana = new User("ana", "123");
		ana.add();
		this.pool.commit("DB2");
		assertThat(User.objects.count()).isEqualTo(1);
		assertThat(User.objects.using("DEFAULT").count()).isZero();
		ana.delete();
		this.pool.commit("DB2");
		assertThat(User.objects.count()).isZero();
	}

}
