package io.philo.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.philo.orm.autoconfigure.PgBouncer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.hibernate.Version;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import org.springframework.boot.SpringBootVersion;

/**
 * Runs every scenario — our API, plain JPA (and Spring Data JPA) and raw JDBC side by side — and
 * prints the tables of operations per second, ratios and statements per unit of work; the full run
 * also writes {@code RESULTS.md}.
 *
 * <pre>
 * ./mvnw -pl benchmarks -am package exec:exec -DskipTests     # full run (several minutes)
 * </pre>
 */
public final class BenchmarkRunner {

	/**
	 * The settings of a run: JMH's, the measured iteration time of scenarios 7–8, the bulk size, and
	 * the start-up sizes and repetitions.
	 */
	record Settings(int forks, int warmups, TimeValue warmupTime, int iterations, TimeValue iterationTime,
			int manyObjectsForks, int manyObjectsWarmups, TimeValue manyObjectsIterationTime, int bulkRows,
			int bulkIterations, int[] startupDatabases, int startupRepetitions, Duration manyClientsLoad, int mixOperations) {

		// two forks, so that one JVM's JIT or GC luck cannot decide a ratio; medians over both forks' iterations.
		// Scenarios 7–8 (hundreds of units a second, each a large Hibernate path) were still speeding up after 4 s of
		// warm-up and differed by 30 % between forks: 3 forks, 12 s of warm-up, then 1 s iterations (about 7 minutes)
		static final Settings FULL = new Settings(2, 2, TimeValue.seconds(2), 5, TimeValue.seconds(2), 3, 6,
				TimeValue.seconds(1), 100_000, 5, new int[] { 1, 8, 32 }, 5, Duration.ofSeconds(10), 20_000);

		/** One short iteration of each, for CI: proves the benchmarks run, measures nothing. */
		static final Settings SMOKE = new Settings(0, 0, TimeValue.milliseconds(10), 1, TimeValue.milliseconds(100), 0, 0,
				TimeValue.milliseconds(100), 1_000, 1, new int[] { 1, 2 }, 1, Duration.ofMillis(200), 100);

	}

