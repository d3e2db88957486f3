package io.philo.orm.types;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * A bcrypt hash of a password, stored as text (Flask-Philo's {@code Password} column). A model field
 * of this type needs no annotation. {@link #toString()} never shows the hash.
 *
 * <pre>{@code
 * user.setPassword(PasswordHash.of("123"));
 * user.getPassword().matches("123");   // true
 * }</pre>
 *
 * <p>A new password needs at least {@code philo.orm.password-min-length} characters (default 1: never
 * empty) and at most 72 bytes in UTF-8, all that bcrypt reads.
 */
public final class PasswordHash {

	/** bcrypt reads this many bytes of a password and ignores the rest. */
	private static final int MAX_BYTES = 72;

	private static volatile BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(12);

	private static volatile int minLength = 1;

	private final String hash;

	private PasswordHash(String hash) {
		this.hash = hash;
	}

	/**
	 * Hashes a plain password with bcrypt, at the cost set by {@code philo.orm.password-cost} (default 12).
	 * @throws IllegalArgumentException if the password is empty, shorter than
	 * {@code philo.orm.password-min-length} characters or longer than 72 bytes in UTF-8
	 */
	public static PasswordHash of(String raw) {
		Objects.requireNonNull(raw, "A password cannot be null");
		// matches("") is always false: an empty password would lock its account out
		if (raw.isEmpty()) {
			throw new IllegalArgumentException("A password cannot be empty");
		}
		int length = raw.codePointCount(0, raw.length());
		if (length < minLength) {
			throw new IllegalArgumentException("A password needs at least " + minLength
					+ " characters (philo.orm.password-min-length), this one has " + length);
		}
		// past 72 bytes bcrypt would hash only the start: passwords that share it would all match
		int bytes = raw.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_BYTES) {
			throw new IllegalArgumentException("A password can have at most " + MAX_BYTES
					+ " bytes in UTF-8 (bcrypt ignores the rest), this one has " + bytes);
		}
		return new PasswordHash(encoder.encode(raw));
	}

	/** A hash read from the database. */
	static PasswordHash fromHash(String hash) {
		return new PasswordHash(hash);
	}

	/** Whether the plain candidate is the password this hash was made from. */
	public boolean matches(String candidate) {
		return candidate != null && encoder.matches(candidate, this.hash);
	}

	String hash() {
		return this.hash;
	}

	/** The bcrypt cost of new hashes: set once by the auto-configuration from {@code philo.orm.password-cost}. */
	static void useCost(int cost) {
		encoder = new BCryptPasswordEncoder(cost);
	}

	/** The fewest characters of a new password: set once by the auto-configuration from {@code philo.orm.password-min-length}. */
	static void useMinLength(int length) {
		minLength = length;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof PasswordHash that && this.hash.equals(that.hash);
	}

	@Override
	public int hashCode() {
		return this.hash.hashCode();
	}

	@Override
	public String toString() {
		return "PasswordHash[****]";
	}

}
