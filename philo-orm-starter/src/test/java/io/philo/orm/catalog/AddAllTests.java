package io.philo.orm.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** addAll writes with COPY: ids, timestamps, every column type, visibility, commit and rollback as add() has them. */
class AddAllTests extends CatalogTestCase {

	@Test
	void idsAndTimestampsAreAssignedAndRowsVisibleToTheSessionOnly() throws Exception {
		List<Genre> genres = genres(500);
		Genre.objects.addAll(genres);
		assertThat(new HashSet<>(genres.stream().map(Genre::getId).toList())).hasSize(500).doesNotContainNull();
		assertThat(genres).allSatisfy((genre) -> assertThat(genre.getCreatedAt()).isNotNull().isEqualTo(genre.getUpdatedAt()));
		assertThat(Genre.objects.count()).isEqualTo(500);
		assertThat(CompletableFuture.supplyAsync(this::countElsewhere).get()).isZero();
		this.pool.commit();
		assertThat(CompletableFuture.supplyAsync(this::countElsewhere).get()).isEqualTo(500);
		Genre single = new Genre("after", "add() after addAll");
		single.add();
		assertThat(genres).extracting(Genre::getId).doesNotContain(single.getId());
		this.pool.commit();
		assertThat(Genre.objects.count()).isEqualTo(501);
	}

	@Test
	void idBlocksNeverMeetThoseOfAdd() {
		List<Genre> all = new ArrayList<>();
		for (int round = 0; round < 3; round++) {
			Genre single = new Genre("single " + round, "add()");
			single.add();
			all.add(single);
			List<Genre> many = genres(120);
			Genre.objects.addAll(many);
			all.addAll(many);
		}
		this.pool.commit();
		assertThat(all).extracting(Genre::getId).doesNotHaveDuplicates().allSatisfy((id) -> assertThat(id).isPositive());
		assertThat(Genre.objects.count()).isEqualTo(all.size());
	}

	@Test
	void textRoundTripsWhateverItHolds() {
		List<Genre> genres = List.of(new Genre("tab\there", "new\nline"), new Genre("back\\slash", null),
				new Genre("ünïcødé 名前 \uD83D\uDE00", "carriage\rreturn"), new Genre("\\N", "\\."));
		Genre.objects.addAll(genres);
		this.pool.commit();
		this.pool.close();
		for (Genre written : genres) {
			Genre read = Genre.objects.get(written.getId());
			assertThat(read.getName()).isEqualTo(written.getName());
			assertThat(read.getDescription()).isEqualTo(written.getDescription());
		}
	}

	@Test
	void passwordsAndUuidsAreWrittenThroughTheirTypes() {
		List<User> users = List.of(new User("ana", "123"), new User("bob", "456"));
		User.objects.addAll(users);
		this.pool.commit("DB2");
		this.pool.close();
		User ana = User.objects.get("username", "ana");
		assertThat(ana.getPassword().matches("123")).isTrue();
		assertThat(ana.getToken()).isEqualTo(users.get(0).getToken());
	}

	@Test
	void rollbackRemovesTheRowsAndMakesTheObjectsNewAgain() {
		List<Genre> genres = genres(10);
		Genre.objects.addAll(genres);
		this.pool.rollback();
		assertThat(Genre.objects.count()).isZero();
		assertThat(genres).extracting(Genre::getId).containsOnlyNulls();
		Genre.objects.addAll(genres);
		this.pool.commit();
		assertThat(Genre.objects.count()).isEqualTo(10);
	}

	@Test
	void modelsWithAssociationsToo() {
		Genre rock = new Genre("Rock", "rock");
		rock.add();
		Artist pink = new Artist(rock.getId(), "Pink Floyd", "Awsome");
		pink.add();
		Album.objects.addAll(List.of(new Album(pink.getId(), "Animals", "x"), new Album(pink.getId(), "Meddle", "y")));
		this.pool.commit();
		assertThat(pink.getAlbums()).extracting(Album::getName).containsExactlyInAnyOrder("Animals", "Meddle");
	}

	private long countElsewhere() {
		try {
			return Genre.objects.count();
		}
		finally {
			this.pool.close();
		}
	}

	private static List<Genre> genres(int count) {
		List<Genre> genres = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			genres.add(new Genre("genre " + i, "description " + i));
		}
		return genres;
	}

}
