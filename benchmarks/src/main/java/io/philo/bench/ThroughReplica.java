package io.philo.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

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
		BenchItem item = BenchItem.objects.get((long) BenchDatabase.randomId());
		db.pool.close();
		return item;
	}

	@Benchmark
	public BenchItem get_replica(ReplicaDatabase db) {
		BenchItem item = BenchItem.objects.using(ReplicaDatabase.REPLICATED).get((long) BenchDatabase.randomId());
		db.pool.close();
		return item;
	}

	@Benchmark
	public List<BenchItem> filter_noReplica(ReplicaDatabase db) {
		List<BenchItem> items = BenchItem.objects.filterBy("category", BenchDatabase.randomCategory()).list();
		db.pool.close();
		return items;
	}

	@Benchmark
	public List<BenchItem> filter_replica(ReplicaDatabase db) {
		List<BenchItem> items = BenchItem.objects.using(ReplicaDatabase.REPLICATED).filterBy("category", BenchDatabase.randomCategory()).list();
		db.pool.close();
		return items;
	}

}
