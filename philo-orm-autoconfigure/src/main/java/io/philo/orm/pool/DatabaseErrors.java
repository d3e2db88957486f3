package io.philo.orm.pool;

import java.lang.reflect.Constructor;
import java.sql.SQLTransientConnectionException;

import jakarta.persistence.PersistenceException;
import org.hibernate.HibernateException;

import org.springframework.beans.BeanUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.UncategorizedDataAccessException;
import org.springframework.orm.jpa.vendor.HibernateJpaDialect;

/**
 * Turns an error from the database into the Spring {@link DataAccessException} Spring code expects
 * (a NOWAIT lock conflict, a constraint violation, …), with the connection's name in its message.
 */
final class DatabaseErrors {

	private static final HibernateJpaDialect DIALECT = new HibernateJpaDialect();

	private DatabaseErrors() {
	}

	/** A database error of no more precise kind, carrying the connection's name. */
	static final class UncategorizedConnectionException extends UncategorizedDataAccessException {

		UncategorizedConnectionException(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/** Whether a statement failed in the database (so PostgreSQL has aborted the transaction), not only in the library. */
	static boolean failedInDatabase(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.sql.SQLException) {
				return true;
			}
		}
		return false;
	}

	private static boolean poolExhausted(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * @param connection the connection the error happened on
	 * @param ex what Hibernate or JPA threw
	 * @param advice what the user should do next, appended to the message; may be empty
	 */
	static RuntimeException translate(String connection, RuntimeException ex, String advice) {
		DataAccessException translated = (ex instanceof DataAccessException dae) ? dae
				: (ex instanceof HibernateException || ex instanceof PersistenceException)
						? DIALECT.translateExceptionIfPossible(ex) : null;
		if (translated == null) {
			// not from the database (a misuse of an API, a bug): as it is
			return ex;
		}
		String message = "Connection " + connection + ": " + translated.getMessage() + (advice.isEmpty() ? "" : " " + advice)
				+ (poolExhausted(ex) ? " Every connection of its pool stayed in use for the whole connection-timeout: raise"
						+ " philo.databases.postgresql." + connection + ".pool.maximum-pool-size, or end units of work sooner." : "");
		return withMessage(translated, message);
	}

	/** The same kind of exception with the given message: most take (message, cause); JPA's system exception takes a cause. */
	private static DataAccessException withMessage(DataAccessException translated, String message) {
		try {
			Constructor<? extends DataAccessException> constructor = translated.getClass()
				.getConstructor(String.class, Throwable.class);
			return BeanUtils.instantiateClass(constructor, message, translated);
		}
		catch (NoSuchMethodException ex) {
			try {
				Constructor<? extends DataAccessException> constructor = translated.getClass()
					.getConstructor(RuntimeException.class);
				return BeanUtils.instantiateClass(constructor, new PersistenceException(message, translated));
			}
			catch (NoSuchMethodException noCauseConstructor) {
				return new UncategorizedConnectionException(message, translated);
			}
		}
	}

}
