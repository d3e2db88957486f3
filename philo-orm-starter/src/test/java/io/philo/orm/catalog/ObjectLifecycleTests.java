package io.philo.orm.catalog;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.philo.orm.InvalidQueryException;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Objects across connections, threads and lifecycles (issue 11, rules 3 and 7): nothing is dropped
 * silently, and an error in which no SQL failed leaves the unit of work usable.
 */
class ObjectLifecycleTests extends CatalogTestCase {

	/** Far above any id the tests reach: an id past it came from a sequence set there on purpose. */
	private static final long DB2_IDS_FROM = 1_000_000;

	@Test
	void getForUpdateRefusesToReadOverUnsavedChangesAndTheUnitStaysUsable() throws Exception {
		Genre rock = committedGenre("Rock", "committed");
		Genre.objects.get(rock.getId()).setDescription("unsaved");
		assertThatIllegalStateException().isThrownBy(() -> Genre.objects.getForUpdate(rock.getId()))
			.withMessageContaining("description")
			.withMessageContaining("call update()")
			.withMessageContaining("pool.rollback()");
		assertThatIllegalStateException().isThrownBy(() -> Genre.objects.getForUpdate(Map.of("name", "Rock")))
			.withMessageContaining("call update()");
		assertThat(rock.getDescription()).as("the change is kept").isEqualTo("unsaved");
		rock.update();
		assertThat(Genre.objects.getForUpdate(rock.getId()).getDescription()).isEqualTo("unsaved");
		this.pool.commit();
		assertThat(committedDescription("DEFAULT", rock.getId())).isEqualTo("unsaved");
	}

	/**
	 * What the README says (rule 12): {@code rock.add("DB2")} of an object held on DEFAULT inserts a
	 * copy on DB2 with an id of DB2's sequence; the object stands for DB2's row from then on, and
	 * DEFAULT's row is left as it is.
	 */
	@Test
	void addToAnotherConnectionInsertsACopyThereWithAnIdOfThatConnection() throws Exception {
		Genre rock = committedGenre("Rock", "on DEFAULT");
		long defaultId = rock.getId();
		moveDb2GenreIdsPast(DB2_IDS_FROM);
		rock.add("DB2");
		assertThat(rock.getId()).as("an id of DB2's sequence").isGreaterThan(DB2_IDS_FROM);
		assertThat(this.pool.connectionOf(rock)).isEqualTo("DB2");
		this.pool.commit("DB2");
		assertThat(committedDescription("DB2", rock.getId())).isEqualTo("on DEFAULT");
		rock.setDescription("changed on DB2");
		rock.update();
		this.pool.commitAll();
		assertThat(committedDescription("DB2", rock.getId())).isEqualTo("changed on DB2");
		assertThat(committedGenreNames("DB2")).containsExactly("Rock");
		assertThat(committedDescription("DEFAULT", defaultId)).isEqualTo("on DEFAULT");
		assertThat(committedGenreNames("DEFAULT")).containsExactly("Rock");
	}

	/**
	 * Sets DB2's genre sequence far ahead, then uses up the ids Hibernate already took from it (at
	 * most a block of 50), so the next genre added on DB2 gets an id past {@code from}.
	 */
	private void moveDb2GenreIdsPast(long from) throws Exception {
		committed("DB2", (jdbc) -> jdbc.queryForObject("SELECT setval('genre_seq', ?)", Long.class, from));
		for (int burnt = 0; burnt <= 50; burnt++) {
			Genre burner = new Genre("burner", "rolled back");
			burner.add("DB2");
			if (burner.getId() > from) {
				this.pool.rollback("DB2");
				return;
			}
		}
		throw new IllegalStateException("DB2's genre ids never passed " + from);
	}

	@Test
	void deleteThenAddInTheSameUnitInsertsTheObjectAgain() throws Exception {
		Genre rock = committedGenre("Rock", "deleted, then added again");
		rock.delete();
		rock.add();
		this.pool.commit();
		assertThat(committedGenreNames("DEFAULT")).containsExactly("Rock");
		assertThat(committedDescription("DEFAULT", rock.getId())).isEqualTo("deleted, then added again");
		assertThat(Genre.objects.get(rock.getId())).isSameAs(rock);
	}

