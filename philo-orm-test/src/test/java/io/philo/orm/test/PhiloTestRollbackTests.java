package io.philo.orm.test;

import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.test.app.Song;
import io.philo.orm.test.app.TestApplication;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Cleanup.ROLLBACK: uncommitted work goes, committed rows stay. */
@PhiloTest(classes = TestApplication.class, cleanup = PhiloTest.Cleanup.ROLLBACK)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhiloTestRollbackTests {

	@Autowired
	private PoolRegistry pool;

	@Test
	@Order(1)
	void addsOneCommittedAndOneUncommittedSong() {
		new Song("kept").add();
		this.pool.commit();
		new Song("rolled back").add();
	}

	@Test
	@Order(2)
	void findsOnlyTheCommittedOne() {
		assertThat(Song.objects.all().list()).extracting(Song::getTitle).containsExactly("kept");
	}

}
