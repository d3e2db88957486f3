package io.philo.orm.replica;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A connection's read replicas, and which server each read of a thread goes to.
 *
 * <p>A read run through {@link #read} takes its JDBC connection from a replica that is usable (up,
 * within {@code max-lag}) and has replayed this thread's last commit on the connection
 * (read-your-writes: {@link #committed()} records where that commit ended in the WAL). When no
 * replica is known to have it, the read waits up to {@code read-your-writes-wait} for one, asking
 * it where it is; then it goes to the primary. What each replica has replayed is remembered, so a
 * thread that has not written, or whose commit a replica has shown it has, pays no extra round trip.
 * A read that fails on a replica is run again on the primary, and the replica is left out until
 * the probe finds it well.
 */
public final class ConnectionReplicas {

	private static final Log logger = LogFactory.getLog(ConnectionReplicas.class);

	/** How often a replica waited for is asked again where it is. */
	private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();

	private static final String INSERT_POSITION = "SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint";

	private static final String REPLAY_POSITION = "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint";

	private final String connection;

	private final DataSource primary;

	private final List<Replica> replicas;

	private final Duration maxLag;

	private final long waitNanos;

	private final PrimaryPositions positions;

	/** Where this thread's last commit on the connection ended in the WAL (0: none yet). */
	private final ThreadLocal<long[]> lastCommit = ThreadLocal.withInitial(() -> new long[1]);

	/** The read this thread is running through {@link #read}, if any. */
	private final ThreadLocal<Route> route = new ThreadLocal<>();

	private final AtomicInteger next = new AtomicInteger();

	private final DataSource routed = new RoutedDataSource();

	/**
	 * @param connection the connection's name
	 * @param primary the connection's own pool
	 * @param replicas its replicas
	 * @param maxLag how far behind a replica may be before reads skip it
	 * @param wait how long a read after a commit of its thread waits for a replica to replay it
	 */
	public ConnectionReplicas(String connection, DataSource primary, List<Replica> replicas, Duration maxLag, Duration wait) {
		this.connection = connection;
		this.primary = primary;
		this.replicas = List.copyOf(replicas);
		this.maxLag = maxLag;
		this.waitNanos = wait.toNanos();
		// lags past max-lag only need to be known to be past it
		this.positions = new PrimaryPositions(maxLag.plusSeconds(10));
	}

	/** The replicas, in the order configured. */
	public List<Replica> replicas() {
		return this.replicas;
	}

	/** {@code max-lag}. */
	public Duration maxLag() {
		return this.maxLag;
	}

	/**
	 * The pool a session of this connection takes a JDBC connection from now: during a
	 * {@link #read} of this thread one that picks a replica, else the primary.
	 */
	public DataSource dataSource() {
		Route current = this.route.get();
		return (current != null && !current.primary) ? this.routed : this.primary;
	}

	/**
	 * Runs a read whose connections come from a replica fit for this thread (see the class
	 * comment). If it fails on a replica, {@code release} lets go of the session's connection and
	 * the read runs again on the primary: reads never fail because a replica does.
	 */
	public <R> R read(Supplier<R> work, Runnable release) {
		Route previous = this.route.get();
		Route current = new Route();
		this.route.set(current);
		try {
			return work.get();
		}
		catch (RuntimeException ex) {
			Replica used = current.used;
			if (used == null) {
				throw ex;
			}
			release.run();
			if (connectionFailed(ex)) {
				used.failed(ex);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Connection " + this.connection + ": a read failed on " + used.name() + " (" + ex.getMessage()
						+ "); it runs again on the primary");
			}
			current.primary = true;
			return work.get();
		}
		finally {
			release.run();
			if (previous != null) {
				this.route.set(previous);
			}
			else {
				this.route.remove();
			}
		}
	}

	/**
	 * Records where this thread's commit that just ended on the primary is in the WAL: its reads go
	 * to a replica that has replayed that far. One small query on the primary, after each commit that wrote.
	 */
	public void committed() {
		long position;
		try (Connection connection = this.primary.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(INSERT_POSITION)) {
			result.next();
			position = result.getLong(1);
		}
		catch (SQLException ex) {
			// not knowing where the commit is, no replica can be shown to have it: this thread reads from the primary
			logger.warn("Connection " + this.connection + ": the position of a commit could not be read (" + ex.getMessage()
					+ "); this thread reads from the primary until its next commit");
			position = Long.MAX_VALUE;
		}
		this.lastCommit.get()[0] = position;
	}

	/** Samples the primary's position, then probes each replica: once a second, from the registry's probe thread. */
	void probe() {
		try (Connection connection = this.primary.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(INSERT_POSITION)) {
			result.next();
			this.positions.sampled(result.getLong(1), System.nanoTime());
		}
		catch (SQLException | RuntimeException ex) {
			// the primary is down: its replicas cannot be measured against it, and their state stands
			return;
		}
		for (Replica replica : this.replicas) {
			replica.probe(this.positions, this.maxLag);
		}
	}

	void close() {
		this.replicas.forEach(Replica::close);
	}

	/** A connection for the read of this thread: see the class comment. */
	private Connection readConnection() throws SQLException {
		Route current = this.route.get();
		List<Replica> usable = this.replicas.stream().filter(Replica::usable).toList();
		if (current == null || current.primary || usable.isEmpty()) {
			return this.primary.getConnection();
		}
		long required = this.lastCommit.get()[0];
		int start = Math.floorMod(this.next.getAndIncrement(), usable.size());
		for (int i = 0; i < usable.size(); i++) {
			Replica replica = usable.get((start + i) % usable.size());
			if (replica.replayed() >= required) {
				Connection connection = connection(replica);
				if (connection != null) {
					current.used = replica;
					return connection;
				}
			}
		}
		if (required != Long.MAX_VALUE && this.waitNanos > 0) {
			Replica closest = usable.stream().max(Comparator.comparingLong(Replica::replayed)).orElse(null);
			Connection connection = (closest != null) ? connection(closest) : null;
			if (connection != null) {
				if (awaitReplay(closest, connection, required)) {
					current.used = closest;
					return connection;
				}
				connection.close();
			}
		}
		return this.primary.getConnection();
	}

	/** A connection of the replica's pool, or null (and the replica left out) when it cannot give one. */
	private static Connection connection(Replica replica) {
		try {
			return replica.pool().getConnection();
		}
		catch (SQLException ex) {
			replica.failed(ex);
			return null;
		}
	}

	/** Whether the replica replays the position within the wait, asking it every {@link #POLL_NANOS}. */
	private boolean awaitReplay(Replica replica, Connection connection, long required) {
		long deadline = System.nanoTime() + this.waitNanos;
		try (Statement statement = connection.createStatement()) {
			while (true) {
				try (ResultSet result = statement.executeQuery(REPLAY_POSITION)) {
					result.next();
					replica.replayedUpTo(result.getLong(1));
				}
				long left = deadline - System.nanoTime();
				if (replica.replayed() >= required || left <= 0) {
					return replica.replayed() >= required;
				}
				TimeUnit.NANOSECONDS.sleep(Math.min(POLL_NANOS, left));
			}
		}
		catch (SQLException ex) {
			replica.failed(ex);
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Whether a read failed because its server or connection did (PostgreSQL's class 08, a shutdown, the pool's timeout). */
	private static boolean connectionFailed(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				String state = (sql.getSQLState() != null) ? sql.getSQLState() : "";
				if (state.startsWith("08") || state.startsWith("57P") || sql instanceof SQLTransientConnectionException) {
					return true;
				}
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "ConnectionReplicas[" + this.connection + ", " + this.replicas + "]";
	}

	/** One read of a thread: the replica it took a connection from, and whether it now runs on the primary. */
	private static final class Route {

		private Replica used;

		private boolean primary;

	}

	/** The pool a routed read's session sees: each connection it asks for is chosen by {@link #readConnection()}. */
	private final class RoutedDataSource implements DataSource {

		@Override
		public Connection getConnection() throws SQLException {
			return readConnection();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			throw new SQLFeatureNotSupportedException("A replica's credentials are its configuration's");
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() throws SQLFeatureNotSupportedException {
			throw new SQLFeatureNotSupportedException();
		}

		@Override
		public <T> T unwrap(Class<T> type) throws SQLException {
			throw new SQLException("Not a wrapper");
		}

		@Override
		public boolean isWrapperFor(Class<?> type) {
			return false;
		}

	}

}
