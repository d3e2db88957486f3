package io.philo.orm.catalog;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import io.philo.orm.InvalidQueryException;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Through a real PgBouncer in transaction mode: rawSql refuses what would leave state in the server
 * session, with a message saying why and what to use instead, before anything runs; what lasts one
 * transaction works. The driver names no statements, and a stream reads past one fetch.
 */
class SessionStateThroughPgBouncerTests extends CatalogTestCase implements ThroughPgBouncerContext {

	@Test
	void eachStatementThatLeavesSessionStateIsRefusedSayingWhyAndWhatInstead() {
		Map<String, String> refusals = Map.ofEntries(Map.entry("SET statement_timeout = '5s'", "use SET LOCAL"),
				Map.entry("set session statement_timeout to 5000", "use SET LOCAL"),
				Map.entry("SET ROLE postgres", "use SET LOCAL"), Map.entry("RESET statement_timeout", "use SET LOCAL"),
				Map.entry("DISCARD TEMP", "use SET LOCAL"),
				Map.entry("SELECT pg_advisory_lock(42)", "use pg_advisory_xact_lock() or pg_try_advisory_xact_lock()"),
				Map.entry("SELECT pg_catalog.pg_try_advisory_lock(:key)", "released with the unit's transaction"),
				Map.entry("SELECT pg_advisory_unlock_all()", "session advisory lock"),
				Map.entry("LISTEN genre_changes", "listen on a connection of its own to the server (the connection's direct-url)"),
				Map.entry("DECLARE c CURSOR WITH HOLD FOR SELECT * FROM genre", "use Query.stream()"),
				Map.entry("CREATE TEMP TABLE scratch (n int)", "add ON COMMIT DROP"),
				Map.entry("create global temporary table scratch (n int) on commit delete rows", "add ON COMMIT DROP"),
				Map.entry("PREPARE q AS SELECT 1", "prepared statements belong to the session"),
				Map.entry("SELECT set_config('statement_timeout', '5s', false)", "pass true"),
				Map.entry("SELECT 1; SET search_path = other", "use SET LOCAL"));
		refusals.forEach((sql, instead) -> {
			Map<String, ?> params = sql.contains(":key") ? Map.of("key", 42) : Map.of();
			assertThatExceptionOfType(InvalidQueryException.class).as(sql)
				.isThrownBy(() -> Genre.objects.rawSql(sql, params))
				.withMessageStartingWith("rawSql on connection DEFAULT goes through PgBouncer in transaction mode")
				.withMessageContaining(instead)
				.withMessageEndingWith("nothing was run");
		});
		// nothing ran: the unit has no transaction, and it is not in error
		assertThat(activeConnections("DEFAULT")).isZero();
		assertThat(Genre.objects.count()).isZero();
	}

	@Test
	void whatLastsOneTransactionRuns() {
		List<Object[]> rows = Genre.objects.rawSql("SET LOCAL statement_timeout = '1234ms'; SHOW statement_timeout");
		assertThat(rows.get(0)[0]).isEqualTo("1234ms");
		assertThat(Genre.objects.rawSql("SELECT pg_advisory_xact_lock(42), pg_try_advisory_xact_lock(43)").get(0)[1]).isEqualTo(true);
		Genre.objects.rawSql("SET TRANSACTION ISOLATION LEVEL READ COMMITTED; SELECT 1");
		Genre.objects.rawSql("SELECT set_config('application_name', 'unit', true)");
		Genre.objects.rawSql("CREATE TEMP TABLE scratch (n int) ON COMMIT DROP; NOTIFY genre_changes");
		// the words of quoted text and comments are not statements
		Genre.objects.rawSql("SELECT 'SET statement_timeout = 1' AS text /* LISTEN x */ -- pg_advisory_lock(1)");
		this.pool.commit();
		assertThat(Genre.objects.rawSql("SHOW statement_timeout").get(0)[0]).isEqualTo("0");
		this.pool.rollback();
	}

	@Test
	void theDriverNamesNoStatementsThatTheNextTransactionsSessionWouldLack() throws Exception {
		try (Connection connection = ((HikariDataSource) this.pool.dataSource("DEFAULT")).getConnection()) {
			assertThat(connection.unwrap(PGConnection.class).getPrepareThreshold()).isZero();
		}
		// more units than the bouncer has server sessions, each statement used past pgjdbc's default threshold of 5
		for (int i = 0; i < 3 * ThroughPgBouncer.DEFAULT_POOL_SIZE; i++) {
			new Genre("genre " + i, "d").add();
			Genre.objects.getForUpdate(Genre.objects.get("name", "genre " + i).getId());
			this.pool.commit();
			inOtherThread(() -> {
				Genre.objects.rawSql("SELECT pg_sleep(0.01)");
				this.pool.commit();
				return null;
			});
		}
		assertThat(Genre.objects.count()).isEqualTo(3 * ThroughPgBouncer.DEFAULT_POOL_SIZE);
	}

	@Test
	void aStreamReadsThroughItsCursorPastOneFetch() {
		Genre.objects.addAll(IntStream.range(0, 2_500).mapToObj((i) -> new Genre("genre " + i, "streamed")).toList());
		this.pool.commit();
		try (Stream<Genre> genres = Genre.objects.all().stream()) {
			assertThat(genres.filter((genre) -> genre.getDescription().equals("streamed")).count()).isEqualTo(2_500);
		}
		this.pool.commit();
	}

}
