package io.philo.orm.pool;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Commits and rollbacks of units of work as Micrometer observations, so that metrics (Boot's meter
 * handler makes each a timer) and traces show them per connection: {@value #COMMITS} and
 * {@value #ROLLBACKS}, tagged {@code connection}, {@code outcome} ({@code success} or
 * {@code failure}) and, for rollbacks, {@code cause}: {@code rollback} (asked for),
 * {@code unit-end} (a request, task or scope ended with uncommitted writes) or {@code dead-thread}
 * (the thread died holding the unit's transaction).
 */
final class UnitObservations {

	static final String COMMITS = "philo.unit.commits";

	static final String ROLLBACKS = "philo.unit.rollbacks";

	static final String ASKED = "rollback";

	static final String UNIT_END = "unit-end";

	static final String DEAD_THREAD = "dead-thread";

	private final ObservationRegistry registry;

	UnitObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	void commit(String connection, Runnable commit) {
		observe(Observation.createNotStarted(COMMITS, this.registry).contextualName("philo commit " + connection), connection,
				commit);
	}

	void rollback(String connection, String cause, Runnable rollback) {
		observe(Observation.createNotStarted(ROLLBACKS, this.registry)
			.contextualName("philo rollback " + connection)
			.lowCardinalityKeyValue("cause", cause), connection, rollback);
	}

	private void observe(Observation observation, String connection, Runnable action) {
		observation.lowCardinalityKeyValue("connection", connection).start();
		try (Observation.Scope scope = observation.openScope()) {
			action.run();
			observation.lowCardinalityKeyValue("outcome", "success");
		}
		catch (RuntimeException ex) {
			observation.lowCardinalityKeyValue("outcome", "failure").error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

}
