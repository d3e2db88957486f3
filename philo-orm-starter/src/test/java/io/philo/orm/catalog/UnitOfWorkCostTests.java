package io.philo.orm.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.philo.orm.pool.Access;
import org.hibernate.Session;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: commit and rollback cost what the unit of work did, not what its session holds. Statements
 * are counted by a {@link StatementInspector} that records only the calling thread's SQL, and only
 * while a test asks it to, so every count belongs to one test and one call. The COMMIT itself is a
 * JDBC call, not a statement: "0 statements" means nothing but the COMMIT.
 */
@TestPropertySource(properties = "spring.jpa.properties[hibernate.session_factory.statement_inspector]="
		+ "io.philo.orm.catalog.UnitOfWorkCostTests$ThreadSql")
class UnitOfWorkCostTests extends CatalogTestCase {

	/** PostgreSQL's limit on a statement's bind parameters. */
	private static final int POSTGRES_MAX_PARAMETERS = 65_535;

	private static final String TRIGGER = "genre_description_by_trigger";

	@AfterEach
	void dropTrigger() {
		// the session's transaction would hold DROP TRIGGER's lock: end it first
		this.pool.close();
		jdbc().execute("DROP TRIGGER IF EXISTS " + TRIGGER + " ON genre");
		jdbc().execute("DROP FUNCTION IF EXISTS " + TRIGGER + "()");
	}

	// 1. commit and rollback after reading: nothing read back for objects only read, whatever the number

	@Test
	void commitAndRollbackIssueNoStatementForObjectsOnlyReadWhetherTwoHundredOrTwoThousand() {
		long first = seedGenres(2_000);
		Map<String, List<String>> statements = new LinkedHashMap<>();
		for (int read : new int[] { 200, 2_000 }) {
			statements.put("commit of a read-only unit after reading " + read, afterReading(read, Ending.COMMIT, false));
			statements.put("commit of a locking unit after reading " + read, afterReading(read, Ending.COMMIT, true));
			statements.put("rollback of a locking unit after reading " + read, afterReading(read, Ending.ROLLBACK, true));
		}
		statements.forEach((what, sql) -> assertThat(sql).withFailMessage("%s: %s", what, describe(sql)).isEmpty());

		// free does not mean stale: a row changed elsewhere shows in the same instance on the next get
		List<Genre> held = Genre.objects.all().list();
		this.pool.commit();
		assertTheNextGetShowsAChangeMadeElsewhere(first, held.get(0));
	}

	/** Another transaction changes the row: the next get returns the same instance, with the change. */
	private void assertTheNextGetShowsAChangeMadeElsewhere(long id, Genre held) {
		jdbc().update("UPDATE genre SET description = 'changed elsewhere' WHERE id = ?", id);
		Genre again = Genre.objects.get(id);
		assertThat(again).isSameAs(held);
		assertThat(again.getDescription()).isEqualTo("changed elsewhere");
	}

	@Test
	void commitAfterReadingAndAddingOneReadsNothingBackWhetherTwoHundredOrTwoThousandRead() {
		seedGenres(2_000);
		// the INSERT returned the row it wrote: nothing is left to read back
		List<String> afterTwoHundred = afterReadingAndAdding(200);
		List<String> afterTwoThousand = afterReadingAndAdding(2_000);
		assertThat(afterTwoHundred).withFailMessage("after reading 200: %s", describe(afterTwoHundred)).isEmpty();
		assertThat(afterTwoThousand).withFailMessage("after reading 2,000: %s", describe(afterTwoThousand)).isEmpty();
		assertThat(jdbc().queryForObject("SELECT count(*) FROM genre WHERE name = 'added'", Long.class)).isEqualTo(2);
	}

	// 2. read 1,000, change one: the UPDATE returns its row; the commit reads back at most one statement per model written

	@Test
	void unitReadingAThousandAndUpdatingOneCostsWhatPlainJpaCosts() {
		long first = seedGenres(1_000);
		List<String> work = ThreadSql.during(() -> {
			List<Genre> genres = Genre.objects.all().list();
			assertThat(genres).hasSize(1_000);
			Genre changed = genres.get(500);
			changed.setDescription("changed");
			changed.update();
		});
		List<String> commit = ThreadSql.during(this.pool::commit);
		assertThat(commit).withFailMessage("commit: %s", describe(commit)).isEmpty();
		// plain JPA runs this unit with 2 statements (the SELECT, the UPDATE)
		assertThat(work).withFailMessage("unit: %s", describe(work)).hasSize(2);
		assertThat(work.get(1)).startsWith("update genre").contains("returning");
		assertThat(jdbc().queryForObject("SELECT description FROM genre WHERE id = ?", String.class, first + 500))
			.isEqualTo("changed");
	}

