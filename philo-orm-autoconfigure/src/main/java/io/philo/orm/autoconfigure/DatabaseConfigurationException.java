package io.philo.orm.autoconfigure;

/**
 * A connection's configuration cannot be used: names the property, what is wrong with it (showing the
 * value only when it carries no credentials) and how to fix it. Start-up failure analysis turns it
 * into Spring Boot's "APPLICATION FAILED TO START" report.
 */
public class DatabaseConfigurationException extends RuntimeException {

	private final String property;

	private final String problem;

	private final String action;

	public DatabaseConfigurationException(String property, String problem, String action) {
		this(property, problem, action, null);
	}

	public DatabaseConfigurationException(String property, String problem, String action, Throwable cause) {
		super(property + ": " + problem + ". " + action, cause);
		this.property = property;
		this.problem = problem;
		this.action = action;
	}

	/** The property at fault, such as {@code philo.databases.postgresql.MUSIC_CATALOG.url}. */
	public String getProperty() {
		return this.property;
	}

	public String getProblem() {
		return this.problem;
	}

	/** How to fix it. */
	public String getAction() {
		return this.action;
	}

}
