package io.philo.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import io.philo.orm.autoconfigure.PgBouncer;
import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.pool.PoolScope;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Scenario 9: {@value #CLIENTS} client connections (pools of {@value #CLIENTS}, all open) and as many
 * threads doing {@code add()} + {@code commit()} units, on a database reached directly and on one
 * through PgBouncer in transaction mode ({@code default_pool_size} {@value PgBouncerDatabase#SERVER_POOL_SIZE}):
 * the most server sessions PostgreSQL had at once ({@code pg_stat_activity}, sampled every 10 ms)
 * and the units per second.
 */
final class ManyClients {

	static final int CLIENTS = 80;

	/** The figures of one connection. */
	record Figures(int serverSessions, double unitsPerSecond, long errors) {
	}

	private ManyClients() {
	}

	/** Figures by connection (DEFAULT: direct, BOUNCED: through PgBouncer), each loaded for the given time. */
	static Map<String, Figures> measure(Duration load) throws IOException, SQLException, InterruptedException {
		Map<String, Figures> figures = new LinkedHashMap<>();
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
				PgBouncer bouncer = PgBouncer.start(postgres.getPort(), PgBouncerDatabase.SERVER_POOL_SIZE)) {
			try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
				statement.execute("CREATE DATABASE direct_clients");
				statement.execute("CREATE DATABASE bounced_clients");
			}
			String bounced = "philo.databases.postgresql." + PgBouncerDatabase.BOUNCED + ".";
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchApplication.class)
				.web(WebApplicationType.NONE)
				.properties("philo.databases.postgresql.DEFAULT.url=" + postgres.getJdbcUrl("postgres", "direct_clients"),
						bounced + "url=" + bouncer.jdbcUrl("bounced_clients"), bounced + "username=postgres",
						bounced + "pooler=pgbouncer-transaction",
						bounced + "direct-url=" + postgres.getJdbcUrl("postgres", "bounced_clients"),
						bounced + "idle-in-transaction-timeout=0", "philo.orm.ddl-auto=create",
						"philo.databases.postgresql.DEFAULT.pool.maximum-pool-size=" + CLIENTS,
						"philo.databases.postgresql.DEFAULT.pool.minimum-idle=" + CLIENTS,
						bounced + "pool.maximum-pool-size=" + CLIENTS, bounced + "pool.minimum-idle=" + CLIENTS,
						"spring.main.banner-mode=off", "logging.level.root=WARN")
				.run()) {
				PoolRegistry pool = context.getBean(PoolRegistry.class);
				figures.put("DEFAULT", load(pool, "DEFAULT", postgres, "direct_clients", load));
				figures.put(PgBouncerDatabase.BOUNCED, load(pool, PgBouncerDatabase.BOUNCED, postgres, "bounced_clients", load));
			}
		}
		return figures;
	}

	private static Figures load(PoolRegistry pool, String connection, EmbeddedPostgres postgres, String database, Duration load)
			throws InterruptedException {
		awaitClientConnections((HikariDataSource) pool.dataSource(connection));
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong units = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		AtomicInteger most = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(CLIENTS + 1);
		try {
			List<Future<?>> clients = new ArrayList<>();
			threads.submit(() -> {
				while (running.get()) {
					most.accumulateAndGet(serverSessions(postgres, database), Math::max);
					Thread.sleep(10);
				}
				return null;
			});
			long start = System.nanoTime();
			for (int i = 0; i < CLIENTS; i++) {
				clients.add(threads.submit(() -> {
					while (running.get()) {
						try (PoolScope scope = pool.scope()) {
							new BenchItem(1, "client").add(connection);
							pool.commit(connection);
							units.incrementAndGet();
						}
						catch (RuntimeException ex) {
							errors.incrementAndGet();
						}
					}
				}));
			}
			Thread.sleep(load.toMillis());
			running.set(false);
			for (Future<?> thread : clients) {
				thread.get(1, TimeUnit.MINUTES);
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			return new Figures(most.get(), units.get() / seconds, errors.get());
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("A client of " + connection + " failed", ex);
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** HikariCP opens minimum-idle connections in the background: the load starts once all are open. */
	private static void awaitClientConnections(HikariDataSource pool) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
		while (pool.getHikariPoolMXBean().getTotalConnections() < CLIENTS) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The pool of " + pool.getPoolName() + " did not open " + CLIENTS + " connections");
			}
			Thread.sleep(50);
		}
	}

	private static int serverSessions(EmbeddedPostgres postgres, String database) throws SQLException {
		try (Connection admin = postgres.getPostgresDatabase().getConnection();
				PreparedStatement count = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
			count.setString(1, database);
			try (ResultSet result = count.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

}
