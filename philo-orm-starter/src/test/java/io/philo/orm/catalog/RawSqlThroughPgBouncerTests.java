package io.philo.orm.catalog;

import java.util.List;
import java.util.Map;

import io.philo.orm.InvalidQueryException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** rawSql's statements and parameters, through a real PgBouncer in transaction mode. */
class RawSqlThroughPgBouncerTests extends RawSqlTests implements ThroughPgBouncerContext {

	/** Its temporary table would outlive the unit in a server session other clients get: ON COMMIT DROP bounds it. */
	@Test
	@Override
	void severalStatementsRunInOrderAndReturnTheLastRows() {
		assertThatExceptionOfType(InvalidQueryException.class)
			.isThrownBy(() -> Genre.objects.rawSql("CREATE TEMP TABLE scratch (n int); SELECT 1"))
			.withMessageContaining("add ON COMMIT DROP");
		List<Object[]> rows = Genre.objects.rawSql("CREATE TEMP TABLE scratch (n int) ON COMMIT DROP;"
				+ " INSERT INTO scratch VALUES (:a), (:b); SELECT sum(n) FROM scratch", Map.of("a", 40, "b", 2));
		assertThat(rows.get(0)[0]).isEqualTo(42L);
		List<Object[]> changed = Genre.objects.rawSql("INSERT INTO scratch VALUES (1); UPDATE scratch SET n = n + 1");
		assertThat(changed.get(0)[0]).isEqualTo(4L);
	}

}
