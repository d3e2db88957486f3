package io.philo.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.philo.orm.connection.ConnectionNames;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Scenarios 2 and 3 of {@link SingleOperations} with our API, on one database read with no replica
 * configured and through replica routing to its streaming standby, in the same run: what routing
 * costs a read.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ThroughReplica {

	@Benchmark
	public BenchItem get_noReplica(ReplicaDatabase db) {
		return db.get(ConnectionNames.DEFAULT);
	}

	@Benchmark
	public BenchItem get_replica(ReplicaDatabase db) {
		return db.get(ReplicaDatabase.REPLICATED);
	}

	@Benchmark
	public List<BenchItem> filter_noReplica(ReplicaDatabase db) {
		return db.filter(ConnectionNames.DEFAULT);
	}

	@Benchmark
	public List<BenchItem> filter_replica(ReplicaDatabase db) {
		return db.filter(ReplicaDatabase.REPLICATED);
	}

}
