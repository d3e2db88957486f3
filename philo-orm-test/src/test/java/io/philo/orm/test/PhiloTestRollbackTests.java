package io.philo.orm.test;

import java.util.List;
import java.util.UUID;

import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.test.app.Song;
import io.philo.orm.test.app.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Cleanup.ROLLBACK: after each test what it did not commit is rolled back, and what it committed
 * stays. What happens after a test cannot be seen from inside it: each test here runs a test class of
 * its own ({@link CommitsOneSongAndLeavesOneUncommitted}), then looks at its database.
 */
class PhiloTestRollbackTests {

	private static final String KEPT = " committed";

	private static final String ROLLED_BACK = " not committed";

	/** What the test class run below writes, and the registry it writes through. */
	private static volatile String marker;

	private static volatile PoolRegistry writersPool;

	@AfterEach
	void deleteWhatTheRunCommitted() {
		if (writersPool != null) {
			songs().update("DELETE FROM song WHERE title LIKE ?", marker + "%");
		}
	}

	@Test
	void whatATestCommittedStaysAfterIt() {
		runCommitsOneSongAndLeavesOneUncommitted();
		assertThat(titlesOfTheRun()).contains(marker + KEPT);
	}

	@Test
	void whatATestDidNotCommitIsRolledBackAfterIt() {
		runCommitsOneSongAndLeavesOneUncommitted();
		assertThat(titlesOfTheRun()).doesNotContain(marker + ROLLED_BACK);
		assertThat(songs().queryForObject("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
				+ " AND state LIKE 'idle in transaction%'", Integer.class))
			.as("no transaction left open")
			.isZero();
	}

	private static void runCommitsOneSongAndLeavesOneUncommitted() {
		marker = UUID.randomUUID().toString();
		writersPool = null;
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		LauncherFactory.create().execute(request().selectors(selectClass(CommitsOneSongAndLeavesOneUncommitted.class)).build(),
				listener);
		TestExecutionSummary summary = listener.getSummary();
		assertThat(summary.getTestsSucceededCount()).as("tests of %s that succeeded", summary.getFailures()).isEqualTo(1);
	}

	/** The titles of this run's songs, as committed (read outside any unit of work). */
	private static List<String> titlesOfTheRun() {
		return songs().queryForList("SELECT title FROM song WHERE title LIKE ?", String.class, marker + "%");
	}

	private static JdbcTemplate songs() {
		return new JdbcTemplate(writersPool.dataSource("DEFAULT"));
	}

	/** Run by the tests above, not by the build on its own (a nested class): commits one song, leaves another uncommitted. */
	@PhiloTest(classes = TestApplication.class, cleanup = PhiloTest.Cleanup.ROLLBACK)
	static class CommitsOneSongAndLeavesOneUncommitted {

		@Autowired
		private PoolRegistry pool;

		@Test
		void writes() {
			writersPool = this.pool;
			new Song(marker + KEPT).add();
			this.pool.commit();
			new Song(marker + ROLLED_BACK).add();
			assertThat(Song.objects.filterBy("title", marker + ROLLED_BACK).exists()).isTrue();
		}

	}

}
