package io.philo.orm.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import io.philo.orm.embedded.ReplicatedEmbeddedPostgres;
import io.philo.orm.pool.PoolScope;
import io.philo.orm.replica.PhiloReplicas;
import io.philo.orm.replica.Replica;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DEFAULT with one real streaming standby (the embedded server's): which server each read reaches
 * is counted on the servers themselves (pg_stat_statements, which counts on a standby too), and a
 * wrong route fails loudly, a standby refusing writes and locks.
 */
@SpringBootTest(classes = CatalogTestApplication.class, properties = {
		"philo.databases.postgresql.DEFAULT.replicas=embedded", "philo.databases.postgresql.DEFAULT.max-lag=2s" })
class ReplicaTests extends CatalogTestCase {

	/** Statements of the model API that read genres by name, by description, or count them. */
	private static final String BY_NAME = "select g1_0.id%from genre g1_0 where g1_0.name=%";

	private static final String COUNT_BY_DESCRIPTION = "select count(%from genre g1_0 where g1_0.description=%";

	@Autowired
	private ReplicatedEmbeddedPostgres servers;

	@Autowired
	private PhiloReplicas replicas;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@BeforeEach
	void countStatements() throws SQLException, InterruptedException {
		try (Connection connection = this.pool.dataSource("DEFAULT").getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
		}
		awaitReplica(Replica::usable, Duration.ofSeconds(30));
	}

	@AfterEach
	void replicaAsAtStart() {
		this.servers.startStandby();
		this.servers.setApplyDelay(Duration.ZERO);
	}

	@Test
	void readsOutsideAWriteTransactionGoToTheReplicaAndTheRestToThePrimary() throws Exception {
		Genre rock = committedGenre("Rock", "seed");
		long id = rock.getId();
		long[] before = { calls(false, COUNT_BY_DESCRIPTION), calls(true, COUNT_BY_DESCRIPTION) };
		// another thread, which has not written: its reads need no commit of its own on the replica
		inOtherThread(() -> {
			for (int i = 0; i < 20; i++) {
				assertThat(Genre.objects.filterBy("description", "seed").count()).isEqualTo(1);
			}
			// a lock or raw SQL on the replica would fail: "cannot execute SELECT FOR UPDATE in a read-only transaction"
			assertThat(Genre.objects.getForUpdate(id).getName()).isEqualTo("Rock");
			assertThat(Genre.objects.rawSql("SELECT pg_is_in_recovery()").get(0)[0]).isEqualTo(false);
			// in the unit's write transaction, reads stay on the primary
			assertThat(Genre.objects.filterBy("description", "seed").count()).isEqualTo(1);
			this.pool.commit();
			return null;
		});
		assertThat(calls(true, COUNT_BY_DESCRIPTION) - before[1]).isEqualTo(20);
		assertThat(calls(false, COUNT_BY_DESCRIPTION) - before[0]).isEqualTo(1);
		inOtherThread(() -> {
			this.pool.close();
			assertThat(Genre.objects.usingPrimary().filterBy("description", "seed").count()).isEqualTo(1);
			return null;
		});
		assertThat(calls(false, COUNT_BY_DESCRIPTION) - before[0]).isEqualTo(2);
	}

	@Test
	void aReadOnlySpringTransactionRunsOnTheReplicaAndOthersOnThePrimary() throws Exception {
		TransactionTemplate readOnly = new TransactionTemplate(this.transactionManager);
		readOnly.setReadOnly(true);
		TransactionTemplate readWrite = new TransactionTemplate(this.transactionManager);
		Object onReplica = inOtherThread(() -> readOnly.execute((status) -> Genre.objects.rawSql("SELECT pg_is_in_recovery()").get(0)[0]));
		Object onPrimary = inOtherThread(() -> readWrite.execute((status) -> Genre.objects.rawSql("SELECT pg_is_in_recovery()").get(0)[0]));
		assertThat(onReplica).isEqualTo(true);
		assertThat(onPrimary).isEqualTo(false);
	}

	@Test
	void eachThreadReadsItsOwnWritesFromALaggingReplicaWhileOtherReadsUseIt() throws Exception {
		committedGenre("Seed", "seed");
		awaitOnStandby("Seed");
		this.servers.setApplyDelay(Duration.ofMillis(500));
		long[] before = { calls(false, BY_NAME), calls(true, BY_NAME), calls(false, COUNT_BY_DESCRIPTION),
				calls(true, COUNT_BY_DESCRIPTION) };
		int threads = 8;
		int iterations = 1000 / threads;
		AtomicInteger stale = new AtomicInteger();
		AtomicInteger otherReads = new AtomicInteger();
		AtomicBoolean writing = new AtomicBoolean(true);
		ExecutorService executor = Executors.newFixedThreadPool(threads + 1);
		try {
			Future<?> reader = executor.submit(() -> {
				while (writing.get()) {
					try (PoolScope scope = this.pool.scope()) {
						assertThat(Genre.objects.filterBy("description", "seed").count()).isEqualTo(1);
						otherReads.incrementAndGet();
					}
				}
			});
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				writers.add(executor.submit(() -> {
					for (int i = 0; i < iterations; i++) {
						try (PoolScope scope = this.pool.scope()) {
							String name = "g" + thread + "-" + i;
							new Genre(name, "written").add();
							this.pool.commit();
							if (Genre.objects.filterBy("name", name).first().isEmpty()) {
								stale.incrementAndGet();
							}
						}
					}
					return null;
				}));
			}
			for (Future<?> writer : writers) {
				writer.get(5, TimeUnit.MINUTES);
			}
			writing.set(false);
			reader.get(1, TimeUnit.MINUTES);
		}
		finally {
			writing.set(false);
			executor.shutdownNow();
		}
		long ownOnPrimary = calls(false, BY_NAME) - before[0];
		long ownOnReplica = calls(true, BY_NAME) - before[1];
		long otherOnPrimary = calls(false, COUNT_BY_DESCRIPTION) - before[2];
		long otherOnReplica = calls(true, COUNT_BY_DESCRIPTION) - before[3];
		System.out.printf("read-your-writes, standby 500 ms behind: %d iterations, %d stale; own reads: %d on the primary, %d on the"
				+ " replica; %d reads following no write: %d on the primary, %d on the replica%n", threads * iterations, stale.get(),
				ownOnPrimary, ownOnReplica, otherReads.get(), otherOnPrimary, otherOnReplica);
		assertThat(stale.get()).isZero();
		assertThat(ownOnPrimary + ownOnReplica).isEqualTo(threads * iterations);
		assertThat(otherOnReplica).isEqualTo(otherReads.get()).isPositive();
		assertThat(otherOnPrimary).isZero();
	}

	@Test
	void aReplicaStoppedMidRunFailsNoReadAndIsUsedAgainWhenBack() throws Exception {
		committedGenre("Seed", "seed");
		awaitOnStandby("Seed");
		AtomicInteger reads = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService executor = Executors.newFixedThreadPool(4);
		List<Future<?>> readers = new ArrayList<>();
		try {
			for (int t = 0; t < 4; t++) {
				readers.add(executor.submit(() -> {
					while (running.get()) {
						try (PoolScope scope = this.pool.scope()) {
							if (Genre.objects.filterBy("description", "seed").count() != 1) {
								failed.incrementAndGet();
							}
						}
						catch (RuntimeException ex) {
							failed.incrementAndGet();
						}
						reads.incrementAndGet();
					}
				}));
			}
			Thread.sleep(1000);
			long stopped = System.nanoTime();
			this.servers.stopStandby();
			awaitReplica((replica) -> !replica.usable(), Duration.ofSeconds(5));
			System.out.printf("replica stopped: out after %d ms%n", Duration.ofNanos(System.nanoTime() - stopped).toMillis());
			Thread.sleep(1000);
			long started = System.nanoTime();
			this.servers.startStandby();
			awaitReplica(Replica::usable, Duration.ofSeconds(30));
			System.out.printf("replica started: used again after %d ms%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
			running.set(false);
			for (Future<?> reader : readers) {
				reader.get(1, TimeUnit.MINUTES);
			}
		}
		finally {
			running.set(false);
			executor.shutdownNow();
		}
		System.out.printf("replica stopped mid-run: %d reads, %d failed%n", reads.get(), failed.get());
		assertThat(failed.get()).isZero();
		assertThat(reads.get()).isPositive();
	}

	@Test
	void aReplicaLaggingPastMaxLagIsSkippedThenUsedAgain() throws Exception {
		committedGenre("Seed", "seed");
		awaitOnStandby("Seed");
		AtomicBoolean writing = new AtomicBoolean(true);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		Future<?> writer = executor.submit(() -> {
			int i = 0;
			while (writing.get()) {
				try (PoolScope scope = this.pool.scope()) {
					new Genre("w" + i++, "written").add();
					this.pool.commit();
				}
				Thread.sleep(50);
			}
			return null;
		});
		try {
			this.servers.setApplyDelay(Duration.ofSeconds(5));
			long delayed = System.nanoTime();
			// max-lag is 2 s: past it (2 s after the delay began), the replica is out within 5 s
			awaitReplica((replica) -> !replica.usable(), Duration.ofSeconds(7));
			System.out.printf("replica 5 s behind, max-lag 2 s: out %d ms after the delay began (%s)%n",
					Duration.ofNanos(System.nanoTime() - delayed).toMillis(), replica().problem());
			long before = calls(true, COUNT_BY_DESCRIPTION);
			inOtherThread(() -> Genre.objects.filterBy("description", "seed").count());
			assertThat(calls(true, COUNT_BY_DESCRIPTION)).isEqualTo(before);
			this.servers.setApplyDelay(Duration.ZERO);
			long caughtUp = System.nanoTime();
			awaitReplica(Replica::usable, Duration.ofSeconds(30));
			System.out.printf("replica caught up: used again after %d ms%n", Duration.ofNanos(System.nanoTime() - caughtUp).toMillis());
			inOtherThread(() -> {
				this.pool.close();
				return Genre.objects.filterBy("description", "seed").count();
			});
			assertThat(calls(true, COUNT_BY_DESCRIPTION)).isEqualTo(before + 1);
		}
		finally {
			writing.set(false);
			writer.get(1, TimeUnit.MINUTES);
			executor.shutdownNow();
		}
	}

	private Replica replica() {
		return this.replicas.of("DEFAULT").replicas().get(0);
	}

	private void awaitReplica(Predicate<Replica> state, Duration timeout) throws InterruptedException {
		await(() -> state.test(replica()), timeout, "replica state (" + replica().problem() + ")");
	}

	private void awaitOnStandby(String name) throws InterruptedException {
		await(() -> {
			try (Connection connection = standby(); Statement statement = connection.createStatement();
					var result = statement.executeQuery("SELECT count(*) FROM genre WHERE name = '" + name + "'")) {
				result.next();
				return result.getInt(1) == 1;
			}
			catch (SQLException ex) {
				return false;
			}
		}, Duration.ofSeconds(10), name + " on the standby");
	}

	private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	/** The calls of statements like the pattern counted by one server. */
	private long calls(boolean standby, String pattern) throws SQLException {
		try (Connection connection = standby ? standby() : primary(); Statement statement = connection.createStatement();
				var result = statement.executeQuery("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query ILIKE '"
						+ pattern + "'")) {
			result.next();
			return result.getLong(1);
		}
	}

	private Connection primary() throws SQLException {
		return DriverManager.getConnection(this.servers.primaryUrl("default"), ReplicatedEmbeddedPostgres.USER, null);
	}

	private Connection standby() throws SQLException {
		return DriverManager.getConnection(this.servers.standbyUrl("default"), ReplicatedEmbeddedPostgres.USER, null);
	}

}
