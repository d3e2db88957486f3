package io.philo.reliability;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import io.philo.orm.pool.PoolRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 units of work on two databases from 16 threads, one in ten failing at a random point:
 * afterwards no connection is in use, no session is open, and each database holds exactly the
 * rows of the units that committed there.
 */
@Tag("reliability")
@SpringBootTest
class LeakTests {

	static final int UNITS = 10_000;

	static final int THREADS = 16;

	@Autowired
	private PoolRegistry pool;

	enum Fault {
		NONE, BEFORE_ADD, AFTER_ADD, BETWEEN_COMMITS
	}

	static final class InjectedFault extends RuntimeException {

		InjectedFault(Fault fault) {
			super("injected " + fault);
		}

	}

	@Test
	void unitsThatFailLeaveNothingBehind() throws Exception {
		Set<Long> committedDefault = ConcurrentHashMap.newKeySet();
		Set<Long> committedCatalog = ConcurrentHashMap.newKeySet();
		AtomicInteger faults = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(THREADS);
		List<Future<?>> units = new java.util.ArrayList<>();
		for (long unit = 1; unit <= UNITS; unit++) {
			long id = unit;
			Fault fault = (ThreadLocalRandom.current().nextInt(10) == 0)
					? Fault.values()[1 + ThreadLocalRandom.current().nextInt(3)] : Fault.NONE;
			units.add(threads.submit(() -> {
				try {
					failIf(fault == Fault.BEFORE_ADD, fault);
					new Ledger(id, "default").add();
					new Ledger(id, "catalog").add("MUSIC_CATALOG");
					failIf(fault == Fault.AFTER_ADD, fault);
					this.pool.commit();
					committedDefault.add(id);
					failIf(fault == Fault.BETWEEN_COMMITS, fault);
					this.pool.commit("MUSIC_CATALOG");
					committedCatalog.add(id);
				}
				catch (InjectedFault ex) {
					faults.incrementAndGet();
				}
				finally {
					this.pool.close();
				}
			}));
		}
		for (Future<?> unit : units) {
			unit.get(5, TimeUnit.MINUTES);
		}
		threads.shutdown();
		assertThat(threads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

		assertThat(faults.get()).isBetween(UNITS / 20, UNITS / 5);
		for (String connection : this.pool.connectionNames()) {
			HikariDataSource dataSource = (HikariDataSource) this.pool.dataSource(connection);
			assertThat(dataSource.getHikariPoolMXBean().getActiveConnections()).as(connection).isZero();
			// no session of ours is left in a transaction on the server
			assertThat(new JdbcTemplate(dataSource).queryForObject("select count(*) from pg_stat_activity"
					+ " where datname = current_database() and state like 'idle in transaction%'", Integer.class)).isZero();
		}
		assertThat(unitIds("DEFAULT")).isEqualTo(committedDefault);
		assertThat(unitIds("MUSIC_CATALOG")).isEqualTo(committedCatalog);
		System.out.printf("RELIABILITY leaks: units=%d faults=%d committed DEFAULT=%d MUSIC_CATALOG=%d rows checked=%d"
				+ " connections leaked=0%n", UNITS, faults.get(), committedDefault.size(), committedCatalog.size(),
				committedDefault.size() + committedCatalog.size());
	}

	private Set<Long> unitIds(String connection) {
		return new HashSet<>(new JdbcTemplate(this.pool.dataSource(connection)).queryForList("select unit_id from ledger", Long.class));
	}

	private static void failIf(boolean fail, Fault fault) {
		if (fail) {
			throw new InjectedFault(fault);
		}
	}

}
