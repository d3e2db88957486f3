package io.philo.orm.catalog;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Test classes of the catalog that implement this run with DEFAULT and DB2 through a real PgBouncer
 * in transaction mode, each on a database of its own, with their direct URLs. One method for all of
 * them, so that Spring's context cache gives them one application context.
 */
interface ThroughPgBouncerContext {

	@DynamicPropertySource
	static void throughPgBouncer(DynamicPropertyRegistry registry) {
		for (String connection : new String[] { "DEFAULT", "DB2" }) {
			ThroughPgBouncer.connection(connection, ThroughPgBouncer.newDatabase()).forEach((key, value) -> registry.add(key, () -> value));
		}
	}

}
