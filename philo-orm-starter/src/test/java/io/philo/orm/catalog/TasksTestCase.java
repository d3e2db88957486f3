package io.philo.orm.catalog;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The unit-of-work scenarios of tasks: a task that fails after a write, and the next task on its
 * thread, run by {@link SpringTaskJobs} or any executor.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class TasksTestCase extends CatalogTestCase {

	static final String FAILED_AFTER_ITS_WRITE = "the task fails after its write";

	@Autowired
	protected SpringTaskJobs springTaskJobs;

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

}
