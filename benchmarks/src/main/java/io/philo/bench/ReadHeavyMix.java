package io.philo.bench;

import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.philo.orm.connection.ConnectionNames;

/**
 * Scenario 12: one thread's mix of nine reads ({@code get} and {@code filterBy}, alternately) to one
 * write ({@code add()} + {@code commit()}), each a session of its own, on the connection with no
 * replica and on the one with the standby as replica; the statements on the table each server ran,
 * counted by {@code pg_stat_statements}.
 */
final class ReadHeavyMix {

	/** The figures of one connection. */
	record Figures(double operationsPerSecond, long primaryReads, long replicaReads, long primaryWrites) {

		double primaryShare() {
			return (double) (this.primaryReads + this.primaryWrites) / (this.primaryReads + this.replicaReads + this.primaryWrites);
		}

	}

	private static final String READS = "select%from bench_item %";

	private static final String WRITES = "insert into bench_item%";

	private ReadHeavyMix() {
	}

	/** Figures by connection (DEFAULT: no replica, REPLICATED), after as many uncounted operations. */
	static Map<String, Figures> measure(int operations) throws IOException, SQLException {
		ReplicaDatabase db = new ReplicaDatabase();
		db.start();
		try {
			Map<String, Figures> figures = new LinkedHashMap<>();
			for (String connection : new String[] { ConnectionNames.DEFAULT, ReplicaDatabase.REPLICATED }) {
				run(db, connection, operations);
				figures.put(connection, measure(db, connection, operations));
			}
			return figures;
		}
		finally {
			db.stop();
		}
	}

	private static Figures measure(ReplicaDatabase db, String connection, int operations) throws SQLException {
		long[] before = counts(db);
		long start = System.nanoTime();
		run(db, connection, operations);
		double seconds = (System.nanoTime() - start) / 1e9;
		long[] after = counts(db);
		return new Figures(operations / seconds, after[0] - before[0], after[1] - before[1], after[2] - before[2]);
	}

	private static void run(ReplicaDatabase db, String connection, int operations) {
		for (int i = 0; i < operations; i++) {
			if (i % 10 == 9) {
				db.addCommit(connection);
			}
			else if (i % 2 == 0) {
				db.get(connection);
			}
			else {
				db.filter(connection);
			}
		}
	}

	/** Reads on the primary, reads on the standby, writes on the primary, so far. */
	private static long[] counts(ReplicaDatabase db) throws SQLException {
		return new long[] { calls(db, false, READS), calls(db, true, READS), calls(db, false, WRITES) };
	}

	private static long calls(ReplicaDatabase db, boolean standby, String pattern) throws SQLException {
		return ((Number) db.query(standby, "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query ILIKE '" + pattern + "'"))
			.longValue();
	}

}
