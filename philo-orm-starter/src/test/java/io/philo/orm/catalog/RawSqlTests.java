package io.philo.orm.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.philo.orm.InvalidQueryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Everything rawSql runs belongs to the unit of work, whatever its first word. */
class RawSqlTests extends CatalogTestCase {

	private final ExecutorService otherThread = Executors.newSingleThreadExecutor();

	@AfterEach
	void dropScratchTables() throws Exception {
		this.otherThread.submit(() -> this.pool.close()).get();
		this.otherThread.shutdownNow();
		jdbc("DROP TABLE IF EXISTS scratch, scratch_copy");
	}

	@Test
	void aSecondStatementAfterASelectIsRolledBackWithTheUnit() throws SQLException {
		jdbc("CREATE TABLE scratch (n int)");
		Genre.objects.rawSql("SELECT 1; DROP TABLE scratch");
		this.pool.rollback();
		assertThat(jdbcCount("SELECT count(*) FROM pg_tables WHERE tablename = 'scratch'")).isEqualTo(1);
	}

	@Test
	void selectIntoIsRolledBackWithTheUnit() throws SQLException {
		new Genre("Rock", "r").add();
		this.pool.commit();
		Genre.objects.rawSql("SELECT name INTO scratch_copy FROM genre");
		assertThat(Genre.objects.rawSql("SELECT count(*) FROM scratch_copy").get(0)[0]).isEqualTo(1L);
		this.pool.rollback();
		assertThat(jdbcCount("SELECT count(*) FROM pg_tables WHERE tablename = 'scratch_copy'")).isZero();
	}

	@Test
	void aRawLockingReadHoldsItsLockUntilTheUnitEnds() throws Exception {
		Genre rock = new Genre("Rock", "r");
		rock.add();
		this.pool.commit();
		this.pool.close();
		Genre.objects.rawSql("SELECT id FROM genre WHERE id = :id FOR UPDATE", Map.of("id", rock.getId()));
		Object other = this.otherThread.submit(() -> {
			try {
				return Genre.objects.getForUpdate(rock.getId());
			}
			catch (RuntimeException ex) {
				return ex;
			}
			finally {
				this.pool.close();
			}
		}).get(10, TimeUnit.SECONDS);
		assertThat(other).isInstanceOf(PessimisticLockingFailureException.class);
		this.pool.rollback();
		Object afterRollback = this.otherThread.submit(() -> Genre.objects.getForUpdate(rock.getId())).get(10, TimeUnit.SECONDS);
		assertThat(afterRollback).isInstanceOf(Genre.class);
	}

	@Test
	void severalStatementsRunInOrderAndReturnTheLastRows() {
		List<Object[]> rows = Genre.objects.rawSql("CREATE TEMP TABLE scratch (n int); INSERT INTO scratch VALUES (:a), (:b);"
				+ " SELECT sum(n) FROM scratch", Map.of("a", 40, "b", 2));
		assertThat(rows.get(0)[0]).isEqualTo(42L);
		List<Object[]> changed = Genre.objects.rawSql("INSERT INTO scratch VALUES (1); UPDATE scratch SET n = n + 1");
		assertThat(changed.get(0)[0]).isEqualTo(4L);
	}

	@Test
	void commentsCastsDollarQuotesAndOperatorsAreNotParameters() {
		List<Object[]> rows = Genre.objects.rawSql("""
				-- a comment with :notAParameter and a ? in it
				SELECT :n::int + 1, /* :nor /* nested :this */ one */ ':quoted', $$ :dollar ? $$, $tag$ it's :x $tag$,
				       '{"a": 1}'::jsonb ? 'a', E'it\\'s :escaped'
				""", Map.of("n", "41"));
		assertThat(rows.get(0)).containsExactly(42, ":quoted", " :dollar ? ", " it's :x ", true, "it's :escaped");
	}

	@Test
	void parametersAreFoundOnlyOutsideLiteralsIdentifiersCommentsAndDollarQuotes() {
		List<Object[]> rows = Genre.objects.rawSql("""
				/* it's :a /* nested, it's :b */ still :c */ -- it's :d "and :e
				SELECT 'it''s :f' || :v AS "col "":g", 'back\\' || :v, E'\\\\' || :v, e'it\\'s :h',
				       U&'\\0041 :i', $$ it's -- :j /* $$, $q1$ $$ :k $q1$, $body$ :l $body$ || :v
				""", Map.of("v", "!"));
		assertThat(rows.get(0)).containsExactly("it's :f!", "back\\!", "\\!", "it's :h", "A :i", " it's -- :j /* ", " $$ :k ",
				" :l !");
	}

