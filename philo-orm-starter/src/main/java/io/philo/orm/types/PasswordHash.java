package io.philo.orm.types;

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
 */
public final class PasswordHash {

	private static volatile BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(12);

	private final String hash;

	private PasswordHash(String hash) {
		this.hash = hash;
	}

	/** Hashes a plain password with bcrypt, at the cost set by {@code philo.orm.password-cost} (default 12). */
	public static PasswordHash of(String raw) {
		Objects.requireNonNull(raw, "A password cannot be null");
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
