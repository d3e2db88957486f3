package io.philo.orm.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The embedded primary and standby replicate for real: rows stream, the standby refuses writes, lags on demand, comes back. */
class ReplicatedEmbeddedPostgresTests {

	private static ReplicatedEmbeddedPostgres servers;

	@BeforeAll
	static void start() throws SQLException {
		servers = ReplicatedEmbeddedPostgres.start();
		try (Connection connection = primary(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE item (id int primary key)");
		}
	}

	@AfterAll
	static void stop() {
		servers.close();
	}

	@Test
	void committedRowsReachTheStandbyWhichRefusesWrites() throws Exception {
		insert(1);
		awaitOnStandby(1, Duration.ofSeconds(10));
		try (Connection standby = standby(); Statement statement = standby.createStatement()) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.execute("INSERT INTO item VALUES (100)"))
				.withMessageContaining("read-only");
		}
	}

	@Test
	void anApplyDelayHoldsCommitsBackThatLong() throws Exception {
		servers.setApplyDelay(Duration.ofMillis(700));
		try {
			insert(2);
			long start = System.nanoTime();
			assertThat(onStandby(2)).isFalse();
			awaitOnStandby(2, Duration.ofSeconds(10));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(400));
		}
		finally {
			servers.setApplyDelay(Duration.ZERO);
		}
	}

	@Test
	void aStoppedStandbyCatchesUpWhenStartedAgain() throws Exception {
		servers.stopStandby();
		assertThatExceptionOfType(SQLException.class).isThrownBy(ReplicatedEmbeddedPostgresTests::standby);
		insert(3);
		servers.startStandby();
		awaitOnStandby(3, Duration.ofSeconds(20));
	}

	private static void insert(int id) throws SQLException {
		try (Connection connection = primary(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO item VALUES (" + id + ")");
		}
	}

	private static void awaitOnStandby(int id, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!onStandby(id)) {
			assertThat(System.nanoTime()).as("row %d on the standby", id).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	private static boolean onStandby(int id) throws SQLException {
		try (Connection connection = standby(); Statement statement = connection.createStatement();
				var result = statement.executeQuery("SELECT count(*) FROM item WHERE id = " + id)) {
			result.next();
			return result.getInt(1) == 1;
		}
	}

	private static Connection primary() throws SQLException {
		return DriverManager.getConnection(servers.primaryUrl("postgres"), ReplicatedEmbeddedPostgres.USER, null);
	}

	private static Connection standby() throws SQLException {
		return DriverManager.getConnection(servers.standbyUrl("postgres"), ReplicatedEmbeddedPostgres.USER, null);
	}

}
