package io.philo.orm.autoconfigure;

import java.time.Duration;

import io.philo.orm.connection.DdlAuto;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings that apply to every database: {@code philo.orm.*}. */
@ConfigurationProperties("philo.orm")
public class PhiloOrmProperties {

	/**
	 * What to do to each database's schema at start-up, unless the connection sets its own
	 * {@code ddl-auto}: none, validate, update, create or create-drop.
	 */
	private String ddlAuto = DdlAuto.NONE.value();

	/**
	 * The limit of a query that sets none (Flask-Philo's filter_by limited every query to 500 rows).
	 * Unset: no limit.
	 */
	private Integer defaultLimit;

	/**
	 * How long PostgreSQL lets a connection sit idle inside a transaction before it ends the session
	 * ({@code idle_in_transaction_session_timeout}), unless the connection sets its own
	 * {@code idle-in-transaction-timeout}: a unit of work that nobody ends holds its locks at most
	 * this long. 0 turns the bound off.
	 */
	private Duration idleInTransactionTimeout = Duration.ofMinutes(10);

	/** The bcrypt cost (log rounds, 4 to 31) of new PasswordHash values. */
	private int passwordCost = 12;

	/**
	 * The fewest characters (Unicode code points) of a new PasswordHash value, 1 to 72: shorter
	 * passwords are refused by PasswordHash.of. Hashes already stored still match.
	 */
	private int passwordMinLength = 1;

	/**
	 * Whether each INSERT and UPDATE of a model returns the row it wrote (PostgreSQL's
	 * {@code RETURNING}), so that what triggers made of it shows with no read-back at commit.
	 * Hibernate does not batch statements that return rows: an application that flushes many changed
	 * objects at once, or saves many through Spring Data, may turn this off; commits then read the
	 * rows they wrote back, one statement per model per 1,000 rows.
	 */
	private boolean returnWrittenRows = true;

	/**
	 * Whether Hibernate collects statistics (published as metrics by Spring Boot's Hibernate metrics).
	 * The SessionFactory is shared, so the figures are those of every connection together.
	 */
	private boolean statistics;

	/**
	 * How many lazy relations of the same kind Hibernate loads in one statement when one of them is
	 * read (Hibernate's {@code hibernate.default_batch_fetch_size}): reading a relation of each of N
	 * loaded objects costs ⌈N / batch-fetch-size⌉ statements, not N. 1 turns batching off.
	 */
	private int batchFetchSize = 32;

	public Duration getIdleInTransactionTimeout() {
		return this.idleInTransactionTimeout;
	}

	public void setIdleInTransactionTimeout(Duration idleInTransactionTimeout) {
		this.idleInTransactionTimeout = idleInTransactionTimeout;
	}

	public boolean isReturnWrittenRows() {
		return this.returnWrittenRows;
	}

	public void setReturnWrittenRows(boolean returnWrittenRows) {
		this.returnWrittenRows = returnWrittenRows;
	}

	public boolean isStatistics() {
		return this.statistics;
	}

	public void setStatistics(boolean statistics) {
		this.statistics = statistics;
	}

	public int getBatchFetchSize() {
		return this.batchFetchSize;
	}

	public void setBatchFetchSize(int batchFetchSize) {
		this.batchFetchSize = batchFetchSize;
	}

	public Integer getDefaultLimit() {
		return this.defaultLimit;
	}

	public void setDefaultLimit(Integer defaultLimit) {
		this.defaultLimit = defaultLimit;
	}

	public int getPasswordCost() {
		return this.passwordCost;
	}

	public void setPasswordCost(int passwordCost) {
		this.passwordCost = passwordCost;
	}

	public int getPasswordMinLength() {
		return this.passwordMinLength;
	}

	public void setPasswordMinLength(int passwordMinLength) {
		this.passwordMinLength = passwordMinLength;
	}

	public String getDdlAuto() {
		return this.ddlAuto;
	}

	public void setDdlAuto(String ddlAuto) {
		this.ddlAuto = ddlAuto;
	}

}
