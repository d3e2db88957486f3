package io.philo.orm.replica;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;

/**
 * The read replicas of every connection that has some, and their probe: once a second each
 * connection samples its primary's WAL position and asks each replica where it is, so a replica
 * that fails or lags past {@code max-lag} is left out within about a second, and is used again the
 * first second it answers within that lag.
 */
public final class PhiloReplicas implements DisposableBean {

	/** How often replicas are probed. */
	private static final long PROBE_INTERVAL_MILLIS = 1000;

	private final Map<String, ConnectionReplicas> connections;

	private final ScheduledExecutorService probe;

	/** @param connections by connection name, only those with replicas */
	public PhiloReplicas(Map<String, ConnectionReplicas> connections) {
		this.connections = Map.copyOf(connections);
		if (this.connections.isEmpty()) {
			this.probe = null;
			return;
		}
		this.probe = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "philo-orm-replica-probe");
			thread.setDaemon(true);
			return thread;
		});
		// the first probe at once: until then every replica is out
		this.probe.scheduleWithFixedDelay(this::probeAll, 0, PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
	}

	/** The replicas of a connection, or null when it has none. */
	public ConnectionReplicas of(String connection) {
		return this.connections.get(connection);
	}

	/** Every connection's replicas, by connection name. */
	public Map<String, ConnectionReplicas> all() {
		return this.connections;
	}

	private void probeAll() {
		for (ConnectionReplicas connection : this.connections.values()) {
			try {
				connection.probe();
			}
			catch (RuntimeException ex) {
				// an unexpected failure must not end the schedule: the next second probes again
			}
		}
	}

	@Override
	public void destroy() {
		if (this.probe != null) {
			this.probe.shutdownNow();
			try {
				this.probe.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.connections.values().forEach(ConnectionReplicas::close);
	}

}
