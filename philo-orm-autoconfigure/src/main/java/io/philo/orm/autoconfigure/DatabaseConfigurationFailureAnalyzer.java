package io.philo.orm.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link DatabaseConfigurationException} into start-up advice naming the property and the fix. */
class DatabaseConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DatabaseConfigurationException cause) {
		String description = "Invalid philo-orm database configuration:\n\n    Property: " + cause.getProperty()
				+ "\n    Problem:  " + cause.getProblem();
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
