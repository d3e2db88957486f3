package io.philo.orm.catalog;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.philo.orm.pool.PoolScope;
import io.philo.orm.pool.PoolScopeTaskScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every unit of work has an end (issue 11, rule 1): each task Spring runs — on Boot's
 * {@code applicationTaskExecutor}, as an {@code @Async} or a {@code @Scheduled} method — and each
 * {@code try (PoolScope scope = pool.scope())} on a thread of the application's own executor starts
 * with no unit and ends its units: the next task on the same pool thread never sees or commits what a
 * failed task left, nor has a rollback to do. Each executor here has one thread (Boot's: see
 * application.yml), so that the next task runs on the thread the failed one ran on.
 */
class UnitOfWorkScopeTests extends TasksTestCase {

	static final String APPLICATION_TASK_EXECUTOR = "Boot's applicationTaskExecutor";

	static final String ASYNC_METHOD = "an @Async method";

	static final String SCHEDULED_METHOD = "a @Scheduled method";

	static final String SCOPED_PLAIN_EXECUTOR = "PoolScope on a java.util.concurrent executor";

	@Autowired
	private ThreadPoolTaskExecutor applicationTaskExecutor;

	@Autowired
	private SimpleAsyncTaskSchedulerBuilder simpleAsyncTaskSchedulerBuilder;

	private final ExecutorService plainExecutor = Executors.newSingleThreadExecutor();

	@AfterEach
	void stopPlainExecutor() {
		this.plainExecutor.shutdownNow();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { APPLICATION_TASK_EXECUTOR, ASYNC_METHOD, SCHEDULED_METHOD, SCOPED_PLAIN_EXECUTOR })
	void aTaskThatFailsAfterAWriteLeavesNothingToTheNextTaskOnItsThread(String tasks, CapturedOutput output) throws Exception {
		String failedOn = failAfterAWrite(tasks(tasks));
		assertThat(failedOn).as("a thread of the executor that carries the decorator").startsWith(threadNamePrefix(tasks));
		assertTheNextTaskOnTheThreadStartsClean(tasks(tasks), failedOn);
		assertThat(output).contains("Rolling back uncommitted work on connection DEFAULT");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { APPLICATION_TASK_EXECUTOR, ASYNC_METHOD, SCHEDULED_METHOD, SCOPED_PLAIN_EXECUTOR })
	void aTaskWhoseStatementFailedLeavesNoRollbackToDoToTheNextTaskOnItsThread(String tasks) throws Exception {
		AtomicReference<String> failedOn = new AtomicReference<>();
		Future<Object> failing = this.<Object>tasks(tasks).apply(() -> {
			failedOn.set(Thread.currentThread().getName());
			new Genre("x".repeat(300), "a name too long for its column").add();
			return null;
		});
		assertThat(failureOf(failing)).isInstanceOf(DataAccessException.class);
		assertTheNextTaskOnTheThreadStartsClean(tasks(tasks), failedOn.get());
	}

	@Test
	void aScopeFirstEndsWhatAnEarlierTaskLeftOnItsThread(CapturedOutput output) throws Exception {
		AtomicReference<String> leftOn = new AtomicReference<>();
		// a task of the application's own executor that forgot its scope: its unit stays on the thread
		this.plainExecutor.submit(() -> {
			leftOn.set(Thread.currentThread().getName());
			new Genre("Abandoned", "added without a scope, never committed").add();
		}).get(30, TimeUnit.SECONDS);
		assertTheNextTaskOnTheThreadStartsClean(tasks(SCOPED_PLAIN_EXECUTOR), leftOn.get());
		assertThat(output).contains("Rolling back uncommitted work on connection DEFAULT");
	}

	/**
	 * With {@code spring.threads.virtual.enabled} (Java 21+) Boot's TaskScheduler is a
	 * SimpleAsyncTaskScheduler, whose fixed-delay tasks ({@code @Scheduled(fixedDelay = …)}) run on its
	 * own thread past the TaskDecorator; philo-orm's, built by the same builder, scopes them (see
	 * VirtualThreadTasksTests for Boot's own scheduler bean).
	 */
	@Test
	void aFixedDelayTaskOfTheVirtualThreadSchedulerRunsInAScope() throws Exception {
		try (SimpleAsyncTaskScheduler scheduler = this.simpleAsyncTaskSchedulerBuilder.configure(new PoolScopeTaskScheduler(this.pool))) {
			SpringTaskJobs.JobQueue jobs = new SpringTaskJobs.JobQueue();
			scheduler.scheduleWithFixedDelay(jobs::runNext, Duration.ofMillis(10));
			String failedOn = failAfterAWrite(jobs::submit);
			assertTheNextTaskOnTheThreadStartsClean(jobs::submit, failedOn);
		}
	}

	/** Runs jobs as tasks of the given kind; a job's exception is its future's. */
	private <T> Function<Callable<T>, Future<T>> tasks(String tasks) {
		return switch (tasks) {
			case APPLICATION_TASK_EXECUTOR -> this.applicationTaskExecutor::submit;
			case ASYNC_METHOD -> this.springTaskJobs::async;
			case SCHEDULED_METHOD -> this.springTaskJobs::scheduled;
			case SCOPED_PLAIN_EXECUTOR -> (job) -> this.plainExecutor.submit(() -> {
				try (PoolScope scope = this.pool.scope()) {
					return job.call();
				}
			});
			default -> throw new IllegalArgumentException(tasks);
		};
	}

	/** Boot's thread name prefixes: Boot's executor and scheduler are those that carry the TaskDecorator. */
	private static String threadNamePrefix(String tasks) {
		return switch (tasks) {
			case APPLICATION_TASK_EXECUTOR, ASYNC_METHOD -> "task-";
			case SCHEDULED_METHOD -> "scheduling-";
			default -> "pool-";
		};
	}

}
