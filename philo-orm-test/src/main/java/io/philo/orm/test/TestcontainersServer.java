package io.philo.orm.test;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** A PostgreSQL 17 container for the test run; loaded only when a test asks for it. */
final class TestcontainersServer {

	private TestcontainersServer() {
	}

	@SuppressWarnings("resource") // stopped by Testcontainers' Ryuk when the JVM ends
	static TestDatabases.Admin start() {
		PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
		container.start();
		return new TestDatabases.Admin(container.getJdbcUrl(), container.getUsername(), container.getPassword());
	}

}