	@Test
	void aParameterCastWithColonsIsBoundAndCast() {
		List<Object[]> rows = Genre.objects.rawSql("SELECT :v::int + 1, :w::text[], CAST(:v AS int), :v::int",
				Map.of("v", "41", "w", "{a,b}"));
		assertThat(rows.get(0)[0]).isEqualTo(42);
		assertThat(rows.get(0)[3]).isEqualTo(41);
	}

	@Test
	void aSelectAfterALeadingCommentReturnsItsRowsAndTheUnitCommits() {
		new Genre("Rock", "r").add();
		assertThat(Genre.objects.rawSql("-- the names\nSELECT name FROM genre")).extracting((row) -> row[0]).containsExactly("Rock");
		assertThat(Genre.objects.rawSql("/* the names /* all */ */ SELECT name FROM genre WHERE name = :n", Map.of("n", "Rock")))
			.extracting((row) -> row[0])
			.containsExactly("Rock");
		this.pool.commit();
		assertThat(Genre.objects.count()).isEqualTo(1);
	}

	@Test
	void aParameterInASecondStatementAfterACommentIsBound() {
		List<Object[]> rows = Genre.objects.rawSql("SELECT 1; -- then\nSELECT :v::int * 2", Map.of("v", 21));
		assertThat(rows.get(0)[0]).isEqualTo(42);
	}

	@Test
	void questionMarkOperatorsPassThrough() {
		List<Object[]> rows = Genre.objects.rawSql("SELECT :doc::jsonb ? :key, :doc::jsonb ?| array['x', 'b'],"
				+ " :doc::jsonb ?& array['a', 'b'], '?'", Map.of("doc", "{\"a\": 1, \"b\": 2}", "key", "a"));
		assertThat(rows.get(0)).containsExactly(true, true, true, "?");
	}

