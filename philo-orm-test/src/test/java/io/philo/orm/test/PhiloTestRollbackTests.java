package io.philo.orm.test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.test.app.Song;
import io.philo.orm.test.app.TestApplication;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cleanup.ROLLBACK: after each test, uncommitted work goes and committed rows stay. Each
 * repetition checks what the repetitions before it left, then leaves the same for the next.
 */
@PhiloTest(classes = TestApplication.class, cleanup = PhiloTest.Cleanup.ROLLBACK)
class PhiloTestRollbackTests {

	/** The titles earlier repetitions committed. */
	private static final List<String> committed = new ArrayList<>();

	@Autowired
	private PoolRegistry pool;

	@RepeatedTest(3)
	void uncommittedWorkEndsWithTheTestAndCommittedRowsStay(RepetitionInfo repetition) {
		assertThat(committed).hasSize(repetition.getCurrentRepetition() - 1);
		List<String> titles = Song.objects.all().list().stream().map(Song::getTitle).toList();
		assertThat(titles).containsAll(committed).noneMatch((title) -> title.startsWith("uncommitted"));
		String kept = "kept " + UUID.randomUUID();
		new Song(kept).add();
		this.pool.commit();
		committed.add(kept);
		new Song("uncommitted " + UUID.randomUUID()).add();
		assertThat(Song.objects.filterBy("title", kept).count()).isOne();
	}

}
