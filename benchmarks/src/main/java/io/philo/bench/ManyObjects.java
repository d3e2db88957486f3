package io.philo.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.data.domain.Limit;

/**
 * Scenarios 7–8, units of work over many objects: the cost of what a session holds, at commit and
 * after it. Besides throughput, {@link #statementsPerUnit()} counts the SQL statements of each ORM
 * variant.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(java.util.concurrent.TimeUnit.SECONDS)
public class ManyObjects {

	/** Scenario 7's K: the objects a unit of work reads before changing one. */
	static final int READ_ROWS = 1_000;

	/** Scenario 8's long-lived session holds every row of the read data set. */
	static final int HELD_OBJECTS = BenchDatabase.ROWS;

	/** Units run with statistics on to count statements; they are deterministic, so a few suffice. */
	static final int COUNTED_UNITS = 10;

	private static final String JPA_ALL_BY_ID = "select e from BenchItem e order by e.id";

	// 7. read 1,000 objects, change one, commit, end the session

	@Benchmark
	public BenchItem readChange_philo(BenchDatabase db) {
		BenchItem item = oneOf(BenchItem.objects.all().limit(READ_ROWS).list());
		item.setName(newName());
		item.update();
		db.pool.commit();
		db.pool.close();
		return item;
	}

	@Benchmark
	public BenchItem readChange_jpa(BenchDatabase db) {
		EntityManager em = db.entityManagerFactory.createEntityManager();
		try {
			em.getTransaction().begin();
			BenchItem item = oneOf(em.createQuery(JPA_ALL_BY_ID, BenchItem.class).setMaxResults(READ_ROWS).getResultList());
			item.setName(newName());
			em.getTransaction().commit();
			return item;
		}
		finally {
			em.close();
		}
	}

	@Benchmark
	public BenchItem readChange_springData(BenchDatabase db) {
		return db.transactions.execute((status) -> {
			BenchItem item = oneOf(db.repository.findAllByOrderById(Limit.of(READ_ROWS)));
			item.setName(newName());
			return db.repository.save(item);
		});
	}

	@Benchmark
	public ItemRow readChange_jdbc(BenchDatabase db) throws SQLException {
		try (Connection connection = db.dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement(
						"SELECT id, category, name, created_at, updated_at FROM bench_item ORDER BY id LIMIT " + READ_ROWS);
				PreparedStatement update = connection.prepareStatement(
						"UPDATE bench_item SET name = ?, updated_at = now() WHERE id = ?")) {
			connection.setAutoCommit(false);
			List<ItemRow> rows = new ArrayList<>(READ_ROWS);
			try (ResultSet row = select.executeQuery()) {
				while (row.next()) {
					rows.add(new ItemRow(row.getLong(1), row.getInt(2), row.getString(3), row.getObject(4, OffsetDateTime.class),
							row.getObject(5, OffsetDateTime.class)));
				}
			}
			ItemRow item = oneOf(rows).withName(newName());
			update.setString(1, item.name());
			update.setLong(2, item.id());
			update.executeUpdate();
			connection.commit();
			return item;
		}
	}

	// 8. a long-lived session holding 10,000 objects: get one, change it, update, commit; never closed between units

	@Benchmark
	public BenchItem held_philo(PhiloSessionHolding session) {
		BenchItem item = BenchItem.objects.get((long) BenchDatabase.randomId());
		item.setName(newName());
		item.update();
		session.db.pool.commit();
		return item;
	}

	@Benchmark
	public BenchItem held_jpa(JpaSessionHolding session) {
		EntityManager em = session.em;
		em.getTransaction().begin();
		BenchItem item = em.find(BenchItem.class, (long) BenchDatabase.randomId());
		item.setName(newName());
		em.getTransaction().commit();
		return item;
	}

	/**
	 * The thread's philo-orm session, loaded with every row before each iteration (on the thread that
	 * runs it: the session is the thread's) and closed after it.
	 */
	@State(Scope.Thread)
	public static class PhiloSessionHolding {

		BenchDatabase db;

		@Setup(Level.Iteration)
		public void load(BenchDatabase db) {
			this.db = db;
			// the session holds what it read until it is closed
			BenchItem.objects.all().limit(HELD_OBJECTS).list();
		}

		@TearDown(Level.Iteration)
		public void close() {
			this.db.pool.close();
		}

	}

	/** An EntityManager loaded with every row before each iteration and closed after it. */
	@State(Scope.Thread)
	public static class JpaSessionHolding {

		EntityManager em;

		@Setup(Level.Iteration)
		public void load(BenchDatabase db) {
			this.em = db.entityManagerFactory.createEntityManager();
			this.em.createQuery(JPA_ALL_BY_ID, BenchItem.class).setMaxResults(HELD_OBJECTS).getResultList();
		}

		@TearDown(Level.Iteration)
		public void close() {
			this.em.close();
		}

	}

	/** Raw JDBC's plain Java object for a row. */
	public record ItemRow(long id, int category, String name, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

		ItemRow withName(String newName) {
			return new ItemRow(this.id, this.category, newName, this.createdAt, this.updatedAt);
		}

	}

	/**
	 * SQL statements per unit of work of each ORM variant, counted by Hibernate's statistics (prepared
	 * statements) over {@value #COUNTED_UNITS} units, in a database of their own. Statistics are on only
	 * while counting: the timed runs have them off, as the library's default does. Raw JDBC's two
	 * statements are written out in its variant.
	 */
	static Map<String, Double> statementsPerUnit() throws IOException, SQLException {
		BenchDatabase db = new BenchDatabase();
		db.start();
		try {
			Statistics statistics = db.entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
			ManyObjects scenarios = new ManyObjects();
			Map<String, Double> perUnit = new LinkedHashMap<>();
			perUnit.put("readChange_philo", count(statistics, () -> scenarios.readChange_philo(db)));
			perUnit.put("readChange_jpa", count(statistics, () -> scenarios.readChange_jpa(db)));
			perUnit.put("readChange_springData", count(statistics, () -> scenarios.readChange_springData(db)));
			PhiloSessionHolding philo = new PhiloSessionHolding();
			philo.load(db);
			try {
				perUnit.put("held_philo", count(statistics, () -> scenarios.held_philo(philo)));
			}
			finally {
				philo.close();
			}
			JpaSessionHolding jpa = new JpaSessionHolding();
			jpa.load(db);
			try {
				perUnit.put("held_jpa", count(statistics, () -> scenarios.held_jpa(jpa)));
			}
			finally {
				jpa.close();
			}
			return perUnit;
		}
		finally {
			db.stop();
		}
	}

	private static double count(Statistics statistics, Supplier<?> unit) {
		// not counted: a long-lived session's first unit finds its objects fresh, the later ones come after a commit
		unit.get();
		statistics.setStatisticsEnabled(true);
		long before = statistics.getPrepareStatementCount();
		for (int i = 0; i < COUNTED_UNITS; i++) {
			unit.get();
		}
		long statements = statistics.getPrepareStatementCount() - before;
		statistics.setStatisticsEnabled(false);
		return statements / (double) COUNTED_UNITS;
	}

	private static <T> T oneOf(List<T> objects) {
		return objects.get(ThreadLocalRandom.current().nextInt(objects.size()));
	}

	/** A name no row has yet, so that every change is a real one for dirty checking. */
	private static String newName() {
		return "renamed " + ThreadLocalRandom.current().nextLong();
	}

}