	@Test
	void aParameterNamedAfterThePrefixOfAnotherIsItsOwn() {
		assertThat(Genre.objects.rawSql("SELECT :id, :id2, :id_2", Map.of("id", 1, "id2", 2, "id_2", 3)).get(0)).containsExactly(1, 2, 3);
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Genre.objects.rawSql("SELECT :id2", Map.of("id", 1)))
			.withMessageContaining("no value given for :id2")
			.withMessageContaining("no :id in the SQL");
	}

	@Test
	void anArrayBindsAsOneValueForAny() {
		Genre rock = new Genre("Rock", "r");
		rock.add();
		new Genre("Soul", "s").add();
		List<Object[]> rows = Genre.objects.rawSql("SELECT name FROM genre WHERE id = ANY(:ids)",
				Map.of("ids", new Long[] { rock.getId(), -1L }));
		assertThat(rows).extracting((row) -> row[0]).containsExactly("Rock");
	}

	@Test
	void unterminatedTextIsNamedAndNothingRuns() {
		new Genre("Rock", "r").add();
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Genre.objects.rawSql("SELECT 1; SELECT 'it''s :v", Map.of("v", 1)))
			.withMessageContaining("unterminated quoted string")
			.withMessageContaining("line 1, column 18");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.rawSql("SELECT E'it\\'s"))
			.withMessageContaining("unterminated quoted string");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.rawSql("SELECT 1 AS \"n"))
			.withMessageContaining("unterminated quoted identifier");
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Genre.objects.rawSql("SELECT 1\n/* a /* nested */ comment"))
			.withMessageContaining("unterminated /* comment")
			.withMessageContaining("line 2, column 1");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.rawSql("DO $do$ BEGIN END $$"))
			.withMessageContaining("unterminated dollar-quoted string")
			.withMessageContaining("$do$");
		// a line comment ends with the text
		assertThat(Genre.objects.rawSql("SELECT 1 -- the end").get(0)[0]).isEqualTo(1);
		this.pool.commit();
		assertThat(Genre.objects.count()).isEqualTo(1);
	}

	@Test
	void parametersPostgresqlCannotTakeAreRefusedBeforeAnythingRuns() {
		new Genre("Rock", "r").add();
		Map<String, Object> nullName = new HashMap<>();
		nullName.put(null, 1);
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.rawSql("SELECT 1", nullName))
			.withMessageContaining("null name");
		List<Integer> many = IntStream.range(0, 70_000).boxed().toList();
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Genre.objects.rawSql("SELECT 1 WHERE 1 IN (:ids)", Map.of("ids", many)))
			.withMessageContaining("70000 values")
			.withMessageContaining("65535")
			.withMessageContaining("= ANY(:ids)");
		this.pool.commit();
		assertThat(Genre.objects.count()).isEqualTo(1);
	}

	@Test
	void aDoBlockRunsInTheUnitOfWork() throws SQLException {
		Genre.objects.rawSql("DO $$ BEGIN INSERT INTO genre (id, name, description, created_at, updated_at)"
				+ " VALUES (nextval('genre_seq'), 'Ska', ':not a parameter', now(), now()); END $$");
		assertThat(Genre.objects.count()).isEqualTo(1);
		this.pool.rollback();
		assertThat(jdbcCount("SELECT count(*) FROM genre")).isZero();
	}

	@Test
	void aCollectionBindsOneValuePerElement() {
		Genre rock = new Genre("Rock", "r");
		rock.add();
		Genre jazz = new Genre("Jazz", "j");
		jazz.add();
		new Genre("Soul", "s").add();
		List<Object[]> rows = Genre.objects.rawSql("SELECT name FROM genre WHERE id IN (:ids) ORDER BY id",
				Map.of("ids", List.of(rock.getId(), jazz.getId())));
		assertThat(rows).extracting((row) -> row[0]).containsExactly("Rock", "Jazz");
	}

	@Test
	void parametersThatDoNotMatchTheSqlAreNamedAndNothingRuns() {
		new Genre("Rock", "r").add();
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Genre.objects.rawSql("SELECT :a, :b", Map.of("a", 1, "c", 3)))
			.withMessageContaining("no value given for :b")
			.withMessageContaining("no :c in the SQL");
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Genre.objects.rawSql("SELECT 1 WHERE 1 IN (:ids)", Map.of("ids", List.of())))
			.withMessageContaining(":ids is an empty collection");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.rawSql(" "))
			.withMessageContaining("blank");
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Genre.objects.rawSql("SELECT :v", Map.of("v", "a\u0000b")))
			.withMessageContaining("NUL");
		// the unit was not harmed: its write commits
		this.pool.commit();
		assertThat(Genre.objects.count()).isEqualTo(1);
	}

	@Test
	void aFailingSecondStatementUndoesTheFirstAndTheUnitNeedsRollback() throws SQLException {
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> Genre.objects.rawSql("INSERT INTO genre (id, name, description, created_at, updated_at)"
					+ " VALUES (nextval('genre_seq'), 'Ska', 's', now(), now()); SELECT 1 / 0"))
			.withMessageContaining("DEFAULT")
			.withMessageContaining("pool.rollback");
		assertThatIllegalStateException().isThrownBy(this.pool::commit).withMessageContaining("pool.rollback(\"DEFAULT\")");
		this.pool.rollback();
		assertThat(jdbcCount("SELECT count(*) FROM genre")).isZero();
	}

	@Test
	void aRawWriteShowsInHeldObjectsAfterTheCommit() {
		Genre rock = new Genre("Rock", "before");
		rock.add();
		this.pool.commit();
		Genre.objects.rawSql("SELECT description FROM genre");
		this.pool.commit();
		assertThat(rock.getDescription()).isEqualTo("before");
		Genre.objects.rawSql("WITH changed AS (UPDATE genre SET description = 'raw' RETURNING id) SELECT count(*) FROM changed");
		this.pool.commit();
		assertThat(rock.getDescription()).isEqualTo("raw");
	}

	private void jdbc(String sql) throws SQLException {
		try (Connection connection = this.pool.dataSource("DEFAULT").getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private long jdbcCount(String sql) throws SQLException {
		try (Connection connection = this.pool.dataSource("DEFAULT").getConnection();
				Statement statement = connection.createStatement();
				var result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

}
