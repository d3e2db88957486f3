package io.philo.orm.pool;

import io.philo.orm.hibernate.ConnectionEntityManagerFactory;
import io.philo.orm.replica.ConnectionReplicas;

import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * A connection's transaction manager ({@code @Transactional("NAME")}), aware of its replicas: a
 * read-only transaction ({@code @Transactional(readOnly = true)}) begins on a replica fit for this
 * thread, as a read of the model API would (see {@link ConnectionReplicas}); every other transaction
 * runs on the primary, and its commit records where it ended in the WAL so that this thread's later
 * reads find it (read-your-writes).
 */
public class ConnectionTransactionManager extends JpaTransactionManager {

	private final ConnectionReplicas replicas;

	public ConnectionTransactionManager(ConnectionEntityManagerFactory factory) {
		super(factory);
		this.replicas = factory.replicas();
	}

	@Override
	protected void doBegin(Object transaction, TransactionDefinition definition) {
		if (this.replicas == null || !definition.isReadOnly()) {
			super.doBegin(transaction, definition);
			return;
		}
		// the transaction's JDBC connection is taken as it begins, and held to its end
		this.replicas.read(() -> {
			super.doBegin(transaction, definition);
			return null;
		}, () -> {
		});
	}

	@Override
	protected void doCommit(DefaultTransactionStatus status) {
		super.doCommit(status);
		if (this.replicas != null && !status.isReadOnly()) {
			this.replicas.committed();
		}
	}

}
