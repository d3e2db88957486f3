package io.philo.bench;

import io.philo.orm.autoconfigure.PgBouncer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** CI's check that every benchmark runs: one short iteration each, no timing asserted. */
class BenchmarkSmokeTest {

	@Test
	void everyScenarioRunsAndIsReported() throws Exception {
		String report = BenchmarkRunner.run(BenchmarkRunner.Settings.SMOKE);
		System.out.println(report);
		for (String scenario : new String[] { "add()", "get(id)", "filterBy", "count()", "addAll" }) {
			// philo-orm, plain JPA and raw JDBC each have a figure
			assertFilled(report, scenario, 2, 3, 4);
		}
		// scenarios 7–8: each variant's figure (columns 2–5), the ratio (6), each ORM variant's statements per unit (7–9)
		assertFilled(report, "read 1,000 objects", 2, 3, 4, 5, 6, 7, 8, 9);
		assertFilled(report, "holding 10,000 objects", 2, 3, 6, 7, 8);
		assertThat(report).contains("Each extra database").doesNotContain("NaN");
		if (PgBouncer.binary() != null) {
			// scenarios 9–10: direct and through PgBouncer, and their ratio; the server sessions and units of each
			assertFilled(report, "9a.", 2, 3, 4);
			assertFilled(report, "9b.", 2, 3, 4);
			assertFilled(report, "through PgBouncer (default_pool_size", 2, 3, 4);
		}
		// scenarios 11–12: no replica and one replica, and their ratio; the mix's figures, some reads served by the replica
		assertFilled(report, "11a.", 2, 3, 4);
		assertFilled(report, "11b.", 2, 3, 4);
		assertFilled(report, "12. one replica", 2, 3, 4, 5, 6);
		assertThat(Long.parseLong(cell(report, "12. one replica", 4).replace(",", ""))).as("reads on the replica").isPositive();
		assertThat(Long.parseLong(cell(report, "12. no replica", 4).replace(",", ""))).as("reads on the replica of no replica").isZero();
	}

	private static void assertFilled(String report, String scenario, int... columns) {
		for (int column : columns) {
			assertThat(cell(report, scenario, column)).as(scenario + ", column " + column).isNotEmpty();
		}
	}

	private static String cell(String report, String row, int column) {
		return report.lines().filter((line) -> line.contains(row)).findFirst().orElseThrow().split("\\|")[column].trim();
	}

}
