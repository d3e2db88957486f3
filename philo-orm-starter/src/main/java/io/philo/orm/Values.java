package io.philo.orm;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.philo.orm.types.PasswordHash;

import org.springframework.util.ClassUtils;

/**
 * Exact conversion of a query value to a field's type: a value the field can hold exactly, or an
 * {@link InvalidQueryException} naming the field, the value and the type. Nothing is truncated
 * (3.7 is no Integer), an empty text is not null, a collection is not its first element, and
 * date/time fields take ISO-8601 text.
 */
final class Values {

	/** Longest value shown in a message: a hostile value does not flood the log. */
	private static final int SHOWN = 60;

	private static final Map<Class<?>, Function<String, Object>> TEMPORAL_PARSERS = Map.of(LocalDate.class, LocalDate::parse,
			LocalDateTime.class, LocalDateTime::parse, LocalTime.class, LocalTime::parse, OffsetDateTime.class,
			OffsetDateTime::parse, OffsetTime.class, OffsetTime::parse, ZonedDateTime.class, ZonedDateTime::parse,
			Instant.class, Instant::parse);

	private Values() {
	}

	/**
	 * The value as the type; null stays null.
	 * @param subject what the value is for, for messages: {@code "field 'qty' of Track"}
	 */
	static Object convert(Object value, Class<?> type, String subject) {
		Class<?> target = ClassUtils.resolvePrimitiveIfNecessary(type);
		if (value instanceof CharSequence text && text.toString().indexOf('\u0000') >= 0) {
			throw invalid(value, target, subject, "it contains a NUL character, which PostgreSQL text cannot hold");
		}
		if (target == PasswordHash.class) {
			throw new InvalidQueryException("The " + subject + " is a PasswordHash: a query cannot compare it (each hash has"
					+ " its own salt); find the object by another field and call getPassword().matches(candidate)");
		}
		if (value == null || target.isInstance(value)) {
			return value;
		}
		if (value instanceof Collection<?> || value instanceof Map<?, ?> || value.getClass().isArray()) {
			throw invalid(value, target, subject, "it holds several values: in(field, values) matches any of them");
		}
		try {
			Object converted = exact(value, target);
			if (converted != null) {
				return converted;
			}
		}
		catch (ArithmeticException | NumberFormatException ex) {
			throw invalid(value, target, subject, Number.class.isAssignableFrom(target) ? numberProblem(value) : null);
		}
		catch (DateTimeParseException ex) {
			throw invalid(value, target, subject, "ISO-8601 text is expected, e.g. " + example(target));
		}
		catch (IllegalArgumentException ex) {
			throw invalid(value, target, subject, null);
		}
		throw invalid(value, target, subject, null);
	}

	/** The value as the type, or null if this kind of value cannot be one. */
	private static Object exact(Object value, Class<?> target) {
		if (Number.class.isAssignableFrom(target)) {
			return number(decimal(value), target);
		}
		if (value instanceof CharSequence chars) {
			String text = chars.toString();
			if (target == String.class) {
				return text;
			}
			if (target == Boolean.class) {
				return bool(text);
			}
			if (target == UUID.class) {
				UUID uuid = UUID.fromString(text);
				// fromString takes "1-2-3-4-5" as well: only the canonical form is the same UUID exactly
				return uuid.toString().equalsIgnoreCase(text) ? uuid : null;
			}
			if (target.isEnum()) {
				return enumConstant(target, text);
			}
			Function<String, Object> parser = TEMPORAL_PARSERS.get(target);
			return (parser != null) ? parser.apply(text) : null;
		}
		return instant(value, target);
	}

