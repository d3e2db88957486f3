package io.philo.orm.catalog;

/** Queries, stream() through a cursor and rawSql, through a real PgBouncer in transaction mode. */
class QueryThroughPgBouncerTests extends QueryTests implements ThroughPgBouncerContext {

}
