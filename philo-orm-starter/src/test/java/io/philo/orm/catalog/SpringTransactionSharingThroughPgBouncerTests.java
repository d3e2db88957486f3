package io.philo.orm.catalog;

/** @Transactional methods, repositories and JdbcTemplate sharing the unit of work, through a real PgBouncer in transaction mode. */
class SpringTransactionSharingThroughPgBouncerTests extends SpringTransactionSharingTests implements ThroughPgBouncerContext {

}
