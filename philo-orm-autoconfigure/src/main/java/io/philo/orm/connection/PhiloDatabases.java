package io.philo.orm.connection;

import java.util.List;
import java.util.Map;

/**
 * The configured connections, read once at start-up from {@code philo.databases.postgresql.*}.
 * Names are looked up ignoring case and the separators {@code _ - .}.
 */
public final class PhiloDatabases {

	private final Map<String, ConnectionSettings> connections;

	/** @param connections the settings by {@link ConnectionNames#key}, DEFAULT first */
	public PhiloDatabases(Map<String, ConnectionSettings> connections) {
		this.connections = connections;
	}

	/** The connections' names as configured (upper case), DEFAULT first. */
	public List<String> names() {
		return this.connections.values().stream().map(ConnectionSettings::name).toList();
	}

	/** The settings of the named connection, or null if no connection has that name. */
	public ConnectionSettings find(String name) {
		return this.connections.get(ConnectionNames.key(name));
	}

	@Override
	public String toString() {
		return "PhiloDatabases" + names();
	}

}
