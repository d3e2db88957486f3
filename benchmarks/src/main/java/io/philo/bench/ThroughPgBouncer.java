package io.philo.bench;

import java.util.concurrent.TimeUnit;

import io.philo.orm.connection.ConnectionNames;
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
		return db.addCommit(ConnectionNames.DEFAULT);
	}

	@Benchmark
	public Long addCommit_pgbouncer(PgBouncerDatabase db) {
		return db.addCommit(PgBouncerDatabase.BOUNCED);
	}

	@Benchmark
	public BenchItem get_direct(PgBouncerDatabase db) {
		return db.get(ConnectionNames.DEFAULT);
	}

	@Benchmark
	public BenchItem get_pgbouncer(PgBouncerDatabase db) {
		return db.get(PgBouncerDatabase.BOUNCED);
	}

}
