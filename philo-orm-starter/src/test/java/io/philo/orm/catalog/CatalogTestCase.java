package io.philo.orm.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.philo.orm.pool.PoolRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Flask-Philo's test harness: before each test the tables exist on every connection, after each
 * this thread's and {@link #otherThread}'s sessions end and every row of every table on every
 * connection is deleted.
 */
@SpringBootTest(classes = CatalogTestApplication.class)
abstract class CatalogTestCase {

	@Autowired
	protected PoolRegistry pool;

	/** A second thread, with units of work of its own (see {@link #inOtherThread}). */
	protected final ExecutorService otherThread = Executors.newSingleThreadExecutor();

	@BeforeEach
	void createTables() {
		this.pool.syncdb();
	}

	@AfterEach
	void deleteEverything() throws Exception {
		// the other thread's locks would make the TRUNCATE wait
		this.otherThread.submit(() -> this.pool.close()).get(30, TimeUnit.SECONDS);
		this.otherThread.shutdownNow();
		this.pool.close();
		for (String connection : this.pool.connectionNames()) {
			try (Connection jdbc = this.pool.dataSource(connection).getConnection(); Statement statement = jdbc.createStatement()) {
				statement.execute("TRUNCATE track, album, artist, genre, app_user");
			}
		}
	}

	/** Runs work on {@link #otherThread} and waits for it. */
	protected <T> T inOtherThread(Callable<T> work) throws Exception {
		return this.otherThread.submit(work).get(30, TimeUnit.SECONDS);
	}

	/** A genre added and committed on DEFAULT. */
	protected Genre committedGenre(String name, String description) {
		Genre genre = new Genre(name, description);
		genre.add();
		this.pool.commit();
		return genre;
	}

	/** Connections of a connection's pool in use now. */
	protected int activeConnections(String connection) {
		return ((HikariDataSource) this.pool.dataSource(connection)).getHikariPoolMXBean().getActiveConnections();
	}

	/** The names of the genres committed on a connection, by id. */
	protected List<String> committedGenreNames(String connection) throws SQLException {
		return committed(connection, (jdbc) -> jdbc.queryForList("SELECT name FROM genre ORDER BY id", String.class));
	}

	/** The committed description of a genre, or null if it has no committed row on that connection. */
	protected String committedDescription(String connection, long id) throws SQLException {
		return committed(connection, (jdbc) -> jdbc.queryForList("SELECT description FROM genre WHERE id = ?", String.class, id))
			.stream()
			.findFirst()
			.orElse(null);
	}

	/**
	 * Reads on a JDBC connection of its own, never the one of this thread's unit of work (which a
	 * JdbcTemplate on the pool would join): what it sees is what other transactions see.
	 */
	protected <T> T committed(String connection, CommittedRead<T> read) throws SQLException {
		try (Connection jdbc = this.pool.dataSource(connection).getConnection()) {
			return read.apply(new JdbcTemplate(new SingleConnectionDataSource(jdbc, true)));
		}
	}

	@FunctionalInterface
	protected interface CommittedRead<T> {

		T apply(JdbcTemplate jdbc) throws SQLException;

	}

}
