package io.philo.orm.autoconfigure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.philo.orm.connection.PhiloDatabases;
import io.philo.orm.replica.ConnectionReplicas;
import io.philo.orm.replica.PhiloReplicas;
import io.philo.orm.replica.Replica;

/**
 * Replicas' metrics: each replica's HikariCP pool metrics (its pool is no bean, so Boot's pool
 * metrics do not reach it), {@code philo.replica.lag} (seconds behind the primary, NaN when it does
 * not answer) and {@code philo.replica.usable} (1 while reads use it), tagged {@code connection} and
 * {@code replica}. Every philo-orm pool's {@code hikaricp.*} meters get those two tags too
 * ({@code replica="none"} for a connection's own pool), so that all of them share one set of tags.
 */
final class ReplicaMetrics implements MeterBinder {

	static final String NO_REPLICA = "none";

	private final PhiloReplicas replicas;

	ReplicaMetrics(PhiloReplicas replicas) {
		this.replicas = replicas;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ConnectionReplicas connection : this.replicas.all().values()) {
			for (Replica replica : connection.replicas()) {
				HikariDataSource pool = replica.pool();
				if (pool.getMetricsTrackerFactory() == null && pool.getMetricRegistry() == null) {
					pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
				}
				Gauge.builder("philo.replica.lag", replica, (r) -> (r.lag() != null) ? r.lag().toNanos() / 1e9 : Double.NaN)
					.description("How far behind its primary the replica was at its last probe")
					.baseUnit("seconds")
					.tags("connection", replica.connection(), "replica", replica.name())
					.register(registry);
				Gauge.builder("philo.replica.usable", replica, (r) -> r.usable() ? 1 : 0)
					.description("1 while reads use the replica, 0 while it is left out (failing, or lagging past max-lag)")
					.tags("connection", replica.connection(), "replica", replica.name())
					.register(registry);
			}
		}
	}

	/** Adds {@code connection} and {@code replica} to the {@code hikaricp.*} meters of philo-orm's pools, found by their {@code pool} tag. */
	static MeterFilter poolTags(PhiloDatabases databases, PhiloReplicas replicas) {
		Map<String, Tag[]> byPool = new HashMap<>();
		databases.names().forEach((name) -> byPool.put(name, new Tag[] { Tag.of("connection", name), Tag.of("replica", NO_REPLICA) }));
		replicas.all().values().forEach((connection) -> connection.replicas().forEach((replica) -> byPool.put(replica.pool().getPoolName(),
				new Tag[] { Tag.of("connection", replica.connection()), Tag.of("replica", replica.name()) })));
		return new MeterFilter() {

			@Override
			public Meter.Id map(Meter.Id id) {
				String pool = id.getTag("pool");
				Tag[] tags = (pool != null && id.getName().startsWith("hikaricp.")) ? byPool.get(pool) : null;
				return (tags != null) ? id.withTags(List.of(tags)) : id;
			}

		};
	}

}
