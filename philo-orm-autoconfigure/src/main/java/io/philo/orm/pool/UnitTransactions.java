package io.philo.orm.pool;

import io.philo.orm.hibernate.ConnectionEntityManagerFactory;

import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Begins and ends units of work's transactions as the connection's {@link JpaTransactionManager}
 * does — the unit's session (pre-bound by the unit) and its JDBC connection become the thread's
 * transactional resources for the EntityManagerFactory and DataSource, so repositories,
 * {@code JdbcTemplate} and {@code @Transactional} code on the connection join it — but outside
 * Spring's transaction synchronization; a commit records its WAL position for the connection's
 * replicas, as any of the connection's transactions. Spring nests one thread's transactions (a new one suspends
 * the synchronization of the one before and resumes it when it ends), while a thread's units on
 * several connections begin and end in any order.
 */
final class UnitTransactions extends ConnectionTransactionManager {

	private static final TransactionDefinition UNIT = TransactionDefinition.withDefaults();

	UnitTransactions(ConnectionEntityManagerFactory factory) {
		super(factory);
	}

	/** @return the transaction, for {@link #commit(Object)} or {@link #rollback(Object)} */
	Object begin() {
		Object transaction = doGetTransaction();
		doBegin(transaction, UNIT);
		return transaction;
	}

	void commit(Object transaction) {
		try {
			doCommit(status(transaction));
		}
		finally {
			doCleanupAfterCompletion(transaction);
		}
	}

	void rollback(Object transaction) {
		try {
			doRollback(status(transaction));
		}
		finally {
			doCleanupAfterCompletion(transaction);
		}
	}

	private static DefaultTransactionStatus status(Object transaction) {
		return new DefaultTransactionStatus(null, transaction, true, false, false, false, false, null);
	}

}
