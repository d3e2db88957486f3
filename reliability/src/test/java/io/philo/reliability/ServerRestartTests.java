package io.philo.reliability;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariDataSource;
import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.pool.PoolScope;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stops and starts again under load: requests during the outage fail with an error
 * naming the connection, the application serves again within seconds without a restart of its
 * own, and nothing committed is lost.
 */
@Tag("reliability")
class ServerRestartTests {

	@Test
	void theApplicationRecoversAndLosesNothing() throws Exception {
		File data = Files.createTempDirectory("philo-restart").toFile();
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		EmbeddedPostgres server = start(data, port);
		Set<Long> committed = ConcurrentHashMap.newKeySet();
		AtomicInteger outageErrors = new AtomicInteger();
		AtomicReference<String> outageMessage = new AtomicReference<>();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong ids = new AtomicLong();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReliabilityApplication.class)
			.web(WebApplicationType.NONE)
			// arguments outrank application.yml, whose DEFAULT is embedded
			.run("--philo.databases.postgresql.DEFAULT=" + server.getJdbcUrl("postgres", "postgres"),
					"--philo.databases.postgresql.DEFAULT.pool.connection-timeout=1000", "--philo.orm.ddl-auto=create",
					"--spring.main.banner-mode=off")) {
			PoolRegistry pool = context.getBean(PoolRegistry.class);
			ExecutorService load = Executors.newFixedThreadPool(4);
			List<Future<?>> workers = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				workers.add(load.submit(() -> {
					while (running.get()) {
						long id = ids.incrementAndGet();
						// this context is one of several in the JVM: the scope says which one the models use
						try (PoolScope scope = pool.scope()) {
							new Ledger(id, "under load").add();
							pool.commit();
							committed.add(id);
						}
						catch (DataAccessException ex) {
							outageErrors.incrementAndGet();
							outageMessage.compareAndSet(null, ex.getMessage());
							sleep(20);
						}
					}
				}));
			}
			sleep(1000);
			int beforeOutage = committed.size();
			server.close();
			sleep(2000);
			server = start(data, port);
			long restarted = System.nanoTime();
			int atRestart = committed.size();
			while (committed.size() == atRestart && System.nanoTime() - restarted < Duration.ofSeconds(30).toNanos()) {
				sleep(20);
			}
			Duration recovery = Duration.ofNanos(System.nanoTime() - restarted);
			sleep(500);
			running.set(false);
			for (Future<?> worker : workers) {
				worker.get(30, TimeUnit.SECONDS);
			}
			load.shutdown();

			assertThat(beforeOutage).isPositive();
			assertThat(outageErrors.get()).isPositive();
			assertThat(outageMessage.get()).contains("Connection DEFAULT");
			assertThat(recovery).isLessThan(Duration.ofSeconds(10));
			List<Long> rows = new JdbcTemplate(pool.dataSource("DEFAULT")).queryForList("select unit_id from ledger", Long.class);
			assertThat(rows).containsAll(committed);
			assertThat(((HikariDataSource) pool.dataSource("DEFAULT")).getHikariPoolMXBean().getActiveConnections()).isZero();
			System.out.printf("RELIABILITY server restart: committed=%d (all present), failed during outage=%d,"
					+ " serving again %d ms after the restart%n", committed.size(), outageErrors.get(), recovery.toMillis());
		}
		finally {
			server.close();
			FileSystemUtils.deleteRecursively(data);
		}
	}

	private static EmbeddedPostgres start(File data, int port) throws IOException {
		return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
