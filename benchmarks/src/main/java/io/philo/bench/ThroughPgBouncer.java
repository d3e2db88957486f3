package io.philo.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Scenarios 1 and 2 of {@link SingleOperations} with our API, on one database reached directly and
 * through PgBouncer in transaction mode, in the same run: what the bouncer's extra hop and the
 * unnamed statements it needs ({@code prepareThreshold=0}) cost.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ThroughPgBouncer {

	@Benchmark
	public Long addCommit_direct(PgBouncerDatabase db) {
		BenchItem item = new BenchItem(1, "new");
		item.add();
		db.pool.commit();
		db.pool.close();
		return item.getId();
	}

	@Benchmark
	public Long addCommit_pgbouncer(PgBouncerDatabase db) {
		BenchItem item = new BenchItem(1, "new");
		item.add(PgBouncerDatabase.BOUNCED);
		db.pool.commit(PgBouncerDatabase.BOUNCED);
		db.pool.close();
		return item.getId();
	}

	@Benchmark
	public BenchItem get_direct(PgBouncerDatabase db) {
		BenchItem item = BenchItem.objects.get((long) BenchDatabase.randomId());
		db.pool.close();
		return item;
	}

	@Benchmark
	public BenchItem get_pgbouncer(PgBouncerDatabase db) {
		BenchItem item = BenchItem.objects.using(PgBouncerDatabase.BOUNCED).get((long) BenchDatabase.randomId());
		db.pool.close();
		return item;
	}

}
