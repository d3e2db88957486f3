package io.philo.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import io.philo.orm.pool.PoolRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** More concurrent units than connections: the excess waits the connection-timeout, then fails naming the connection and the pool size. */
@Tag("reliability")
@SpringBootTest(properties = { "philo.databases.postgresql.DEFAULT.pool.maximum-pool-size=2",
		"philo.databases.postgresql.DEFAULT.pool.connection-timeout=1000" })
class PoolExhaustionTests {

	private static final AtomicLong ids = new AtomicLong(1_000_000);

	@Autowired
	private PoolRegistry pool;

	@Test
	void theExcessFailsAfterTheTimeoutWithAClearError() throws Exception {
		CountDownLatch holding = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(3);
		List<Future<?>> holders = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			holders.add(threads.submit(() -> {
				try {
					new Ledger(ids.incrementAndGet(), "holds a connection").add();
					holding.countDown();
					release.await();
					this.pool.commit();
				}
				finally {
					this.pool.close();
				}
				return null;
			}));
		}
		assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		Throwable failure = threads.submit(() -> catchThrowable(() -> {
			try {
				new Ledger(ids.incrementAndGet(), "one too many").add();
			}
			finally {
				this.pool.close();
			}
		})).get(30, TimeUnit.SECONDS);
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		release.countDown();
		for (Future<?> holder : holders) {
			holder.get(30, TimeUnit.SECONDS);
		}
		threads.shutdown();

		assertThat(failure).isInstanceOf(DataAccessException.class);
		assertThat(failure.getMessage()).contains("Connection DEFAULT").contains("total=2")
			.contains("philo.databases.postgresql.DEFAULT.pool.maximum-pool-size");
		assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
		assertThat(((HikariDataSource) this.pool.dataSource("DEFAULT")).getHikariPoolMXBean().getActiveConnections()).isZero();
		new Ledger(ids.incrementAndGet(), "after the rush").add();
		this.pool.commit();
		this.pool.close();
		System.out.printf("RELIABILITY pool exhaustion: pool=2 units=3 failed after %d ms (timeout 1000 ms), leaked=0%n",
				waited.toMillis());
	}

}
