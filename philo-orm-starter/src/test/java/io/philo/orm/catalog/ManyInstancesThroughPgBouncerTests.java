package io.philo.orm.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.pool.PoolScope;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's scale-out: {@value #INSTANCES} application contexts (as many instances of one service)
 * with pools of {@value #POOL_SIZE} on one database make {@value #INSTANCES} × {@value #POOL_SIZE}
 * client connections to a real PgBouncer in transaction mode that gives them
 * {@value ThroughPgBouncer#DEFAULT_POOL_SIZE} server connections. Under a bounded concurrent load of
 * units that add and commit, then lock with getForUpdate, change and commit: no unit fails, every
 * committed row is there as committed, and the server never sees more sessions than the bouncer's pool.
 */
class ManyInstancesThroughPgBouncerTests {

	static final int INSTANCES = 8;

	static final int POOL_SIZE = 10;

	private static final int UNITS_PER_THREAD = 10;

	@Test
	void eightInstancesShareFiveServerConnectionsAndLoseNothing() throws Exception {
		String database = ThroughPgBouncer.newDatabase();
		String db2 = ThroughPgBouncer.newDatabase();
		List<ConfigurableApplicationContext> instances = new ArrayList<>();
		ExecutorService load = Executors.newFixedThreadPool(INSTANCES * POOL_SIZE);
		try {
			for (int i = 0; i < INSTANCES; i++) {
				instances.add(startInstance(i, database, db2));
			}
			assertThat(awaitClientConnections(instances)).isEqualTo(INSTANCES * POOL_SIZE);
			AtomicInteger mostServerConnections = new AtomicInteger();
			AtomicBoolean loading = new AtomicBoolean(true);
			Thread sampler = new Thread(() -> sampleServerConnections(database, loading, mostServerConnections));
			sampler.start();
			Map<Long, String> committed = new ConcurrentHashMap<>();
			Set<String> errors = ConcurrentHashMap.newKeySet();
			List<Future<?>> threads = new ArrayList<>();
			long start = System.nanoTime();
			for (int instance = 0; instance < INSTANCES; instance++) {
				PoolRegistry pool = instances.get(instance).getBean(PoolRegistry.class);
				for (int thread = 0; thread < POOL_SIZE; thread++) {
					String prefix = instance + "/" + thread + "/";
					threads.add(load.submit(() -> runUnits(pool, prefix, committed, errors)));
				}
			}
			for (Future<?> thread : threads) {
				thread.get(5, TimeUnit.MINUTES);
			}
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			loading.set(false);
			sampler.join();
			System.out.printf("%d instances x %d client connections through PgBouncer (default_pool_size %d): %d units in %d ms,"
					+ " %d errors, at most %d server sessions%n", INSTANCES, POOL_SIZE, ThroughPgBouncer.DEFAULT_POOL_SIZE,
					committed.size(), millis, errors.size(), mostServerConnections.get());
			assertThat(errors).isEmpty();
			assertThat(committed).hasSize(INSTANCES * POOL_SIZE * UNITS_PER_THREAD);
			JdbcTemplate jdbc = new JdbcTemplate(instances.get(0).getBean(PoolRegistry.class).dataSource("DEFAULT"));
			Map<Long, String> stored = new ConcurrentHashMap<>();
			jdbc.query("SELECT id, description FROM genre", (row) -> {
				stored.put(row.getLong(1), row.getString(2));
			});
			assertThat(stored).isEqualTo(committed);
			assertThat(mostServerConnections.get()).isBetween(1, ThroughPgBouncer.DEFAULT_POOL_SIZE);
		}
		finally {
			load.shutdownNow();
			instances.forEach(ConfigurableApplicationContext::close);
		}
	}

	/** Units of one thread: add and commit a genre; then lock it with getForUpdate, change it and commit. */
	private static void runUnits(PoolRegistry pool, String prefix, Map<Long, String> committed, Set<String> errors) {
		for (int unit = 0; unit < UNITS_PER_THREAD; unit++) {
			try (PoolScope scope = pool.scope()) {
				Genre genre = new Genre("genre " + prefix + unit, "added");
				genre.add();
				pool.commit();
				Genre locked = Genre.objects.getForUpdate(genre.getId());
				locked.setDescription("locked and changed by " + prefix + unit);
				locked.update();
				pool.commit();
				committed.put(genre.getId(), locked.getDescription());
			}
			catch (RuntimeException ex) {
				errors.add(prefix + unit + ": " + ex);
			}
		}
	}

	/** The client connections of the instances' DEFAULT pools, once HikariCP has opened minimum-idle of each (it does in the background). */
	private static int awaitClientConnections(List<ConfigurableApplicationContext> instances) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		int open;
		do {
			Thread.sleep(100);
			open = instances.stream()
				.mapToInt((context) -> ((HikariDataSource) context.getBean(PoolRegistry.class).dataSource("DEFAULT"))
					.getHikariPoolMXBean()
					.getTotalConnections())
				.sum();
		}
		while (open < INSTANCES * POOL_SIZE && System.nanoTime() < deadline);
		return open;
	}

	private static void sampleServerConnections(String database, AtomicBoolean loading, AtomicInteger most) {
		while (loading.get()) {
			try {
				most.accumulateAndGet(ThroughPgBouncer.serverConnections(database), Math::max);
				Thread.sleep(10);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	/** One instance of the service: DEFAULT (all its pool open) and DB2 through the bouncer, the tables made once. */
	private static ConfigurableApplicationContext startInstance(int instance, String database, String db2) {
		List<String> arguments = new ArrayList<>();
		ThroughPgBouncer.connection("DEFAULT", database).forEach((key, value) -> arguments.add("--" + key + "=" + value));
		ThroughPgBouncer.connection("DB2", db2).forEach((key, value) -> arguments.add("--" + key + "=" + value));
		arguments.add("--philo.databases.postgresql.DEFAULT.pool.maximum-pool-size=" + POOL_SIZE);
		arguments.add("--philo.databases.postgresql.DEFAULT.pool.minimum-idle=" + POOL_SIZE);
		arguments.add("--philo.orm.ddl-auto=" + ((instance == 0) ? "create" : "none"));
		arguments.add("--spring.application.name=instance-" + instance);
		return new SpringApplicationBuilder(CatalogTestApplication.class).web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
	}

}
