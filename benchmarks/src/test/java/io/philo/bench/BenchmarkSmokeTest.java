package io.philo.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** CI's check that every benchmark runs: one short iteration each, no timing asserted. */
class BenchmarkSmokeTest {

	@Test
	void everyScenarioRunsAndIsReported() throws Exception {
		String report = BenchmarkRunner.run(BenchmarkRunner.Settings.SMOKE);
		System.out.println(report);
		for (String scenario : new String[] { "add()", "get(id)", "filterBy", "count()", "addAll" }) {
			String row = report.lines().filter((line) -> line.contains(scenario)).findFirst().orElseThrow();
			String[] cells = row.split("\\|");
			// philo-orm, plain JPA and raw JDBC each have a figure
			assertThat(cells[2].trim()).as(scenario).isNotEmpty();
			assertThat(cells[3].trim()).as(scenario).isNotEmpty();
			assertThat(cells[4].trim()).as(scenario).isNotEmpty();
		}
		assertThat(report).contains("Each extra database").doesNotContain("NaN");
	}

}