	@Test
	void commitReadsBackAtMostOneStatementPerModelWritten() {
		long first = seedGenres(1_000);
		List<Genre> genres = Genre.objects.all().list();
		genres.get(10).setDescription("changed");
		genres.get(10).update();
		genres.get(20).setDescription("changed");
		genres.get(20).update();
		new Artist(first, "Pink Floyd", "added").add();
		new Artist(first, "Can", "added").add();
		List<String> commit = ThreadSql.during(this.pool::commit);
		// genres' UPDATEs returned their rows; an artist shows its genre (an association), so artists are read back
		assertThat(commit.stream().map(UnitOfWorkCostTests::table)).withFailMessage("commit: %s", describe(commit))
			.containsExactly("artist");
		assertThat(jdbc().queryForObject("SELECT count(*) FROM genre WHERE description = 'changed'", Long.class)).isEqualTo(2);
		assertThat(jdbc().queryForObject("SELECT count(*) FROM artist", Long.class)).isEqualTo(2);
	}

	// 3. a session holding 70,000 objects: no statement with a parameter per object, and objects stay current

	@Test
	void commitHoldingSeventyThousandObjectsSucceedsAndTheyShowTheDatabaseAfterwards() {
		long first = seedGenres(70_000);
		List<Genre> held = Genre.objects.all().list();
		assertThat(held).hasSize(70_000);
		Genre changed = held.get(0);
		changed.setDescription("changed");
		changed.update();
		List<String> commit = ThreadSql.during(this.pool::commit);
		assertThat(commit).withFailMessage("commit: %s", describe(commit)).hasSizeLessThanOrEqualTo(1);
		assertThat(jdbc().queryForObject("SELECT description FROM genre WHERE id = ?", String.class, first))
			.isEqualTo("changed");

		assertTheNextGetShowsAChangeMadeElsewhere(first + 69_999, held.get(69_999));
	}

	@Test
	void commitAfterAWriteByStatementHoldingSeventyThousandObjectsRereadsThemInBoundedStatements() {
		long first = seedGenres(70_000);
		List<Genre> held = Genre.objects.all().list();
		Genre.objects.rawSql("UPDATE genre SET description = 'by statement' WHERE id = :id", Map.of("id", first + 1));
		// the session cannot tell which rows the statement changed: every held object is read again
		List<String> commit = ThreadSql.during(this.pool::commit);
		assertThat(maxParameters(commit)).withFailMessage("commit: %s", describe(commit)).isLessThan(POSTGRES_MAX_PARAMETERS);
		assertThat(jdbc().queryForObject("SELECT description FROM genre WHERE id = ?", String.class, first + 1))
			.isEqualTo("by statement");
		assertThat(held.get(1).getDescription()).isEqualTo("by statement");
		report("commit after a write by statement, 70,000 held: %d statements, at most %d parameters each", commit.size(),
				maxParameters(commit));
	}

	@Test
	void rollbackAfterAWriteByStatementHoldingSeventyThousandObjectsRevertsThemInBoundedStatements() {
		long first = seedGenres(70_000);
		List<Genre> held = Genre.objects.all().list();
		Genre.objects.rawSql("UPDATE genre SET description = 'rolled back' WHERE id = :id", Map.of("id", first + 1));
		assertThat(Genre.objects.get(first + 1).getDescription()).as("not overwritten by the query yet").isEqualTo("seeded");
		List<String> rollback = ThreadSql.during(this.pool::rollback);
		assertThat(maxParameters(rollback)).withFailMessage("rollback: %s", describe(rollback))
			.isLessThan(POSTGRES_MAX_PARAMETERS);
		assertThat(held.get(1).getDescription()).isEqualTo("seeded");
		assertThat(jdbc().queryForObject("SELECT count(*) FROM genre WHERE description = 'rolled back'", Long.class)).isZero();
	}

	// 4. what the database makes of a row shows after the commit

