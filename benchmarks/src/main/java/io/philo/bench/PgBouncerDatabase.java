package io.philo.bench;

import java.io.IOException;
import java.util.List;

import io.philo.orm.autoconfigure.PgBouncer;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link BenchDatabase} with a real PgBouncer in transaction mode in front of its server, and a
 * second connection, {@code BOUNCED}, to the same database through it: the same rows, read and
 * written directly (DEFAULT) or through the bouncer.
 */
@State(Scope.Benchmark)
public class PgBouncerDatabase extends BenchDatabase {

	/** Server connections the bouncer keeps for the database. */
	static final int SERVER_POOL_SIZE = 5;

	static final String BOUNCED = "BOUNCED";

	PgBouncer bouncer;

	@Override
	List<String> moreProperties() {
		this.bouncer = PgBouncer.start(this.postgres.getPort(), SERVER_POOL_SIZE);
		String prefix = "philo.databases.postgresql." + BOUNCED + ".";
		return List.of(prefix + "url=" + this.bouncer.jdbcUrl("postgres"), prefix + "username=postgres",
				prefix + "pooler=pgbouncer-transaction", prefix + "direct-url=" + this.postgres.getJdbcUrl("postgres", "postgres"),
				// DEFAULT creates the tables; the bouncer's own connection must not drop them again
				prefix + "ddl-auto=none", prefix + "idle-in-transaction-timeout=0");
	}

	@TearDown
	public void stopBouncer() throws IOException {
		this.bouncer.close();
	}

}
