package io.philo.orm.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.philo.orm.pool.PoolRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Flask-Philo's test harness: before each test the tables exist on every connection, after each
 * this thread's sessions end and every row of every table on every connection is deleted.
 */
@SpringBootTest(classes = CatalogTestApplication.class)
abstract class CatalogTestCase {

	@Autowired
	protected PoolRegistry pool;

	@BeforeEach
	void createTables() {
		this.pool.syncdb();
	}

	@AfterEach
	void deleteEverything() throws SQLException {
		this.pool.close();
		for (String connection : this.pool.connectionNames()) {
			try (Connection jdbc = this.pool.dataSource(connection).getConnection(); Statement statement = jdbc.createStatement()) {
				statement.execute("TRUNCATE album, artist, genre, app_user");
			}
		}
	}

}
