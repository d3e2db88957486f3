package io.philo.orm.pool;

import java.util.Collection;

/**
 * Told of objects inserted outside the persistence context (by {@code addAll}'s COPY), so that a
 * rollback of the unit of work makes them new again. Implemented by the interceptor of the
 * sessions {@link PoolRegistry} opens.
 */
public interface InsertTracker {

	void inserted(Collection<?> objects);

}
