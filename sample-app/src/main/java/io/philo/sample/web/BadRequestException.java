package io.philo.sample.web;

/** A request the API cannot take, naming the field at fault. */
public class BadRequestException extends RuntimeException {

	private final String field;

	public BadRequestException(String field, String message) {
		super(field + ": " + message);
		this.field = field;
	}

	public String getField() {
		return this.field;
	}

	/** The value, which must be present and not blank. */
	public static String requireText(String value, String field) {
		if (value == null || value.isBlank()) {
			throw new BadRequestException(field, "is required");
		}
		if (value.length() > 256) {
			throw new BadRequestException(field, "is longer than 256 characters");
		}
		return value;
	}

	/** The value, which must be present. */
	public static <T> T require(T value, String field) {
		if (value == null) {
			throw new BadRequestException(field, "is required");
		}
		return value;
	}

}
