package io.philo.orm.catalog;

import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ScratchTests extends CatalogTestCase {

	@Autowired GenreRepository genres;

	@Test
	void repositorySeesUnit() throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(this.pool.dataSource("DEFAULT"));
		Genre rock = new Genre("Rock", "x");
		rock.add();
		assertThat(this.genres.count()).isEqualTo(1);
		assertThat(jdbc.queryForObject("select count(*) from genre", Long.class)).isEqualTo(1);
		this.genres.save(new Genre("Jazz", "y"));
		jdbc.update("update genre set description = 'jdbc' where name = 'Rock'");
		Genre locked = Genre.objects.getForUpdate(rock.getId());
		locked.setDescription("via repo");
		this.genres.saveAndFlush(locked);
		this.pool.rollback();
		assertThat(Executors.newSingleThreadExecutor().submit(() -> Genre.objects.count()).get(5, TimeUnit.SECONDS)).isZero();
		new Genre("Rock", "x").add();
		this.genres.save(new Genre("Jazz", "y"));
		this.pool.commit();
		assertThat(Executors.newSingleThreadExecutor().submit(() -> Genre.objects.count()).get(5, TimeUnit.SECONDS)).isEqualTo(2);
		Thread t = new Thread(() -> new Genre("Blues", "z").add(), "doomed-worker");
		t.start();
		t.join();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (System.nanoTime() < deadline && ((com.zaxxer.hikari.HikariDataSource) this.pool.dataSource("DEFAULT")).getHikariPoolMXBean().getActiveConnections() > 1) {
			Thread.sleep(100);
		}
		assertThat(((com.zaxxer.hikari.HikariDataSource) this.pool.dataSource("DEFAULT")).getHikariPoolMXBean().getActiveConnections()).isLessThanOrEqualTo(1);
	}

}
