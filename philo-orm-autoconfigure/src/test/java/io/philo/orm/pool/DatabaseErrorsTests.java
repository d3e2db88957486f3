package io.philo.orm.pool;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** Every database error that leaves the model API names its connection, and keeps its kind. */
class DatabaseErrorsTests {

	@Test
	void exceptionsWithAMessageConstructorKeepTheirKind() {
		RuntimeException translated = DatabaseErrors.translate("MUSIC_CATALOG", new DataIntegrityViolationException("duplicate"),
				"Roll back.");
		assertThat(translated).isInstanceOf(DataIntegrityViolationException.class)
			.hasMessageStartingWith("Connection MUSIC_CATALOG: duplicate")
			.hasMessageEndingWith("Roll back.");
	}

	@Test
	void jpaSystemExceptionsTakeOnlyACauseAndStillNameTheConnection() {
		// what a batch aborted by a server shutdown becomes
		RuntimeException translated = DatabaseErrors.translate("DEFAULT",
				new JpaSystemException(new RuntimeException("could not execute batch")), "");
		assertThat(translated).isInstanceOf(JpaSystemException.class).hasMessageContaining("Connection DEFAULT")
			.hasMessageContaining("could not execute batch");
	}

	@Test
	void otherExceptionsPassThrough() {
		IllegalArgumentException notFromTheDatabase = new IllegalArgumentException("x");
		assertThat(DatabaseErrors.translate("DEFAULT", notFromTheDatabase, "")).isSameAs(notFromTheDatabase);
	}

}
