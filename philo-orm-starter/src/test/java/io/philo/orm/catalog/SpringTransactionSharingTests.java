package io.philo.orm.catalog;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.philo.orm.pool.PoolScope;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Spring sees the unit of work (issue 11, rule 4): once it has a transaction, Spring Data
 * repositories, {@code JdbcTemplate} on the connection's DataSource and {@code @Transactional}
 * code join it — one connection, one transaction, committed or rolled back by the pool.
 */
class SpringTransactionSharingTests extends CatalogTestCase {

	@Autowired
	private GenreRepository genres;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private CatalogService catalogService;

	@Test
	void theJdbcTemplateIsOnDefaultsPool() {
		// what makes the tests below about DEFAULT's unit of work
		assertThat(this.jdbc.getDataSource()).isSameAs(this.pool.dataSource("DEFAULT"));
	}

	@Test
	void aRepositoryAndAJdbcTemplateSeeTheUnitsUncommittedRow() throws Exception {
		Genre rock = new Genre("Rock", "added by the model API");
		rock.add();
		assertThat(this.genres.findByName("Rock")).as("the unit's own session, so its own object").containsExactly(rock);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM genre WHERE name = 'Rock'", Long.class)).isEqualTo(1);
		assertThat(committedGenreNames("DEFAULT")).isEmpty();
		assertThat(activeConnections("DEFAULT")).as("one connection for all of them").isEqualTo(1);
	}

	@Test
	void poolCommitCommitsTheWritesOfRepositoriesAndJdbcTemplateToo() throws Exception {
		writeThroughModelRepositoryAndJdbcTemplate();
		assertThat(committedGenreNames("DEFAULT")).as("nothing committed on its own").isEmpty();
		this.pool.commit();
		assertThat(committedGenreNames("DEFAULT")).containsExactly("Rock", "Jazz");
		String rockDescription = committed("DEFAULT",
				(jdbc) -> jdbc.queryForObject("SELECT description FROM genre WHERE name = 'Rock'", String.class));
		assertThat(rockDescription).isEqualTo("updated by JdbcTemplate");
	}

	@Test
	void poolRollbackDiscardsTheWritesOfRepositoriesAndJdbcTemplateToo() throws Exception {
		writeThroughModelRepositoryAndJdbcTemplate();
		this.pool.rollback();
		assertThat(Genre.objects.count()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM genre", Long.class)).isZero();
		assertThat(committedGenreNames("DEFAULT")).isEmpty();
	}

	/** The model API begins the unit's transaction; the repository and the JdbcTemplate write in it. */
	private void writeThroughModelRepositoryAndJdbcTemplate() {
		new Genre("Rock", "added by the model API").add();
		this.genres.saveAndFlush(new Genre("Jazz", "saved by the repository"));
		// another connection could not see the uncommitted Rock: this updates it only in the same transaction
		assertThat(this.jdbc.update("UPDATE genre SET description = 'updated by JdbcTemplate' WHERE name = 'Rock'")).isEqualTo(1);
	}

	@Test
	void aRepositoryUpdateOfARowTheUnitLockedFinishesAtOnce() throws Exception {
		Genre rock = committedGenre("Rock", "committed");
		// on another thread, so that a thread waiting on its own lock fails this test instead of hanging it
		Future<?> lockThenSave = this.otherThread.submit(() -> {
			try (PoolScope scope = this.pool.scope()) {
				Genre locked = Genre.objects.getForUpdate(rock.getId());
				locked.setDescription("saved by the repository under the unit's lock");
				this.genres.saveAndFlush(locked);
				this.pool.commit();
			}
		});
		try {
			lockThenSave.get(10, TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			cancelLockWaits();
			fail("the repository's update waited on the lock its own thread's unit of work holds");
		}
		assertThat(committedDescription("DEFAULT", rock.getId())).isEqualTo("saved by the repository under the unit's lock");
	}

	/** Cancels every statement of DEFAULT's database waiting on a lock, so that the tables can be emptied after a failure. */
	private void cancelLockWaits() throws Exception {
		try (Connection jdbc = this.pool.dataSource("DEFAULT").getConnection(); Statement statement = jdbc.createStatement()) {
			statement.execute("SELECT pg_cancel_backend(pid) FROM pg_stat_activity"
					+ " WHERE datname = current_database() AND wait_event_type = 'Lock'");
		}
	}

	@Test
	void aTransactionalMethodJoinsTheUnitsTransaction() throws Exception {
		new Genre("Rock", "added by the model API").add();
		assertThat(this.catalogService.saveGenreAndCountOnDefault("Jazz")).as("it sees the unit's uncommitted row").isEqualTo(2);
		assertThat(committedGenreNames("DEFAULT")).as("its end commits nothing: the transaction is the unit's").isEmpty();
		this.pool.commit();
		assertThat(committedGenreNames("DEFAULT")).containsExactly("Rock", "Jazz");
	}

	@Test
	void aTransactionalMethodsWritesAreRolledBackWithTheUnit() throws Exception {
		new Genre("Rock", "added by the model API").add();
		this.catalogService.saveGenreAndCountOnDefault("Jazz");
		this.pool.rollback();
		assertThat(committedGenreNames("DEFAULT")).isEmpty();
		assertThat(this.genres.count()).isZero();
	}

}
