package io.philo.orm.test;

import java.time.Duration;

import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.replica.PhiloReplicas;
import io.philo.orm.replica.Replica;
import io.philo.orm.test.app.Song;
import io.philo.orm.test.app.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** An application that names replicas is tested against an embedded primary and a real streaming standby of it. */
@PhiloTest(classes = TestApplication.class, properties = "philo.databases.postgresql.DEFAULT.replicas=embedded")
class PhiloTestReplicaTests {

	@Autowired
	private PoolRegistry pool;

	@Autowired
	private PhiloReplicas replicas;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Test
	void defaultHasAStandbyOfItsTestDatabaseAndReadsItsOwnWrites() throws InterruptedException {
		Replica replica = this.replicas.of("DEFAULT").replicas().get(0);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!replica.usable()) {
			assertThat(System.nanoTime()).as("the standby in use (%s)", replica.problem()).isLessThan(deadline);
			Thread.sleep(50);
		}
		assertThat(this.replicas.of("MUSIC_CATALOG")).isNull();
		TransactionTemplate readOnly = new TransactionTemplate(this.transactionManager);
		readOnly.setReadOnly(true);
		Object[] server = readOnly.execute((status) -> Song.objects.rawSql("SELECT pg_is_in_recovery(), current_database()").get(0));
		assertThat(server[0]).isEqualTo(true);
		assertThat((String) server[1]).startsWith("philo_test_").endsWith("default");
		new Song("Time").add();
		this.pool.commit();
		assertThat(Song.objects.count()).isEqualTo(1);
	}

}
