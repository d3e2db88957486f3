package io.philo.orm.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * Spring's {@link SimpleAsyncTaskScheduler} (Boot's TaskScheduler with virtual threads), whose
 * fixed-delay tasks ({@code @Scheduled(fixedDelay = …)}) also run in a {@link PoolScope}: Spring runs
 * those on its scheduler thread, past the task decorator that its other tasks go through.
 */
public class PoolScopeTaskScheduler extends SimpleAsyncTaskScheduler {

	private final TaskDecorator scope;

	public PoolScopeTaskScheduler(PoolRegistry pool) {
		this.scope = new PoolScopeTaskDecorator(pool);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		return super.scheduleWithFixedDelay(this.scope.decorate(task), startTime, delay);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		return super.scheduleWithFixedDelay(this.scope.decorate(task), delay);
	}

}