	@Test
	void aColumnATriggerSetsShowsAfterCommit() {
		createDescriptionTrigger();
		Genre rock = new Genre("Rock", "loud");
		rock.add();
		Genre jazz = new Genre("Jazz", null);
		jazz.add();
		this.pool.commit();
		assertThat(rock.getDescription()).isEqualTo("LOUD");
		assertThat(jazz.getDescription()).isEqualTo("set by the database");

		rock.setDescription("louder");
		rock.update();
		this.pool.commit();
		assertThat(rock.getDescription()).isEqualTo("LOUDER");
		assertThat(Genre.objects.get(rock.getId())).isSameAs(rock);
	}

	@Test
	void objectsChangedWithoutUpdateAreWrittenByTheCommitAndShowWhatTheDatabaseMadeOfThem() {
		List<String> commit = commitOfAHundredChangedWithoutUpdate();
		// each UPDATE returns its row (so Hibernate sends them one by one, not in a JDBC batch); nothing is read back
		assertThat(commit).withFailMessage("commit: %s", describe(commit)).hasSize(100)
			.allMatch((sql) -> sql.startsWith("update genre") && sql.contains("returning"));
	}

	@Test
	void anAssociationSetThroughItsColumnShowsAfterCommit() {
		Genre rock = committedGenre("Rock", null);
		Artist floyd = new Artist(rock.getId(), "Pink Floyd", null);
		floyd.add();
		assertThat(floyd.getGenre()).as("the application set only the column").isNull();
		this.pool.commit();
		assertThat(floyd.getGenre()).isSameAs(rock);
	}

	// 5. a worker that never closes its session: get + commit stays as fast as the session grows

	@Test
	void workerLoopingGetAndCommitWithoutCloseKeepsAFlatLatency() throws Exception {
		int iterations = 50_000;
		// a row per iteration: the session grows to 50,000 objects, as a worker's that never closes would
		long first = seedGenres(iterations);
		long[] nanos = new long[iterations];
		Map<Integer, List<String>> getStatements = new LinkedHashMap<>();
		Map<Integer, List<String>> commitStatements = new LinkedHashMap<>();
		AtomicLong held = new AtomicLong();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread worker = new Thread(() -> {
			try {
				// warm the JIT up on sessions closed every 1,000 iterations: the loop below then compares session sizes, not compilation
				for (int i = 0; i < 10_000; i++) {
					Genre.objects.get(first + i);
					this.pool.commit();
					if (i % 1_000 == 999) {
						this.pool.close();
					}
				}
				this.pool.close();
				long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
				for (int i = 0; i < iterations; i++) {
					if (i % 1_000 == 0 && System.nanoTime() > deadline) {
						// stop rather than run on into the next tests
						throw new AssertionError("only " + i + " iterations in 3 minutes; the last 100 took "
								+ meanMicros(nanos, i - 100, i) + " µs each");
					}
					long id = first + i;
					long start = System.nanoTime();
					if (i == 999 || i == iterations - 1) {
						getStatements.put(i + 1, ThreadSql.during(() -> Genre.objects.get(id)));
						commitStatements.put(i + 1, ThreadSql.during(this.pool::commit));
					}
					else {
						Genre.objects.get(id);
						this.pool.commit();
					}
					nanos[i] = System.nanoTime() - start;
				}
				held.set(this.pool.run("DEFAULT", Access.READ, (session) -> session.unwrap(Session.class).getStatistics().getEntityCount()));
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
			finally {
				this.pool.close();
			}
		}, "worker-without-close");
		long start = System.nanoTime();
		worker.start();
		worker.join(TimeUnit.MINUTES.toMillis(4));
		assertThat(worker.isAlive()).as("the worker finished within 4 minutes").isFalse();
		assertThat(failure.get()).isNull();
		assertThat(held.get()).as("objects the worker's session holds at the end").isEqualTo(iterations);

		double early = robustMeanMicros(nanos, 500, 1_500);
		double late = robustMeanMicros(nanos, iterations - 1_000, iterations);
		report("worker loop (after 10,000 warm-up iterations): %d iterations in %d ms; iterations 500-1,500: %.1f µs (mean %.1f), last 1,000: %.1f µs (mean %.1f);"
				+ " ratio %.2f; statements of get %s, of commit %s", iterations, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), early,
				meanMicros(nanos, 500, 1_500), late, meanMicros(nanos, iterations - 1_000, iterations), late / early,
				getStatements.values().stream().map(List::size).toList(), commitStatements.values().stream().map(List::size).toList());
		// each get reads its new row: one statement, the same at iteration 50,000 as at 1,000
		getStatements.forEach((iteration, sql) -> assertThat(sql)
			.withFailMessage("get of iteration %d: %s", iteration, describe(sql)).hasSize(1));
		commitStatements.forEach((iteration, sql) -> assertThat(sql)
			.withFailMessage("commit of iteration %d: %s", iteration, describe(sql)).isEmpty());
		assertThat(late / early).as("latency of the last 1,000 iterations over that of iterations 500-1,500").isLessThanOrEqualTo(1.5);
	}

