package io.philo.orm.catalog;

/** addAll's COPY, through a real PgBouncer in transaction mode. */
class AddAllThroughPgBouncerTests extends AddAllTests implements ThroughPgBouncerContext {

}
