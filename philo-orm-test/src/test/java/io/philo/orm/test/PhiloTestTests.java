package io.philo.orm.test;

import java.util.List;

import javax.sql.DataSource;

import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.test.app.Song;
import io.philo.orm.test.app.TestApplication;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** @PhiloTest replaces every configured server, creates the tables, and wipes every database after each test. */
@PhiloTest(classes = TestApplication.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhiloTestTests {

	@Autowired
	private PoolRegistry pool;

	@Test
	@Order(1)
	void everyConnectionIsAFreshDatabaseOfTheTestServerWithItsTables() {
		for (String connection : List.of("DEFAULT", "MUSIC_CATALOG")) {
			JdbcTemplate jdbc = new JdbcTemplate(this.pool.dataSource(connection));
			assertThat(jdbc.queryForObject("select current_database()", String.class)).startsWith("philo_test_")
				.endsWith(connection.toLowerCase());
			assertThat(jdbc.queryForList("select tablename from pg_tables where schemaname = 'public'", String.class))
				.contains("song");
		}
	}

	@Test
	@Order(2)
	void writesCommittedRowsOnBothDatabases() {
		new Song("Time").add();
		this.pool.commit();
		new Song("Money").add("MUSIC_CATALOG");
		new Song("Breathe").add("MUSIC_CATALOG");
		this.pool.commit("MUSIC_CATALOG");
		assertThat(Song.objects.count()).isEqualTo(1);
		assertThat(Song.objects.using("MUSIC_CATALOG").count()).isEqualTo(2);
	}

	@Test
	@Order(3)
	void findsEveryTableEmptyAfterThePreviousTest() {
		assertThat(rows(this.pool.dataSource("DEFAULT"))).isZero();
		assertThat(rows(this.pool.dataSource("MUSIC_CATALOG"))).isZero();
	}

	private static long rows(DataSource dataSource) {
		return new JdbcTemplate(dataSource).queryForObject("select count(*) from song", Long.class);
	}

}
