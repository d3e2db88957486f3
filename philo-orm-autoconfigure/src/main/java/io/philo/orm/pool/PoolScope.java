package io.philo.orm.pool;

/**
 * The span of a thread's units of work: when the outermost scope of a thread closes, every unit of
 * work the thread opened ends — what it did not commit is rolled back (with a warning naming the
 * connection) and its connections go back to their pools. Opening a thread's outermost scope first
 * ends any unit the thread still holds from before, so a task never inherits another's work.
 *
 * <pre>{@code
 * try (PoolScope scope = pool.scope()) {
 *     new Genre("Rock", "rock yeah!!!").add();
 *     pool.commit();
 * }
 * }</pre>
 *
 * Web requests and the tasks Spring runs ({@code @Async}, {@code @Scheduled}, Boot's
 * {@code TaskExecutor} and {@code TaskScheduler}) are scoped already; open one in threads the
 * application runs itself. Inside a scope, the static API ({@code Model.objects},
 * {@link PoolRegistry#get()}) reaches this scope's registry.
 */
public final class PoolScope implements AutoCloseable {

	private final PoolRegistry registry;

	private final PoolRegistry previous;

	private boolean closed;

	PoolScope(PoolRegistry registry, PoolRegistry previous) {
		this.registry = registry;
		this.previous = previous;
	}

	/** Ends the scope; the outermost one of a thread also ends its units of work. Closing twice does nothing. */
	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			this.registry.endScope(this.previous);
		}
	}

}
