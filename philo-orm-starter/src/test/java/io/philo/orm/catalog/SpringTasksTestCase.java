package io.philo.orm.catalog;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog with {@code @Async} and {@code @Scheduled} methods that run the jobs a test hands
 * them, on the executor and scheduler Spring Boot configures (which carry philo-orm's
 * TaskDecorator), and the jobs of the unit-of-work scenarios.
 */
@Import(SpringTasksTestCase.SpringTasks.class)
@ExtendWith(OutputCaptureExtension.class)
abstract class SpringTasksTestCase extends CatalogTestCase {

	static final String FAILED_AFTER_ITS_WRITE = "the task fails after its write";

	@Autowired
	protected AsyncJobs asyncJobs;

	@Autowired
	protected ScheduledJobs scheduledJobs;

	/** Submits a job that records its thread's name, adds a genre and then throws; returns the name once it failed. */
	protected String failAfterAWrite(Function<Callable<Object>, Future<Object>> tasks) throws Exception {
		AtomicReference<String> failedOn = new AtomicReference<>();
		Future<Object> failing = tasks.apply(() -> {
			failedOn.set(Thread.currentThread().getName());
			new Genre("Abandoned", "added by a task that then failed").add();
			throw new IllegalStateException(FAILED_AFTER_ITS_WRITE);
		});
		assertThat(failureOf(failing)).hasMessage(FAILED_AFTER_ITS_WRITE);
		return failedOn.get();
	}

	/**
	 * The next task on the thread a task failed on sees none of its rows and commits only its own,
	 * and once it ended no connection is in use.
	 */
	protected void assertTheNextTaskOnTheThreadStartsClean(Function<Callable<NextTask>, Future<NextTask>> tasks,
			String failedOn) throws Exception {
		NextTask next = resultOf(tasks.apply(this::countThenAddAndCommit));
		assertThat(next.thread()).as("the same pool thread").isEqualTo(failedOn);
		assertThat(next.genresSeen()).as("rows of the failed task").isZero();
		assertThat(committedGenreNames("DEFAULT")).as("what the next task's commit committed").containsExactly("Kept");
		// the task's scope ends after it hands back its result
		await().atMost(Duration.ofSeconds(5)).until(() -> activeConnections("DEFAULT") == 0);
	}

	private NextTask countThenAddAndCommit() {
		long seen = Genre.objects.count();
		new Genre("Kept", "added and committed by the next task").add();
		this.pool.commit();
		return new NextTask(Thread.currentThread().getName(), seen);
	}

	protected record NextTask(String thread, long genresSeen) {
	}

	protected static <T> T resultOf(Future<T> task) throws Exception {
		try {
			return task.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

	protected static Throwable failureOf(Future<?> task) throws Exception {
		try {
			task.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			Throwable failure = ex.getCause();
			return (failure instanceof CompletionException) ? failure.getCause() : failure;
		}
		throw new AssertionError("the task did not fail");
	}

	private static <T> T call(Callable<T> job) {
		try {
			return job.call();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableAsync
	@EnableScheduling
	static class SpringTasks {

		@Bean
		AsyncJobs asyncJobs() {
			return new AsyncJobs();
		}

		@Bean
		ScheduledJobs scheduledJobs() {
			return new ScheduledJobs();
		}

	}

	/** Runs jobs as {@code @Async} methods, on Boot's {@code applicationTaskExecutor}. */
	static class AsyncJobs {

		/** A job's exception is thrown out of the method (the future Spring returns carries it). */
		@Async
		public <T> CompletableFuture<T> run(Callable<T> job) {
			return CompletableFuture.completedFuture(call(job));
		}

	}

	/**
	 * Jobs run one at a time by whoever calls {@link #runNext}; a job's exception is its future's, and
	 * is thrown on out of {@code runNext}, as a failing task throws.
	 */
	static class JobQueue {

		private final BlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();

		<T> Future<T> submit(Callable<T> job) {
			CompletableFuture<T> result = new CompletableFuture<>();
			this.jobs.add(() -> {
				try {
					result.complete(call(job));
				}
				catch (RuntimeException ex) {
					result.completeExceptionally(ex);
					throw ex;
				}
			});
			return result;
		}

		void runNext() {
			Runnable job = this.jobs.poll();
			if (job != null) {
				job.run();
			}
		}

	}

	/** The jobs of a {@code @Scheduled} fixed-delay method, on Boot's TaskScheduler. */
	static class ScheduledJobs extends JobQueue {

		@Scheduled(fixedDelay = 10)
		void runScheduled() {
			runNext();
		}

	}

}
