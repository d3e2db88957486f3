package io.philo.orm;

/** No row matched a {@code get}: Flask-Philo's {@code NotFoundError("Object not found")}. */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String detail) {
		super("Object not found: " + detail);
	}

}
