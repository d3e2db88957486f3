package io.philo.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import io.philo.orm.pool.PoolRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManagerFactory;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One embedded PostgreSQL 17 and one application on it per benchmark: our API ({@link PoolRegistry},
 * the models' {@code objects}), plain JPA (the same EntityManagerFactory, so the same Hibernate
 * settings), Spring Data JPA (a repository on that factory, in transactions of its transaction
 * manager) and raw JDBC (the same HikariCP pool) side by side.
 */
@State(Scope.Benchmark)
public class BenchDatabase {

	/** Rows of the read data set: ids 1..ROWS, 100 per category. */
	public static final int ROWS = 10_000;

	public static final int CATEGORIES = ROWS / 100;

	/** Raw JDBC's insert of one row: the id from the table's sequence, as a hand-written DAO would. */
	static final String JDBC_INSERT = "INSERT INTO bench_item (id, category, name, created_at, updated_at)"
			+ " VALUES (nextval('bench_item_seq'), ?, ?, now(), now())";

	EmbeddedPostgres postgres;

	ConfigurableApplicationContext context;

	PoolRegistry pool;

	EntityManagerFactory entityManagerFactory;

	DataSource dataSource;

	BenchItemRepository repository;

	TransactionTemplate transactions;

	@Setup
	public void start() throws IOException, SQLException {
		this.postgres = startServer();
		List<String> properties = new ArrayList<>(List.of(
				"philo.databases.postgresql.DEFAULT=" + this.postgres.getJdbcUrl("postgres", "postgres"),
				"philo.orm.ddl-auto=create", "spring.main.banner-mode=off", "logging.level.root=WARN",
				"spring.jpa.open-in-view=false"));
		properties.addAll(moreProperties());
		this.context = new SpringApplicationBuilder(BenchApplication.class).web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
		this.pool = this.context.getBean(PoolRegistry.class);
		this.entityManagerFactory = this.context.getBean(EntityManagerFactory.class);
		this.dataSource = this.context.getBean(DataSource.class);
		this.repository = this.context.getBean(BenchItemRepository.class);
		this.transactions = this.context.getBean(TransactionTemplate.class);
		seed();
	}

	/** The server DEFAULT's database is on. */
	EmbeddedPostgres startServer() throws IOException {
		return EmbeddedPostgres.builder().start();
	}

	/** Stops what {@link #startServer()} started, once the application is closed. */
	void stopServer() throws IOException {
		this.postgres.close();
	}

	/** Properties of connections beside DEFAULT, once the server runs. */
	List<String> moreProperties() {
		return List.of();
	}

	/** The read data set, written by the server itself; the sequence moves past it. */
	void seed() throws SQLException {
		execute("TRUNCATE bench_item",
				"INSERT INTO bench_item (id, category, name, created_at, updated_at) SELECT i, i % " + CATEGORIES
						+ ", 'item ' || i, now(), now() FROM generate_series(1, " + ROWS + ") AS i",
				"SELECT setval('bench_item_seq', " + (ROWS * 10) + ")", "ANALYZE bench_item");
	}

	void execute(String... statements) throws SQLException {
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	/** The id of a random row of the read data set. */
	static int randomId() {
		return ThreadLocalRandom.current().nextInt(1, ROWS + 1);
	}

	/** A random category of the read data set: 100 rows. */
	static int randomCategory() {
		return ThreadLocalRandom.current().nextInt(CATEGORIES);
	}

	// The units of our API that several scenarios run, each in a session of its own, on a connection

	/** Scenario 1's unit: one row added and committed. */
	Long addCommit(String connection) {
		BenchItem item = new BenchItem(1, "new");
		item.add(connection);
		this.pool.commit(connection);
		this.pool.close();
		return item.getId();
	}

	/** Scenario 2's unit: a row looked up by a random id. */
	BenchItem get(String connection) {
		BenchItem item = BenchItem.objects.using(connection).get((long) randomId());
		this.pool.close();
		return item;
	}

	/** Scenario 3's unit: the 100 rows of a random category. */
	List<BenchItem> filter(String connection) {
		List<BenchItem> items = BenchItem.objects.using(connection).filterBy("category", randomCategory()).list();
		this.pool.close();
		return items;
	}

	@TearDown
	public void stop() throws IOException {
		this.context.close();
		stopServer();
	}

}
