package io.philo.orm.pool;

import java.util.Collection;

/** A connection name that is not configured: names it and lists the configured ones. */
public class UnknownConnectionException extends IllegalArgumentException {

	private final String connectionName;

	public UnknownConnectionException(String connectionName, Collection<String> configured) {
		super("Unknown connection '" + connectionName + "': the configured connections are " + String.join(", ", configured)
				+ " (set under philo.databases.postgresql)");
		this.connectionName = connectionName;
	}

	public String getConnectionName() {
		return this.connectionName;
	}

}
