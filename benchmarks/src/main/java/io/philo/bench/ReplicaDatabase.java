package io.philo.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.philo.orm.embedded.ReplicatedEmbeddedPostgres;
import io.philo.orm.replica.PhiloReplicas;
import io.philo.orm.replica.Replica;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@link BenchDatabase} on a primary with a real streaming standby, and a second connection,
 * {@code REPLICATED}, to the same database with the standby as its replica: the same rows, read
 * with no replica configured (DEFAULT) or through replica routing.
 */
@State(Scope.Benchmark)
public class ReplicaDatabase extends BenchDatabase {

	static final String REPLICATED = "REPLICATED";

	ReplicatedEmbeddedPostgres servers;

	@Override
	EmbeddedPostgres startServer() {
		this.servers = ReplicatedEmbeddedPostgres.start();
		return this.servers.primary();
	}

	@Override
	void stopServer() {
		this.servers.close();
	}

	@Override
	List<String> moreProperties() {
		String prefix = "philo.databases.postgresql." + REPLICATED + ".";
		return List.of(prefix + "url=" + this.servers.primaryUrl("postgres"), prefix + "username=" + ReplicatedEmbeddedPostgres.USER,
				prefix + "replicas=" + this.servers.standbyUrl("postgres"),
				// DEFAULT creates the tables
				prefix + "ddl-auto=none");
	}

	/** Seeds, then waits for the standby to have replayed the seed and for reads to use it. */
	@Override
	void seed() throws SQLException {
		super.seed();
		execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
		Replica replica = this.context.getBean(PhiloReplicas.class).of(REPLICATED).replicas().get(0);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!replica.usable() || replica.replayed() < primaryPosition()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The standby did not catch up within 60 s: " + replica.problem());
			}
			sleep();
		}
	}

	private long primaryPosition() throws SQLException {
		return ((Number) query(false, "SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn")).longValue();
	}

	/** The one value a query returns on the primary or the standby. */
	Object query(boolean standby, String sql) throws SQLException {
		String url = standby ? this.servers.standbyUrl("postgres") : this.servers.primaryUrl("postgres");
		try (Connection connection = DriverManager.getConnection(url, ReplicatedEmbeddedPostgres.USER, null);
				Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getObject(1);
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
