package io.philo.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.philo.orm.connection.ConnectionNames;
import jakarta.persistence.EntityManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Scenarios 1–4, one operation each, in the shape of a web request: a fresh session (or
 * EntityManager, or pooled connection) per operation, closed at its end.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(java.util.concurrent.TimeUnit.SECONDS)
public class SingleOperations {

	// 1. add() + commit() of one row

	@Benchmark
	public Long addCommit_philo(BenchDatabase db) {
		return db.addCommit(ConnectionNames.DEFAULT);
	}

	@Benchmark
	public Long addCommit_jpa(BenchDatabase db) {
		EntityManager em = db.entityManagerFactory.createEntityManager();
		try {
			em.getTransaction().begin();
			BenchItem item = new BenchItem(1, "new");
			em.persist(item);
			em.getTransaction().commit();
			return item.getId();
		}
		finally {
			em.close();
		}
	}

	@Benchmark
	public long addCommit_jdbc(BenchDatabase db) throws SQLException {
		try (Connection connection = db.dataSource.getConnection();
				PreparedStatement insert = connection.prepareStatement(BenchDatabase.JDBC_INSERT)) {
			connection.setAutoCommit(false);
			insert.setInt(1, 1);
			insert.setString(2, "new");
			int rows = insert.executeUpdate();
			connection.commit();
			return rows;
		}
	}

	// 2. get(id) of a random existing row, fresh session per lookup

	@Benchmark
	public BenchItem get_philo(BenchDatabase db) {
		return db.get(ConnectionNames.DEFAULT);
	}

	@Benchmark
	public BenchItem get_jpa(BenchDatabase db) {
		EntityManager em = db.entityManagerFactory.createEntityManager();
		try {
			return em.find(BenchItem.class, (long) BenchDatabase.randomId());
		}
		finally {
			em.close();
		}
	}

	@Benchmark
	public Object[] get_jdbc(BenchDatabase db) throws SQLException {
		try (Connection connection = db.dataSource.getConnection();
				PreparedStatement select = connection
					.prepareStatement("SELECT id, category, name, created_at, updated_at FROM bench_item WHERE id = ?")) {
			select.setLong(1, BenchDatabase.randomId());
			try (ResultSet row = select.executeQuery()) {
				row.next();
				return new Object[] { row.getLong(1), row.getInt(2), row.getString(3), row.getObject(4), row.getObject(5) };
			}
		}
	}

	// 3. filterBy(...) returning 100 rows

	@Benchmark
	public List<BenchItem> filter_philo(BenchDatabase db) {
		return db.filter(ConnectionNames.DEFAULT);
	}

	@Benchmark
	public List<BenchItem> filter_jpa(BenchDatabase db) {
		EntityManager em = db.entityManagerFactory.createEntityManager();
		try {
			return em.createQuery("select e from BenchItem e where e.category = :category order by e.id", BenchItem.class)
				.setParameter("category", BenchDatabase.randomCategory())
				.getResultList();
		}
		finally {
			em.close();
		}
	}

	@Benchmark
	public List<Object[]> filter_jdbc(BenchDatabase db) throws SQLException {
		try (Connection connection = db.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement(
						"SELECT id, category, name, created_at, updated_at FROM bench_item WHERE category = ? ORDER BY id")) {
			select.setInt(1, BenchDatabase.randomCategory());
			List<Object[]> rows = new ArrayList<>();
			try (ResultSet row = select.executeQuery()) {
				while (row.next()) {
					rows.add(new Object[] { row.getLong(1), row.getInt(2), row.getString(3), row.getObject(4), row.getObject(5) });
				}
			}
			return rows;
		}
	}

	// 4. count()

	@Benchmark
	public long count_philo(BenchDatabase db) {
		long count = BenchItem.objects.count();
		db.pool.close();
		return count;
	}

	@Benchmark
	public long count_jpa(BenchDatabase db) {
		EntityManager em = db.entityManagerFactory.createEntityManager();
		try {
			return em.createQuery("select count(e) from BenchItem e", Long.class).getSingleResult();
		}
		finally {
			em.close();
		}
	}

	@Benchmark
	public long count_jdbc(BenchDatabase db) throws SQLException {
		try (Connection connection = db.dataSource.getConnection();
				PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM bench_item");
				ResultSet row = count.executeQuery()) {
			row.next();
			return row.getLong(1);
		}
	}

}
