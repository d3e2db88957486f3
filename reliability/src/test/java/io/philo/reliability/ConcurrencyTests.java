package io.philo.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.philo.orm.pool.PoolRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.PessimisticLockingFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/** 32 threads read-modify-write shared counters under getForUpdate (NOWAIT, retried): no update is lost. */
@Tag("reliability")
@SpringBootTest
class ConcurrencyTests {

	static final int THREADS = 32;

	static final int INCREMENTS_PER_THREAD = 50;

	static final int COUNTERS = 4;

	@Autowired
	private PoolRegistry pool;

	@Test
	void noUpdateIsLost() throws Exception {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < COUNTERS; i++) {
			Counter counter = new Counter("counter " + i + " " + System.nanoTime());
			counter.add();
			ids.add(counter.getId());
		}
		this.pool.commit();
		this.pool.close();
		AtomicInteger conflicts = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(THREADS);
		List<Future<?>> work = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int thread = t;
			work.add(threads.submit(() -> {
				try {
					for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
						increment(ids.get((thread + i) % COUNTERS), conflicts);
					}
				}
				finally {
					this.pool.close();
				}
			}));
		}
		for (Future<?> done : work) {
			done.get(5, TimeUnit.MINUTES);
		}
		threads.shutdown();
		long total = ids.stream().mapToLong((id) -> Counter.objects.get(id).getHits()).sum();
		this.pool.close();
		assertThat(total).isEqualTo(THREADS * INCREMENTS_PER_THREAD);
		System.out.printf("RELIABILITY concurrency: threads=%d increments=%d lock conflicts retried=%d lost=0%n", THREADS,
				total, conflicts.get());
	}

	private void increment(long id, AtomicInteger conflicts) {
		while (true) {
			try {
				Counter counter = Counter.objects.getForUpdate(id);
				counter.increment();
				counter.update();
				this.pool.commit();
				return;
			}
			catch (PessimisticLockingFailureException ex) {
				// NOWAIT: another thread holds the row; start the unit of work again
				conflicts.incrementAndGet();
				this.pool.rollback();
				try {
					Thread.sleep(ThreadLocalRandom.current().nextInt(1, 5));
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(interrupted);
				}
			}
		}
	}

}
