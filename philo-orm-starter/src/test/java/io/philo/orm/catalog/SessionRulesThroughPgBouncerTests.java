package io.philo.orm.catalog;

/** The session rules, getForUpdate NOWAIT and the request-end rollback, through a real PgBouncer in transaction mode. */
class SessionRulesThroughPgBouncerTests extends SessionRulesTests implements ThroughPgBouncerContext {

}
