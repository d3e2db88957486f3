package io.philo.orm;

/** A query the model cannot answer: no criteria, an unknown field, a value of the wrong type. Never reaches SQL. */
public class InvalidQueryException extends IllegalArgumentException {

	public InvalidQueryException(String message) {
		super(message);
	}

}