	private BenchmarkRunner() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("pgbouncer")) {
			System.out.println(throughPgBouncer(Settings.FULL));
			return;
		}
		if (args.length > 0 && args[0].equals("replicas")) {
			System.out.println(withReplica(Settings.FULL));
			return;
		}
		String report = run(Settings.FULL);
		System.out.println(report);
		Files.writeString(Path.of("RESULTS.md"), report);
		System.out.println("Written to " + Path.of("RESULTS.md").toAbsolutePath());
	}

	/** Runs every scenario with these settings and returns the report (Markdown). */
	static String run(Settings settings) throws RunnerException, IOException, SQLException, InterruptedException {
		Map<String, Double> opsPerSecond = new LinkedHashMap<>();
		for (String benchmarks : List.of(SingleOperations.class.getSimpleName(), ManyObjects.class.getSimpleName())) {
			for (RunResult result : jmh(settings, benchmarks)) {
				opsPerSecond.put(name(result), median(result));
			}
		}
		for (RunResult result : jmh(settings, BulkInsert.class.getSimpleName())) {
			// single-shot time in ms per 100,000 rows → rows per second
			opsPerSecond.put(name(result), settings.bulkRows() * 1000.0 / median(result));
		}
		Map<String, Double> statementsPerUnit = ManyObjects.statementsPerUnit();
		Map<Integer, long[]> startup = startup(settings);
		return report(settings, opsPerSecond, statementsPerUnit, startup) + throughPgBouncer(settings) + withReplica(settings);
	}

	/** Scenarios 11–12, on a primary with a real streaming standby, read with no replica configured and through the standby. */
	static String withReplica(Settings settings) throws RunnerException, IOException, SQLException {
		StringBuilder md = new StringBuilder("\n## 11–12. With a read replica\n\n");
		md.append(sideBySide(settings, ThroughReplica.class, "noReplica", "replica",
				"no replica | one replica | replica / no replica throughput",
				new String[][] { { "get", "11a. `get(id)`, fresh session (lookups/s)" },
						{ "filter", "11b. `filterBy(...)`, 100 rows (queries/s)" } }));
		md.append("\n| 12. ").append(String.format(Locale.ROOT, "%,d", settings.mixOperations()))
			.append(" operations, 9 reads to 1 write, one thread | operations/s | reads on the primary | reads on the replica")
			.append(" | writes (primary) | primary's share of statements |\n|---|---:|---:|---:|---:|---:|\n");
		ReadHeavyMix.measure(settings.mixOperations()).forEach((connection, figures) -> md.append("| ")
			.append(connection.equals(ReplicaDatabase.REPLICATED) ? "12. one replica" : "12. no replica")
			.append(" | ").append(format(figures.operationsPerSecond())).append(" | ").append(format((double) figures.primaryReads()))
			.append(" | ").append(format((double) figures.replicaReads())).append(" | ").append(format((double) figures.primaryWrites())).append(" | ")
			.append(String.format(Locale.ROOT, "%.0f %%", 100 * figures.primaryShare())).append(" |\n"));
		md.append("\nThe standby is a second PostgreSQL 17 on the same machine, streaming from the primary (`synchronous_commit = on`,"
				+ " asynchronous replication); both connections read the same database of the primary. Statements counted on each server by"
				+ " `pg_stat_statements` (SELECTs and INSERTs of the table). After a write, the thread's reads go to the standby once it has"
				+ " replayed the commit (read-your-writes, waiting at most `read-your-writes-wait`, 20 ms), else to the primary: in"
				+ " scenario 12 the read after each write waits for the standby to replay it, and each commit asks the primary for its"
				+ " WAL position; that is what the mix pays in throughput for sending 90 % of its statements elsewhere.\n");
		return md.toString();
	}

	/**
	 * Scenarios measured two ways in one JMH run ({@code <scenario>_<baseline>} and
	 * {@code <scenario>_<other>}), as a table of both and the other's throughput over the baseline's.
	 * @param columns the titles of those three columns
	 */
	private static String sideBySide(Settings settings, Class<?> benchmarks, String baseline, String other, String columns,
			String[][] scenarios) throws RunnerException {
		Map<String, Double> ops = new LinkedHashMap<>();
		for (RunResult result : jmh(settings, benchmarks.getSimpleName())) {
			ops.put(name(result), median(result));
		}
		StringBuilder md = new StringBuilder("| scenario (our API, one thread) | ").append(columns).append(" |\n|---|---:|---:|---:|\n");
		for (String[] scenario : scenarios) {
			Double base = ops.get(scenario[0] + "_" + baseline);
			Double measured = ops.get(scenario[0] + "_" + other);
			md.append("| ").append(scenario[1]).append(" | ").append(format(base)).append(" | ").append(format(measured))
				.append(" | ").append(ratio(measured, base)).append(" |\n");
		}
		return md.toString();
	}

	/** Scenarios 9–10, through a real PgBouncer in transaction mode beside the same database reached directly. */
	static String throughPgBouncer(Settings settings) throws RunnerException, IOException, SQLException, InterruptedException {
		StringBuilder md = new StringBuilder("\n## 9–10. Through PgBouncer in transaction mode\n\n");
		if (PgBouncer.binary() == null) {
			return md.append("PgBouncer is not installed (`apt-get install pgbouncer`): not measured.\n").toString();
		}
		md.append(sideBySide(settings, ThroughPgBouncer.class, "direct", "pgbouncer",
				"direct | through PgBouncer | PgBouncer / direct throughput",
				new String[][] { { "addCommit", "9a. `add()` + `commit()` (units/s)" },
						{ "get", "9b. `get(id)`, fresh session (lookups/s)" } }));
		md.append("\n| 10. ").append(ManyClients.CLIENTS).append(" client connections, ").append(ManyClients.CLIENTS)
			.append(" threads of `add()` + `commit()` for ").append(settings.manyClientsLoad().toMillis())
			.append(" ms | server sessions at most | units/s | failed units |\n|---|---:|---:|---:|\n");
		ManyClients.measure(settings.manyClientsLoad()).forEach((connection, figures) -> md.append("| ")
			.append(connection.equals("DEFAULT") ? "direct" : "through PgBouncer (default_pool_size "
					+ PgBouncerDatabase.SERVER_POOL_SIZE + ")")
			.append(" | ").append(figures.serverSessions()).append(" | ").append(format(figures.unitsPerSecond())).append(" | ")
			.append(figures.errors()).append(" |\n"));
		md.append("\nPgBouncer ").append("in transaction mode (`pool_mode = transaction`), on the same machine; the library sets "
				+ "pgjdbc's `prepareThreshold=0` for it, so every statement is parsed and planned each time.\n");
		return md.toString();
	}

	private static Collection<RunResult> jmh(Settings settings, String benchmarks) throws RunnerException {
		ChainedOptionsBuilder options = new OptionsBuilder().include(benchmarks)
			.forks(settings.forks())
			.warmupIterations(settings.warmups())
			.warmupTime(settings.warmupTime())
			.measurementIterations(settings.iterations())
			.measurementTime(settings.iterationTime())
			.param("rows", String.valueOf(settings.bulkRows()))
			.jvmArgsAppend("-Xmx2g")
			.shouldFailOnError(true);
		if (benchmarks.equals(BulkInsert.class.getSimpleName())) {
			options.warmupIterations(Math.min(1, settings.warmups())).measurementIterations(settings.bulkIterations());
		}
		if (benchmarks.equals(ManyObjects.class.getSimpleName())) {
			options.forks(settings.manyObjectsForks())
				.warmupIterations(settings.manyObjectsWarmups())
				.measurementTime(settings.manyObjectsIterationTime());
		}
		return new Runner(options.build()).run();
	}

	/** The median of every measured iteration of every fork: robust to the outliers a 2-core machine produces. */
	private static double median(RunResult result) {
		return result.getPrimaryResult().getStatistics().getPercentile(50);
	}

	private static String name(RunResult result) {
		String benchmark = result.getParams().getBenchmark();
		return benchmark.substring(benchmark.lastIndexOf('.') + 1);
	}

	/** Scenario 6: start-up time and heap with N databases, each in a fresh JVM, median of the repetitions. */
	private static Map<Integer, long[]> startup(Settings settings) throws IOException, SQLException, InterruptedException {
		Map<Integer, long[]> medians = new LinkedHashMap<>();
		int most = settings.startupDatabases()[settings.startupDatabases().length - 1];
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			List<String> urls = new ArrayList<>();
			try (Connection admin = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
					Statement statement = admin.createStatement()) {
				for (int i = 0; i < most; i++) {
					statement.execute("CREATE DATABASE startup_" + i);
					urls.add(postgres.getJdbcUrl("postgres", "startup_" + i));
				}
			}
			for (int databases : settings.startupDatabases()) {
				List<long[]> runs = new ArrayList<>();
				for (int r = 0; r < settings.startupRepetitions(); r++) {
					runs.add(probe(urls.subList(0, databases)));
				}
				runs.sort((a, b) -> Long.compare(a[0], b[0]));
				long[] median = runs.get(runs.size() / 2);
				runs.sort((a, b) -> Long.compare(a[1], b[1]));
				medians.put(databases, new long[] { median[0], runs.get(runs.size() / 2)[1] });
			}
		}
		return medians;
	}

	private static long[] probe(List<String> urls) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m", "-cp", System.getProperty("java.class.path"), StartupProbe.class.getName()));
		command.addAll(urls);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String line;
		long[] result = null;
		try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			while ((line = output.readLine()) != null) {
				if (line.startsWith("STARTUP ")) {
					String[] parts = line.split(" ");
					result = new long[] { Long.parseLong(parts[1]), Long.parseLong(parts[2]) };
				}
			}
		}
		if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0 || result == null) {
			throw new IllegalStateException("The start-up probe failed for " + urls.size() + " databases");
		}
		return result;
	}

	private static String report(Settings settings, Map<String, Double> ops, Map<String, Double> statements,
			Map<Integer, long[]> startup) throws SQLException, IOException {
		StringBuilder md = new StringBuilder();
		md.append("# Benchmark results\n\n");
		md.append("Produced by `./mvnw -pl benchmarks -am package exec:exec -DskipTests` on ").append(LocalDate.now())
			.append(".\n\n");
		md.append("| scenario | philo-orm | plain JPA | raw JDBC | COPY | philo time / JPA time | philo / JDBC throughput |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|\n");
		row(md, "1. `add()` + `commit()`, one row per unit (units/s)", ops, "addCommit");
		row(md, "2. `get(id)`, random id, fresh session (lookups/s)", ops, "get");
		row(md, "3. `filterBy(...)`, 100 rows (queries/s)", ops, "filter");
		row(md, "4. `count()` (counts/s)", ops, "count");
		row(md, "5. `addAll` of " + String.format(Locale.ROOT, "%,d", settings.bulkRows()) + " rows + commit (rows/s)", ops,
				"addAll");
		md.append("\nRatios: *philo time / JPA time* is JPA's throughput over ours (target ≤ 1.10 for single operations); "
				+ "*philo / JDBC throughput* is ours over raw JDBC's (for `addAll`, JDBC is a batch of multi-row inserts; target ≥ 1.0).\n\n");
		md.append("## 6. Start-up and heap by number of databases (fresh JVM each, median of ")
			.append(settings.startupRepetitions()).append(")\n\n| databases | start-up (ms) | heap after GC (MB) |\n|---:|---:|---:|\n");
		startup.forEach((databases, figures) -> md.append(String.format(Locale.ROOT, "| %d | %d | %.1f |%n", databases, figures[0],
				figures[1] / 1048576.0)));
		int fewest = startup.keySet().iterator().next();
		int most = startup.keySet().stream().reduce((a, b) -> b).orElseThrow();
		if (most > fewest) {
			double msPerDatabase = (startup.get(most)[0] - startup.get(fewest)[0]) / (double) (most - fewest);
			double mbPerDatabase = (startup.get(most)[1] - startup.get(fewest)[1]) / 1048576.0 / (most - fewest);
			md.append(String.format(Locale.ROOT, "%nEach extra database: **%.1f ms** of start-up and **%.3f MB** of heap "
					+ "(targets: ≤ 25 ms, ≤ 0.1 MB).%n", msPerDatabase, mbPerDatabase));
		}
		md.append("\n## 7–8. Units of work over many objects\n\n");
		md.append("| scenario | philo-orm | plain JPA | Spring Data JPA | raw JDBC | philo / JPA throughput "
				+ "| statements/unit philo | statements/unit JPA | statements/unit Spring Data |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		manyObjectsRow(md, "7. read " + String.format(Locale.ROOT, "%,d", ManyObjects.READ_ROWS)
				+ " objects, change one, `update()` + `commit()`, end the session (units/s)", ops, statements, "readChange");
		manyObjectsRow(md, "8. session holding " + String.format(Locale.ROOT, "%,d", ManyObjects.HELD_OBJECTS)
				+ " objects: `get` one, change it, `update()` + `commit()`, session kept (units/s)", ops, statements, "held");
		md.append("\nTargets: philo ≥ 0.90× plain JPA's throughput, and philo's statements per unit at most plain JPA's plus one "
				+ "per model written (one model here). Statements per unit are Hibernate's count of prepared statements (statistics "
				+ "on only while counting) over ").append(ManyObjects.COUNTED_UNITS).append(" units after an uncounted one; "
				+ "raw JDBC's are its SELECT and its UPDATE. Scenario 7, plain JPA: `begin`, query, set, `commit`, `close`; Spring "
				+ "Data JPA: a `JpaRepository` query and `save` in a `TransactionTemplate`; raw JDBC: rows into records, one UPDATE, "
				+ "commit. Scenario 8: the session (plain JPA: one EntityManager) is loaded with every row before each iteration "
				+ "and kept open through it; plain JPA's unit is `begin`, `find`, set, `commit`.\n");
		md.append("\n## Settings\n\n");
		md.append("- JMH: ").append(settings.forks()).append(" fork(s), ").append(settings.warmups()).append(" warm-up × ")
			.append(settings.warmupTime()).append(", ").append(settings.iterations()).append(" measurement × ")
			.append(settings.iterationTime()).append(" (bulk: single shot, ").append(settings.bulkIterations())
			.append(" measured iterations; scenarios 7–8: ").append(settings.manyObjectsForks()).append(" forks, ")
			.append(settings.manyObjectsWarmups()).append(" warm-ups × ").append(settings.warmupTime())
			.append(", measured iterations of ").append(settings.manyObjectsIterationTime())
			.append("); one thread; each score is the median of every measured iteration of every fork.\n");
		md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
			.append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append(", Java ")
			.append(System.getProperty("java.version")).append(" (").append(System.getProperty("java.vm.name")).append(")\n");
		md.append("- Versions: Spring Boot ").append(SpringBootVersion.getVersion()).append(", Hibernate ")
			.append(Version.getVersionString()).append(", ").append(serverSettings()).append('\n');
		md.append("- Library settings (defaults): JDBC batch size 50, ordered inserts/updates, pgjdbc reWriteBatchedInserts, "
				+ "pooled sequence ids (blocks of 50), HikariCP pools of up to 10 connections with 1 kept idle. Plain JPA uses the same "
				+ "EntityManagerFactory; Spring Data JPA a repository on it and its transaction manager; raw JDBC the same pool.\n");
		md.append("- The server is on the same machine as the benchmark (loopback), so each round trip is cheap and the client's CPU "
				+ "cost weighs more than it would over a network.\n");
		return md.toString();
	}

	private static void row(StringBuilder md, String title, Map<String, Double> ops, String prefix) {
		Double philo = ops.get(prefix + "_philo");
		Double jpa = ops.get(prefix + "_jpa");
		Double jdbc = ops.getOrDefault(prefix + "_jdbc", ops.get(prefix + "_jdbcBatch"));
		Double copy = ops.get(prefix + "_copy");
		md.append("| ").append(title).append(" | ").append(format(philo)).append(" | ").append(format(jpa)).append(" | ")
			.append(format(jdbc)).append(" | ").append(format(copy)).append(" | ")
			.append(ratio(jpa, philo)).append(" | ").append(ratio(philo, jdbc)).append(" |\n");
	}

	private static void manyObjectsRow(StringBuilder md, String title, Map<String, Double> ops, Map<String, Double> statements,
			String prefix) {
		Double philo = ops.get(prefix + "_philo");
		Double jpa = ops.get(prefix + "_jpa");
		md.append("| ").append(title).append(" | ").append(format(philo)).append(" | ").append(format(jpa)).append(" | ")
			.append(format(ops.get(prefix + "_springData"))).append(" | ").append(format(ops.get(prefix + "_jdbc"))).append(" | ")
			.append(ratio(philo, jpa)).append(" | ").append(formatStatements(statements.get(prefix + "_philo"))).append(" | ")
			.append(formatStatements(statements.get(prefix + "_jpa"))).append(" | ")
			.append(formatStatements(statements.get(prefix + "_springData"))).append(" |\n");
	}

	private static String formatStatements(Double value) {
		return (value == null) ? "" : String.format(Locale.ROOT, "%.1f", value);
	}

	private static String format(Double value) {
		return (value == null) ? "" : String.format(Locale.ROOT, "%,.0f", value);
	}

	private static String ratio(Double numerator, Double denominator) {
		return (numerator == null || denominator == null) ? "" : String.format(Locale.ROOT, "%.2f", numerator / denominator);
	}

	/** The embedded server's version and durability settings, as the benchmarks see them. */
	private static String serverSettings() throws IOException, SQLException {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
				Connection connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
				Statement statement = connection.createStatement()) {
			StringBuilder settings = new StringBuilder("embedded PostgreSQL");
			for (String name : List.of("server_version", "fsync", "synchronous_commit", "full_page_writes", "shared_buffers")) {
				try (ResultSet value = statement.executeQuery("SHOW " + name)) {
					value.next();
					settings.append(name.equals("server_version") ? " " : ", " + name + "=").append(value.getString(1));
				}
			}
			return settings.toString();
		}
	}

}