	@Test
	void deleteCommittedThenAddInsertsTheObjectAgain() throws Exception {
		Genre rock = committedGenre("Rock", "deleted, then added again");
		rock.delete();
		this.pool.commit();
		assertThat(committedGenreNames("DEFAULT")).isEmpty();
		rock.add();
		this.pool.commit();
		assertThat(committedDescription("DEFAULT", rock.getId())).isEqualTo("deleted, then added again");
	}

	@Test
	void updateOfAnObjectAnotherThreadLoadedWritesItAndTheObjectShowsWhatWasWritten() throws Exception {
		Genre rock = committedGenre("Rock", "before");
		Genre theirs = inOtherThread(() -> Genre.objects.get(rock.getId()));
		OffsetDateTime loaded = theirs.getUpdatedAt();
		theirs.setDescription("updated by this thread");
		theirs.update();
		assertThat(theirs.getUpdatedAt()).isAfter(loaded);
		this.pool.commit();
		assertThat(committedDescription("DEFAULT", rock.getId())).isEqualTo("updated by this thread");
		OffsetDateTime written = committed("DEFAULT",
				(jdbc) -> jdbc.queryForObject("SELECT updated_at FROM genre WHERE id = ?", OffsetDateTime.class, rock.getId()));
		assertThat(written).isAfter(loaded);
	}

	@Test
	void addOfAnObjectWhoseRowIsOnThatConnectionIsRefusedAndTheUnitStaysUsable() throws Exception {
		Genre rock = committedGenre("Rock", "committed");
		// the session lets go of it: only its id tells that its row is there
		this.pool.close();
		assertThatIllegalStateException().isThrownBy(rock::add).withMessageContaining("update()");
		assertFollowingWorkCommits();
	}

	@Test
	void updateOfAnObjectWithoutARowIsRefusedAndTheUnitStaysUsable() throws Exception {
		new Genre("Blues", "in the unit's transaction").add();
		assertThatIllegalStateException().isThrownBy(() -> new Genre("Rock", "never added").update())
			.withMessageContaining("add()");
		assertFollowingWorkCommits();
		assertThat(committedGenreNames("DEFAULT")).contains("Blues").doesNotContain("Rock");
	}

	/** update() writes its own object at once, at a cost independent of what else the session holds. */
	@Test
	void updateWritesItsObjectAtOnceAndLeavesOtherChangesToTheCommit() throws Exception {
		Genre rock = Genre.objects.get(committedGenre("Rock", "committed").getId());
		Genre jazz = Genre.objects.get(committedGenre("Jazz", "committed").getId());
		jazz.setDescription("changed, not updated");
		rock.setDescription("updated");
		rock.update();
		// JdbcTemplate on the connection joins the unit: it sees rock's UPDATE, jazz is not written yet
		JdbcTemplate unit = new JdbcTemplate(this.pool.dataSource("DEFAULT"));
		assertThat(unit.queryForList("SELECT description FROM genre ORDER BY name", String.class))
			.containsExactly("committed", "updated");
		this.pool.commit();
		// the commit writes what is left, as SQLAlchemy's does
		List<String> committed = committed("DEFAULT",
				(jdbc) -> jdbc.queryForList("SELECT description FROM genre ORDER BY name", String.class));
		assertThat(committed).containsExactly("changed, not updated", "updated");
		assertThat(rock.getUpdatedAt()).isAfter(rock.getCreatedAt());
	}

	@Test
	void aQueryOrRawSqlTheLibraryRefusesLeavesTheUnitUsable() throws Exception {
		new Genre("Blues", "in the unit's transaction").add();
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.filterBy("nme", "Rock"));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.rawSql("SELECT :a"));
		assertFollowingWorkCommits();
		assertThat(committedGenreNames("DEFAULT")).contains("Blues");
	}

	/** The unit needs no rollback: a following add and commit work. */
	private void assertFollowingWorkCommits() throws Exception {
		new Genre("Jazz", "after the refusal").add();
		this.pool.commit();
		assertThat(committedGenreNames("DEFAULT")).contains("Jazz");
	}

}
