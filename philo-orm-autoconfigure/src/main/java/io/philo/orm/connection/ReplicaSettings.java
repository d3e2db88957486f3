package io.philo.orm.connection;

/**
 * One read replica of a connection, checked. {@link #toString()} never shows the password.
 *
 * @param name the replica's name within its connection ({@code replica-1}, in the order configured)
 * @param jdbcUrl the JDBC URL without credentials, or null for the embedded standby
 * @param username the user (the connection's unless the replica's URL names one), or null
 * @param password the password (the connection's unless the replica's URL gives one), or null
 */
public record ReplicaSettings(String name, String jdbcUrl, String username, String password) {

	/** Whether this replica is the embedded standby of the connection's embedded database. */
	public boolean embedded() {
		return this.jdbcUrl == null;
	}

	@Override
	public String toString() {
		return "ReplicaSettings[name=" + this.name + ", url=" + (embedded() ? "embedded" : this.jdbcUrl) + ", username="
				+ this.username + ", password=" + ((this.password != null) ? "****" : null) + "]";
	}

}
