package io.philo.orm.catalog;

import java.util.concurrent.CompletableFuture;

import io.philo.orm.pool.PoolRegistry;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.stereotype.Component;

/** {@code @Async} work on Boot's TaskExecutor, as an application writes it. */
@Component
public class BackgroundWork {

	private final PoolRegistry pool;

	BackgroundWork(PoolRegistry pool) {
		this.pool = pool;
	}

	/** Adds a genre, then fails before committing. */
	@Async
	public CompletableFuture<Void> addThenFail(String name) {
		new Genre(name, "from a task that failed").add();
		throw new IllegalStateException("the task failed after its write");
	}

	/** Fails in the database (the unit then needs a rollback nobody calls). */
	@Async
	public CompletableFuture<Void> failInTheDatabase() {
		Genre.objects.rawSql("SELECT 1 / 0");
		return CompletableFuture.completedFuture(null);
	}

	/** Counts the genres this thread's unit sees, adds one and commits; returns the count seen first and the thread. */
	@Async
	public CompletableFuture<String> countAddAndCommit(String name) {
		long seen = Genre.objects.count();
		new Genre(name, "committed by a task").add();
		this.pool.commit();
		return CompletableFuture.completedFuture(seen + " on " + Thread.currentThread().getName());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	@EnableScheduling
	static class Tasks {

	}

}
