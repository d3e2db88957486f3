package io.philo.orm.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.philo.orm.NotFoundException;
import io.philo.orm.types.PasswordHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Flask-Philo's test/tests/db/postgresql (test_models.py, test_multidb.py, test_base.py), in Java. */
class FlaskPhiloParityTests extends CatalogTestCase {

	@Test
	void connection() {
		List<Object[]> rows = Genre.objects.rawSql("SELECT 19");
		assertThat(((Number) rows.get(0)[0]).intValue()).isEqualTo(19);
	}

	@Test
	void password() {
		PasswordHash hash = PasswordHash.of("123");
		assertThat(hash.matches("123")).isTrue();
		assertThat(hash.matches("1232")).isFalse();
		assertThat(hash.toString()).doesNotContain("$2");
	}

	@Test
	void simpleInsert() {
		assertThat(Genre.objects.count()).isZero();
		new Genre("Rock", "rock yeah!!!").add();
		this.pool.commit();
		assertThat(Genre.objects.count()).isEqualTo(1);
		new Genre("Jazz", "jazz").add();
		this.pool.commit();
		assertThat(Genre.objects.count()).isEqualTo(2);
	}

	@Test
	void multiInsert() {
		List<Genre> genres = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			genres.add(new Genre("genre " + i, "description " + i));
		}
		Genre.objects.addAll(genres);
		assertThat(genres).allSatisfy((genre) -> assertThat(genre.getId()).isNotNull());
		this.pool.commit();
		assertThat(Genre.objects.count()).isEqualTo(100);
	}

	@Test
	void relationships() {
		Genre rock = new Genre("Rock", "rock yeah!!!");
		rock.add();
		this.pool.commit();
		Artist pink = new Artist(rock.getId(), "Pink Floyd", "Awsome");
		pink.add();
		this.pool.commit();
		new Album(pink.getId(), "Dark side of the moon", "Interesting").add();
		this.pool.commit();
		Artist rolling = new Artist(rock.getId(), "Rolling Stones", "Acceptable");
		rolling.add();
		this.pool.commit();
		new Album(rolling.getId(), "Greatest hits", "Interesting").add();
		this.pool.commit();
		assertThat(Album.objects.count()).isEqualTo(2);
		new Album(pink.getId(), "The Wall", "Interesting").add();
		this.pool.commit();
		assertThat(pink.getAlbums()).hasSize(2);
		assertThat(Artist.objects.filterBy("genreId", rock.getId()).list()).hasSize(2);
		assertThat(pink.getGenre().getName()).isEqualTo("Rock");
	}

	@Test
	void update() {
		Genre genre = new Genre("Rock", "rock yeah!!!");
		genre.add();
		this.pool.commit();
		genre.setDescription("updated description");
		genre.update();
		this.pool.commit();
		this.pool.close();
		assertThat(Genre.objects.get(genre.getId()).getDescription()).isEqualTo("updated description");
		assertThat(Genre.objects.count()).isEqualTo(1);
	}

	@Test
	void getForUpdate() {
		Genre genre = new Genre("Rock", "rock yeah!!!");
		genre.add();
		this.pool.commit();
		assertThat(Genre.objects.getForUpdate(genre.getId()).getId()).isEqualTo(genre.getId());
		assertThat(Genre.objects.getForUpdate(Map.of("name", "Rock")).getId()).isEqualTo(genre.getId());
	}

	@Test
	void delete() {
		Genre genre = new Genre("Rock", "rock yeah!!!");
		genre.add();
		this.pool.commit();
		assertThat(Genre.objects.count()).isEqualTo(1);
		genre.delete();
		this.pool.commit();
		assertThat(Genre.objects.count()).isZero();
	}

	@Test
	void rawSql() {
		Genre rock = new Genre("Rock", "rock yeah!!!");
		rock.add();
		Artist pink = new Artist(rock.getId(), "Pink Floyd", "Awsome");
		pink.add();
		new Artist(rock.getId(), "Rolling Stones", "Acceptable").add();
		this.pool.commit();
		String sql = "SELECT a.name AS artist_name, g.name AS genre_name FROM artist a JOIN genre g ON g.id = a.genre_id";
		List<Object[]> all = Artist.objects.rawSql(sql + " ORDER BY a.id DESC");
		assertThat(all).hasSize(2);
		assertThat(all.get(0)[0]).isEqualTo("Rolling Stones");
		List<Object[]> one = Artist.objects.rawSql(sql + " WHERE a.id = :artist_id", Map.of("artist_id", pink.getId()));
		assertThat(one).hasSize(1);
		assertThat(one.get(0)[0]).isEqualTo("Pink Floyd");
	}

	@Test
	void notFound() {
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> Genre.objects.get(-666L))
			.withMessageContaining("Object not found");
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> Genre.objects.get(Map.of("id", -666L)))
			.withMessageContaining("Object not found");
	}

	@Test
	void encryptedPassword() throws Exception {
		User user = new User("ana", "123");
		user.add();
		this.pool.commit("DB2");
		// a fresh object: loaded by another thread's session
		User reloaded = CompletableFuture.supplyAsync(() -> {
			try {
				return User.objects.get(user.getId());
			}
			finally {
				this.pool.close();
			}
		}).get();
		assertThat(reloaded).isNotSameAs(user);
		assertThat(reloaded.getPassword().matches("123")).isTrue();
		assertThat(reloaded.getPassword().matches("1232")).isFalse();
		assertThat(reloaded.getToken()).isEqualTo(user.getToken());
	}

	@Test
	void multipleDatabases() {
		Genre onDefault = new Genre("Rock", "on DEFAULT");
		onDefault.add();
		this.pool.commit();
		Genre onDb2 = new Genre("Rock", "on DB2");
		onDb2.add("DB2");
		this.pool.commit("DB2");
		new Genre("Jazz", "only on DB2").add("DB2");
		this.pool.commit("DB2");
		assertThat(Genre.objects.count()).isEqualTo(1);
		assertThat(Genre.objects.using("DB2").count()).isEqualTo(2);
		assertThat(Genre.objects.get("name", "Rock").getDescription()).isEqualTo("on DEFAULT");
		assertThat(Genre.objects.using("DB2").get("name", "Rock").getDescription()).isEqualTo("on DB2");
		onDefault.delete();
		this.pool.commit();
		assertThat(Genre.objects.count()).isZero();
		assertThat(Genre.objects.using("DB2").count()).isEqualTo(2);
		assertThat(Genre.objects.filterBy("name", "Rock").list()).isEmpty();
		assertThat(Genre.objects.using("DB2").filterBy("name", "Rock").list()).hasSize(1);
	}

}
