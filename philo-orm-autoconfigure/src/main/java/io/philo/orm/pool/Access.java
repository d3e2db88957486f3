package io.philo.orm.pool;

/** What a piece of work does with a connection's session: {@link PoolRegistry#run}. */
public enum Access {

	/**
	 * Reads. Outside a transaction they run in autocommit mode (PostgreSQL's READ COMMITTED gives
	 * each statement the latest committed data either way), so a thread that only reads holds no
	 * transaction open; after a write of its unit of work they run in its transaction.
	 */
	READ,

	/** As {@link #READ}, on the connection's primary even where it has replicas ({@code Manager.usingPrimary()}). */
	READ_PRIMARY,

	/** Writes or locks objects of the session: runs in the unit of work's transaction, begun if needed. */
	WRITE,

	/** As {@link #WRITE}, then flushes, so that the rows written are visible to the session at once. */
	FLUSH,

	/**
	 * Writes with a statement of its own (raw SQL, a bulk delete), in the unit of work's transaction.
	 * Which rows it changed the session cannot tell, so after the commit every object is reloaded.
	 */
	STATEMENT,

	/**
	 * SQL the application wrote, in the unit of work's transaction. Whether it wrote is asked of
	 * the database, not read from the SQL (rows the transaction inserted, updated or deleted, in
	 * tables or system catalogs, before and after it): if it did, it counts as {@link #STATEMENT}.
	 */
	RAW;

	boolean needsTransaction() {
		return this != READ && this != READ_PRIMARY;
	}

}
