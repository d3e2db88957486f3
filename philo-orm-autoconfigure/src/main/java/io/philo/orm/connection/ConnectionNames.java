package io.philo.orm.connection;

import java.util.Locale;

/**
 * How connection names compare. {@code MUSIC_CATALOG}, {@code music-catalog}, {@code Music.Catalog}
 * and the environment variable's {@code music.catalog} all name one connection: names are matched
 * ignoring case and the separators {@code _ - .}, and shown in the configuration's upper-case form.
 */
public final class ConnectionNames {

	/** The connection that plain Spring Boot code gets and that models use unless told otherwise. */
	public static final String DEFAULT = "DEFAULT";

	private ConnectionNames() {
	}

	/** The key two spellings of one name share: lower case, no separators. */
	public static String key(String name) {
		StringBuilder key = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c != '_' && c != '-' && c != '.') {
				key.append(Character.toLowerCase(c));
			}
		}
		return key.toString();
	}

	/** The name as shown and used for bean names: upper case, {@code -} and {@code .} made {@code _}. */
	public static String canonical(String name) {
		return name.replace('-', '_').replace('.', '_').toUpperCase(Locale.ROOT);
	}

}