	/** Another way of writing the same instant: an Instant, OffsetDateTime or ZonedDateTime. */
	private static Object instant(Object value, Class<?> target) {
		Instant instant = (value instanceof Instant i) ? i : (value instanceof OffsetDateTime o) ? o.toInstant()
				: (value instanceof ZonedDateTime z) ? z.toInstant() : null;
		if (instant == null) {
			return null;
		}
		if (target == Instant.class) {
			return instant;
		}
		if (target == OffsetDateTime.class) {
			return (value instanceof ZonedDateTime z) ? z.toOffsetDateTime() : instant.atOffset(ZoneOffset.UTC);
		}
		if (target == ZonedDateTime.class) {
			return (value instanceof OffsetDateTime o) ? o.toZonedDateTime() : instant.atZone(ZoneOffset.UTC);
		}
		return null;
	}

	private static BigDecimal decimal(Object value) {
		if (value instanceof BigDecimal decimal) {
			return decimal;
		}
		if (value instanceof BigInteger integer) {
			return new BigDecimal(integer);
		}
		if (value instanceof Double || value instanceof Float) {
			// the decimal the number is written as (3.7, not 3.70000000000000017763568394002504646778106689453125)
			return new BigDecimal(value.toString());
		}
		if (value instanceof Number number) {
			return new BigDecimal(number.toString());
		}
		if (value instanceof CharSequence text) {
			return new BigDecimal(text.toString());
		}
		throw new IllegalArgumentException();
	}

	private static Object number(BigDecimal decimal, Class<?> target) {
		if (target == Long.class) {
			return decimal.longValueExact();
		}
		if (target == Integer.class) {
			return decimal.intValueExact();
		}
		if (target == Short.class) {
			return decimal.shortValueExact();
		}
		if (target == Byte.class) {
			return decimal.byteValueExact();
		}
		if (target == BigInteger.class) {
			return decimal.toBigIntegerExact();
		}
		if (target == BigDecimal.class) {
			return decimal;
		}
		if (target == Double.class) {
			double number = decimal.doubleValue();
			return same(decimal, Double.toString(number)) ? number : null;
		}
		if (target == Float.class) {
			float number = decimal.floatValue();
			return same(decimal, Float.toString(number)) ? number : null;
		}
		return null;
	}

	private static boolean same(BigDecimal decimal, String written) {
		try {
			return new BigDecimal(written).compareTo(decimal) == 0;
		}
		catch (NumberFormatException ex) {
			// Infinity, NaN
			return false;
		}
	}

	private static Boolean bool(String text) {
		return switch (text.toLowerCase(Locale.ROOT)) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			default -> null;
		};
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Object enumConstant(Class<?> type, String name) {
		return Enum.valueOf((Class<Enum>) type, name);
	}

	private static String numberProblem(Object value) {
		if (value instanceof CharSequence text && text.isEmpty()) {
			return "an empty text is not a number (isNull(field) matches no value)";
		}
		return "it is not a number of that type exactly (no rounding, no truncation)";
	}

	private static String example(Class<?> target) {
		return switch (target.getSimpleName()) {
			case "LocalDate" -> "2024-05-01";
			case "LocalTime" -> "10:15:30";
			case "LocalDateTime" -> "2024-05-01T10:15:30";
			case "OffsetTime" -> "10:15:30+02:00";
			case "ZonedDateTime" -> "2024-05-01T10:15:30+02:00[Europe/Paris]";
			default -> "2024-05-01T10:15:30Z or 2024-05-01T10:15:30+02:00";
		};
	}

	private static InvalidQueryException invalid(Object value, Class<?> target, String subject, String problem) {
		return new InvalidQueryException("The value " + shown(value) + " given for " + subject + " is not "
				+ article(target.getSimpleName()) + ((problem != null) ? ": " + problem : ""));
	}

	/** A value as a message shows it: quoted if text, cut short if long, with its type. */
	static String shown(Object value) {
		if (value == null) {
			return "null";
		}
		String text = String.valueOf(value);
		String cut = (text.length() > SHOWN) ? text.substring(0, SHOWN) + "…(" + text.length() + " characters)" : text;
		return (value instanceof CharSequence) ? "'" + cut + "'" : cut + " (" + value.getClass().getSimpleName() + ")";
	}

	private static String article(String type) {
		return ("AEIOU".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
	}

}
