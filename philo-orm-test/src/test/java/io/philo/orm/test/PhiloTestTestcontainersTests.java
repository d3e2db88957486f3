package io.philo.orm.test;

import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.test.app.Song;
import io.philo.orm.test.app.TestApplication;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The same on a Testcontainers PostgreSQL; skipped where Docker does not run. */
@Testcontainers(disabledWithoutDocker = true)
@PhiloTest(classes = TestApplication.class, server = PhiloTest.Server.TESTCONTAINERS)
class PhiloTestTestcontainersTests {

	@Autowired
	private PoolRegistry pool;

	@Test
	void runsOnTheContainer() {
		new Song("Time").add("MUSIC_CATALOG");
		this.pool.commit("MUSIC_CATALOG");
		assertThat(Song.objects.using("MUSIC_CATALOG").count()).isEqualTo(1);
		assertThat(new JdbcTemplate(this.pool.dataSource("DEFAULT")).queryForObject("show server_version", String.class))
			.startsWith("17");
	}

}
