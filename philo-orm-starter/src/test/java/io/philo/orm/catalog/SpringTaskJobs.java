package io.philo.orm.catalog;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the jobs a test hands it as Spring runs an application's tasks: as an {@code @Async} method
 * on Boot's TaskExecutor, or from a {@code @Scheduled} fixed-delay method on Boot's TaskScheduler
 * (both enabled by {@link Tasks}). A job's exception is thrown out of the method, as a
 * failing task's is, and is its future's.
 */
@Component
public class SpringTaskJobs {

	private final JobQueue scheduled = new JobQueue();

	@Async
	public <T> CompletableFuture<T> async(Callable<T> job) {
		return CompletableFuture.completedFuture(call(job));
	}

	/** Runs the job in the next run of the {@code @Scheduled} method. */
	public <T> Future<T> scheduled(Callable<T> job) {
		return this.scheduled.submit(job);
	}

	@Scheduled(fixedDelay = 10)
	void runScheduled() {
		this.scheduled.runNext();
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

	/** Jobs run one at a time by whoever calls {@link #runNext}. */
	static final class JobQueue {

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

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	@EnableScheduling
	static class Tasks {

	}

}
