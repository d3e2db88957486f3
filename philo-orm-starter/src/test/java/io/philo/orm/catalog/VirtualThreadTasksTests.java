package io.philo.orm.catalog;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring's tasks on virtual threads ({@code spring.threads.virtual.enabled}): Boot's TaskExecutor is
 * then a SimpleAsyncTaskExecutor (a new thread per task) and its TaskScheduler a
 * SimpleAsyncTaskScheduler. The build runs Java 17: these run on Java 21 and later.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
@TestPropertySource(properties = "spring.threads.virtual.enabled=true")
class VirtualThreadTasksTests extends TasksTestCase {

	/** Before issue 11 the thread died holding the unit: every failed @Async call lost a connection for good. */
	@Test
	void anAsyncMethodThatFailsAfterAWriteHasItsUnitEndedByItsScope(CapturedOutput output) throws Exception {
		String failedOn = failAfterAWrite(this.springTaskJobs::async);
		await().atMost(Duration.ofSeconds(5)).until(() -> activeConnections("DEFAULT") == 0);
		// the scope's warning, printed before it returns the connection; not the dead-thread check's, which names the thread
		assertThat(output).contains("Rolling back uncommitted work on connection DEFAULT").doesNotContain("'" + failedOn + "'");
		assertThat(committedGenreNames("DEFAULT")).isEmpty();
	}

	/** Spring runs fixed-delay tasks past the TaskDecorator: philo-orm's scheduler scopes them (PoolScopeTaskScheduler). */
	@Test
	void aScheduledFixedDelayMethodThatFailsAfterAWriteLeavesNothingToItsNextRun() throws Exception {
		String failedOn = failAfterAWrite(this.springTaskJobs::scheduled);
		assertTheNextTaskOnTheThreadStartsClean(this.springTaskJobs::scheduled, failedOn);
	}

}
