package io.philo.bench;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.postgresql.PGConnection;

/** Scenario 5: 100,000 new rows and a commit, from an empty table each time; COPY is the physical limit. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
public class BulkInsert {

	@State(Scope.Benchmark)
	public static class Rows extends BenchDatabase {

		@Param("100000")
		public int rows;

		List<BenchItem> items;

		@Setup(Level.Iteration)
		public void emptyTableAndNewObjects() throws SQLException {
			execute("TRUNCATE bench_item");
			this.items = new ArrayList<>(this.rows);
			for (int i = 0; i < this.rows; i++) {
				this.items.add(new BenchItem(i % CATEGORIES, "item " + i));
			}
		}

		@Override
		void seed() {
			// no read data set: every iteration starts from an empty table
		}

	}

	@Benchmark
	public void addAll_philo(Rows data) {
		BenchItem.objects.addAll(data.items);
		data.pool.commit();
		data.pool.close();
	}

	@Benchmark
	public void addAll_jpa(Rows data) {
		EntityManager em = data.entityManagerFactory.createEntityManager();
		try {
			em.getTransaction().begin();
			for (BenchItem item : data.items) {
				em.persist(item);
			}
			em.getTransaction().commit();
		}
		finally {
			em.close();
		}
	}

	@Benchmark
	public void addAll_jdbcBatch(Rows data) throws SQLException {
		try (Connection connection = data.dataSource.getConnection();
				PreparedStatement insert = connection.prepareStatement(BenchDatabase.JDBC_INSERT)) {
			connection.setAutoCommit(false);
			int pending = 0;
			for (BenchItem item : data.items) {
				insert.setInt(1, item.getCategory());
				insert.setString(2, item.getName());
				insert.addBatch();
				if (++pending == 1000) {
					insert.executeBatch();
					pending = 0;
				}
			}
			insert.executeBatch();
			connection.commit();
		}
	}

	@Benchmark
	public long addAll_copy(Rows data) throws SQLException, IOException {
		try (Connection connection = data.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			long[] ids = idBlocks(connection, data.rows);
			StringBuilder csv = new StringBuilder(data.rows * 48);
			int i = 0;
			for (BenchItem item : data.items) {
				csv.append(ids[i++]).append('\t').append(item.getCategory()).append('\t').append(item.getName())
					.append("\tnow\tnow\n");
			}
			long copied = connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("COPY bench_item (id, category, name, created_at, updated_at) FROM STDIN", new StringReader(csv.toString()));
			connection.commit();
			return copied;
		}
	}

	/** Ids as Hibernate's pooled sequence hands them out: each nextval reserves the 50 values up to it. */
	private static long[] idBlocks(Connection connection, int count) throws SQLException {
		long[] ids = new long[count];
		int blocks = (count + 49) / 50;
		try (Statement statement = connection.createStatement();
				ResultSet values = statement.executeQuery("SELECT nextval('bench_item_seq') FROM generate_series(1, " + blocks + ")")) {
			int i = 0;
			while (values.next() && i < count) {
				long high = values.getLong(1);
				for (long id = high - 49; id <= high && i < count; id++) {
					ids[i++] = id;
				}
			}
		}
		return ids;
	}

}