	// 6. stream() streams

	@Test
	void streamingAMillionRowsHoldsOnlyAFewRowsAtATime() {
		int rows = 1_000_000;
		seedGenres(rows);
		long baseline = usedHeapAfterGc();
		AtomicLong seen = new AtomicLong();
		AtomicLong maxGrowth = new AtomicLong(Long.MIN_VALUE);
		AtomicLong maxHeld = new AtomicLong();
		long start = System.nanoTime();
		try (Stream<Genre> genres = Genre.objects.all().stream()) {
			genres.forEach((genre) -> {
				if (seen.incrementAndGet() % 250_000 == 0) {
					// a driver reading every row before the first would hold hundreds of MB here
					maxGrowth.accumulateAndGet(usedHeapAfterGc() - baseline, Math::max);
					maxHeld.accumulateAndGet(this.pool.run("DEFAULT", Access.READ,
							(session) -> (long) session.unwrap(Session.class).getStatistics().getEntityCount()), Math::max);
				}
			});
		}
		report("stream of %d rows in %d ms: heap growth at most %.1f MB (sampled every 250,000 rows after GC), session held at most %d objects",
				seen.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), maxGrowth.get() / 1e6, maxHeld.get());
		assertThat(seen.get()).isEqualTo(rows);
		assertThat(maxHeld.get()).as("objects the session holds while streaming").isLessThanOrEqualTo(1_000);
		assertThat(maxGrowth.get()).as("heap growth while streaming, bytes").isLessThan(32L * 1024 * 1024);
	}

	// the scenarios

	private enum Ending {

		COMMIT, ROLLBACK

	}

	/** A fresh unit reads {@code count} objects (and locks one, which begins a transaction), then ends: its statements. */
	private List<String> afterReading(int count, Ending ending, boolean lockOne) {
		this.pool.close();
		List<Genre> genres = new ArrayList<>();
		List<String> read = ThreadSql.during(() -> genres.addAll(Genre.objects.all().limit(count).list()));
		// the inspector sees this thread's statements: a count of 0 below is not for want of looking
		assertThat(read).withFailMessage("the read: %s", describe(read)).hasSize(1);
		assertThat(genres).hasSize(count);
		if (lockOne) {
			Genre.objects.getForUpdate(genres.get(count / 2).getId());
		}
		return ThreadSql.during((ending == Ending.COMMIT) ? this.pool::commit : this.pool::rollback);
	}

	/** A fresh unit reads {@code count} objects and adds one, then commits: the commit's statements. */
	private List<String> afterReadingAndAdding(int count) {
		this.pool.close();
		assertThat(Genre.objects.all().limit(count).list()).hasSize(count);
		Genre added = new Genre("added", "after reading " + count);
		added.add();
		return ThreadSql.during(this.pool::commit);
	}

	/**
	 * Inserts rows with ids above any the sequence has handed out, then moves the sequence past them,
	 * so that add() later in the test cannot meet them.
	 * @return the first id; the others follow it
	 */
	/**
	 * The models have no column default of the database's (every column is inserted), so a trigger
	 * stands for both: it upper-cases the description, and fills one the application left null.
	 */
	private void createDescriptionTrigger() {
		jdbc().execute("CREATE FUNCTION " + TRIGGER + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
				+ "NEW.description := coalesce(upper(NEW.description), 'set by the database'); RETURN NEW; END $$");
		jdbc().execute("CREATE TRIGGER " + TRIGGER + " BEFORE INSERT OR UPDATE ON genre FOR EACH ROW EXECUTE FUNCTION "
				+ TRIGGER + "()");
	}

	/** A hundred genres changed without update(), written by the commit: they show what the trigger made of them. */
	private List<String> commitOfAHundredChangedWithoutUpdate() {
		createDescriptionTrigger();
		seedGenres(100);
		List<Genre> genres = Genre.objects.all().list();
		genres.forEach((genre) -> genre.setDescription("changed"));
		List<String> commit = ThreadSql.during(this.pool::commit);
		assertThat(genres).extracting(Genre::getDescription).containsOnly("CHANGED");
		return commit;
	}

	private long seedGenres(int count) {
		long first = jdbc().queryForObject("SELECT nextval('genre_seq') + 1", Long.class);
		jdbc().update("INSERT INTO genre (id, name, description, created_at, updated_at) "
				+ "SELECT ? + g, 'genre ' || g, 'seeded', now(), now() FROM generate_series(0, ? - 1) g", first, count);
		jdbc().queryForObject("SELECT setval('genre_seq', ? + 100)", Long.class, first + count);
		return first;
	}

	private JdbcTemplate jdbc() {
		return new JdbcTemplate(this.pool.dataSource("DEFAULT"));
	}

	// figures

	private static final Pattern FROM_TABLE = Pattern.compile("\\b(?:from|into|update)\\s+(\\w+)", Pattern.CASE_INSENSITIVE);

	private static String table(String sql) {
		Matcher matcher = FROM_TABLE.matcher(sql);
		return matcher.find() ? matcher.group(1) : sql;
	}

	private static int maxParameters(List<String> statements) {
		return statements.stream().mapToInt((sql) -> (int) sql.chars().filter((c) -> c == '?').count()).max().orElse(0);
	}

	/** The count, then each distinct statement (cut short) with how often it ran. */
	private static String describe(List<String> statements) {
		Map<String, Integer> distinct = new LinkedHashMap<>();
		statements.forEach((sql) -> distinct.merge((sql.length() > 160) ? sql.substring(0, 160) + "…" : sql, 1, Integer::sum));
		return statements.size() + " statements " + distinct;
	}

	/** Mean latency in µs of the iterations in [from, to), as the median of its blocks of 100: one GC pause cannot sway it. */
	private static double robustMeanMicros(long[] nanos, int from, int to) {
		List<Double> blocks = new ArrayList<>();
		for (int block = from; block < to; block += 100) {
			blocks.add(meanMicros(nanos, block, Math.min(to, block + 100)));
		}
		double[] sorted = blocks.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
	}

	private static double meanMicros(long[] nanos, int from, int to) {
		return Arrays.stream(nanos, from, to).average().orElseThrow() / 1_000;
	}

	private static long usedHeapAfterGc() {
		Runtime runtime = Runtime.getRuntime();
		System.gc();
		System.gc();
		return runtime.totalMemory() - runtime.freeMemory();
	}

	private static void report(String format, Object... args) {
		System.out.println("[UnitOfWorkCostTests] " + String.format(format, args));
	}

	/** Records the SQL Hibernate prepares on the calling thread while {@link #during} runs. */
	/** With {@code return-written-rows} off: writes are batched, and the commit reads their rows back. */
	@Nested
	@TestPropertySource(properties = "philo.orm.return-written-rows=false")
	class WithoutReturningWrittenRows {

		@Test
		void theCommitBatchesItsWritesAndReadsTheirRowsBackInOneStatementPerModel() {
			List<String> commit = commitOfAHundredChangedWithoutUpdate();
			// the 100 UPDATEs from one statement prepared once, sent in JDBC batches; then one SELECT of the rows
			assertThat(commit.stream().map((sql) -> sql.substring(0, sql.indexOf(' ')) + " " + table(sql)))
				.withFailMessage("commit: %s", describe(commit))
				.containsExactly("update genre", "select genre");
		}

	}

	public static final class ThreadSql implements StatementInspector {

		private static final ThreadLocal<List<String>> recording = new ThreadLocal<>();

		@Override
		public String inspect(String sql) {
			List<String> statements = recording.get();
			if (statements != null) {
				statements.add(sql);
			}
			return sql;
		}

		static List<String> during(Runnable work) {
			List<String> statements = new ArrayList<>();
			recording.set(statements);
			try {
				work.run();
			}
			finally {
				recording.remove();
			}
			return statements;
		}

	}

}
