package io.philo.orm.pool;

import org.springframework.core.task.TaskDecorator;

/**
 * Runs each task in a {@link PoolScope} of the registry: the task starts with no unit of work
 * and its units end with it. Spring Boot applies it to its TaskExecutor and TaskScheduler (so to
 * {@code @Async} and {@code @Scheduled} methods); set it on executors the application builds itself
 * ({@code executor.setTaskDecorator(decorator)}).
 */
public class PoolScopeTaskDecorator implements TaskDecorator {

	private final PoolRegistry pool;

	public PoolScopeTaskDecorator(PoolRegistry pool) {
		this.pool = pool;
	}

	@Override
	public Runnable decorate(Runnable task) {
		return () -> {
			try (PoolScope scope = this.pool.scope()) {
				task.run();
			}
		};
	}

}
