package io.philo.orm.replica;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One read replica of a connection: its pool, and what is known of it — how far it has replayed
 * the primary's WAL, how far behind it is, and whether reads may use it. A replica is out when a
 * read or the once-a-second probe fails on it, or when it lags more than {@code max-lag}; the
 * probe puts it back when it answers within that lag.
 */
public final class Replica {

	private static final Log logger = LogFactory.getLog(Replica.class);

	/** The probe's own bounds: a replica that hangs must not hold the probe of the others. */
	private static final int PROBE_CONNECT_TIMEOUT_SECONDS = 2;

	private static final int PROBE_SOCKET_TIMEOUT_SECONDS = 3;

	private static final String REPLAY_POSITION = "SELECT pg_is_in_recovery(), (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint";

	private final String connection;

	private final String name;

	private final HikariDataSource pool;

	private final Driver driver;

	private final String url;

	private final Properties probeProperties;

	/** The probe's connection, outside the pool (whose waits for a connection are the readers'). */
	private Connection probe;

	/** The highest WAL position the replica is known to have replayed (bytes; -1: not known yet). */
	private volatile long replayed = -1;

	/** The lag measured by the last probe, or null when it failed. */
	private volatile Duration lag;

	/** Why reads skip the replica, or null when they use it. */
	private volatile String problem = "not probed yet";

	/**
	 * @param connection the connection's name
	 * @param name the replica's name ({@code replica-1})
	 * @param pool its pool
	 * @param driver the PostgreSQL driver, for the probe's connection
	 * @param url its JDBC URL (without credentials)
	 * @param properties the driver properties of the probe's connection (credentials among them)
	 */
	public Replica(String connection, String name, HikariDataSource pool, Driver driver, String url, Properties properties) {
		this.connection = connection;
		this.name = name;
		this.pool = pool;
		this.driver = driver;
		this.url = url;
		this.probeProperties = new Properties();
		this.probeProperties.putAll(properties);
		this.probeProperties.setProperty("connectTimeout", String.valueOf(PROBE_CONNECT_TIMEOUT_SECONDS));
		this.probeProperties.setProperty("socketTimeout", String.valueOf(PROBE_SOCKET_TIMEOUT_SECONDS));
		this.probeProperties.setProperty("ApplicationName", "philo-orm replica probe");
	}

	/** The connection this replica serves. */
	public String connection() {
		return this.connection;
	}

	/** The replica's name within its connection ({@code replica-1}). */
	public String name() {
		return this.name;
	}

	/** The replica's pool. */
	public HikariDataSource pool() {
		return this.pool;
	}

	/** The JDBC URL, without credentials. */
	public String url() {
		return this.url;
	}

	/** Whether reads may use the replica now. */
	public boolean usable() {
		return this.problem == null;
	}

	/** Why reads skip it, or null. */
	public String problem() {
		return this.problem;
	}

	/** How far behind its primary the last probe found it, or null when the probe failed. */
	public Duration lag() {
		return this.lag;
	}

	/** The highest WAL position it is known to have replayed, in bytes (-1 when not known). */
	public long replayed() {
		return this.replayed;
	}

	/** A WAL position the replica was seen to have replayed (positions only move forward). */
	void replayedUpTo(long position) {
		if (position > this.replayed) {
			this.replayed = position;
		}
	}

	/** A read failed on the replica's connection: reads skip it until the probe finds it well. */
	void failed(Exception ex) {
		if (this.problem == null) {
			logger.warn("Connection " + this.connection + ": " + this.name + " failed (" + ex.getMessage()
					+ "); reads go to the primary until it answers again");
		}
		this.problem = "failed: " + ex.getMessage();
	}

	/**
	 * Asks the replica where it is and decides whether reads use it: out when it does not answer,
	 * is not a standby, or lags more than {@code maxLag} behind the primary's positions.
	 */
	void probe(PrimaryPositions primary, Duration maxLag) {
		String before = this.problem;
		try {
			if (this.probe == null || this.probe.isClosed()) {
				this.probe = this.driver.connect(this.url, this.probeProperties);
			}
			try (Statement statement = this.probe.createStatement(); ResultSet result = statement.executeQuery(REPLAY_POSITION)) {
				result.next();
				if (!result.getBoolean(1)) {
					this.lag = null;
					this.problem = "not a standby (pg_is_in_recovery() is false): its positions say nothing of the primary's";
				}
				else {
					replayedUpTo(result.getLong(2));
					this.lag = primary.lagOf(this.replayed);
					this.problem = (this.lag.compareTo(maxLag) > 0)
							? "lags " + this.lag.toMillis() + " ms behind the primary (max-lag " + maxLag.toMillis() + " ms)" : null;
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			closeProbe();
			this.lag = null;
			this.problem = "does not answer: " + ex.getMessage();
		}
		if (before != null && this.problem == null) {
			logger.info("Connection " + this.connection + ": " + this.name + " serves reads again");
		}
		else if (before == null && this.problem != null) {
			logger.warn("Connection " + this.connection + ": " + this.name + " " + this.problem + "; reads go elsewhere");
		}
	}

	void close() {
		closeProbe();
		this.pool.close();
	}

	private void closeProbe() {
		if (this.probe != null) {
			try {
				this.probe.close();
			}
			catch (SQLException ex) {
				// a failed connection has nothing left to close
			}
			this.probe = null;
		}
	}

	@Override
	public String toString() {
		return "Replica[" + this.connection + "." + this.name + ", " + this.url + "]";
	}

}
