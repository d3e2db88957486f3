package io.philo.orm.connection;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the library does to a database's schema at start-up (and, for {@code CREATE_DROP}, at close). */
public enum DdlAuto {

	/** Leave the schema alone. */
	NONE,
	/** Check that every model's table and columns exist; fail start-up otherwise. */
	VALIDATE,
	/** Create missing tables, columns and constraints; never drop anything. */
	UPDATE,
	/** Drop and create every model's table. */
	CREATE,
	/** As {@code CREATE}, and drop the tables again when the application stops. */
	CREATE_DROP;

	/** The configuration spelling: {@code create-drop}. */
	public String value() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** Reads {@code none | validate | update | create | create-drop} (any case, {@code _} or {@code -}); null if none matches. */
	public static DdlAuto parse(String value) {
		String wanted = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
		return Arrays.stream(values()).filter((v) -> v.name().equals(wanted)).findFirst().orElse(null);
	}

	public static String choices() {
		return Arrays.stream(values()).map(DdlAuto::value).collect(Collectors.joining(" | "));
	}

}
