package io.philo.orm.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.postgresql.Driver;

import org.springframework.util.StringUtils;

/**
 * A connection URL read from either of the two forms users write: libpq's / SQLAlchemy's
 * {@code postgresql://user:pass@host:port/db?params} (credentials percent-decoded) or pgjdbc's
 * {@code jdbc:postgresql://host:port/db?params}. Credentials come out of the URL (user info, or
 * {@code user}/{@code password} parameters), so the JDBC URL kept and shown carries none.
 *
 * @param jdbcUrl the pgjdbc URL, without credentials
 * @param username the user named by the URL, or null
 * @param password the password given by the URL, or null
 */
record PostgresUrl(String jdbcUrl, String username, String password) {

	private static final String JDBC_PREFIX = "jdbc:postgresql:";

	private static final List<String> LIBPQ_PREFIXES = List.of("postgresql://", "postgres://");

	static final String FORMS = "postgresql://user:password@host:5432/database, jdbc:postgresql://host:5432/database or embedded";

	static PostgresUrl parse(String property, String value) {
		String url = value.trim();
		String lower = url.toLowerCase(Locale.ROOT);
		if (lower.startsWith(JDBC_PREFIX)) {
			return withQueryCredentials(property, value, url, null, null);
		}
		for (String prefix : LIBPQ_PREFIXES) {
			if (lower.startsWith(prefix)) {
				return fromLibpq(property, value, url.substring(prefix.length()));
			}
		}
		throw malformed(property, value, "it is not a PostgreSQL URL");
	}

	private static PostgresUrl fromLibpq(String property, String value, String rest) {
		int authorityEnd = indexOfAny(rest, "/?");
		String authority = rest.substring(0, authorityEnd);
		String path = rest.substring(authorityEnd);
		int at = authority.lastIndexOf('@');
		String hosts = authority.substring(at + 1);
		String username = null;
		String password = null;
		if (at >= 0) {
			String userInfo = authority.substring(0, at);
			int colon = userInfo.indexOf(':');
			username = decode(property, value, (colon >= 0) ? userInfo.substring(0, colon) : userInfo);
			password = (colon >= 0) ? decode(property, value, userInfo.substring(colon + 1)) : null;
		}
		for (String host : hosts.split(",", -1)) {
			checkHost(property, value, host);
		}
		// pgjdbc needs the "/" before the database even when there is none (libpq then uses the user's name)
		String jdbcUrl = JDBC_PREFIX + "//" + (hosts.isEmpty() ? "localhost" : hosts) + (path.startsWith("/") ? path : "/" + path);
		return withQueryCredentials(property, value, jdbcUrl, emptyToNull(username), emptyToNull(password));
	}

	private static void checkHost(String property, String value, String host) {
		int portStart = host.startsWith("[") ? host.indexOf("]:") + 1 : host.lastIndexOf(':');
		if (portStart > 0) {
			String port = host.substring(portStart + 1);
			if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
				throw malformed(property, value, "the port '" + port + "' is not a number from 1 to 65535");
			}
		}
	}

	/** Moves {@code user} and {@code password} query parameters out of the URL; keeps every other parameter. */
	private static PostgresUrl withQueryCredentials(String property, String value, String url, String username,
			String password) {
		int query = url.indexOf('?');
		List<String> kept = new ArrayList<>();
		if (query >= 0) {
			for (String parameter : url.substring(query + 1).split("&")) {
				String parameterName = parameter.substring(0, Math.max(parameter.indexOf('='), 0)).toLowerCase(Locale.ROOT);
				String parameterValue = decode(property, value, parameter.substring(parameter.indexOf('=') + 1));
				if (parameterName.equals("user")) {
					username = (username != null) ? username : parameterValue;
				}
				else if (parameterName.equals("password")) {
					password = (password != null) ? password : parameterValue;
				}
				else if (!parameter.isEmpty()) {
					kept.add(parameter);
				}
			}
		}
		String jdbcUrl = ((query >= 0) ? url.substring(0, query) : url) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
		if (Driver.parseURL(jdbcUrl, null) == null) {
			throw malformed(property, value, "the PostgreSQL driver cannot read it");
		}
		return new PostgresUrl(jdbcUrl, username, password);
	}

	private static String decode(String property, String value, String encoded) {
		try {
			return StringUtils.uriDecode(encoded, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw malformed(property, value, "it has an invalid percent-encoding");
		}
	}

	private static DatabaseConfigurationException malformed(String property, String value, String why) {
		return new DatabaseConfigurationException(property, "the URL " + shown(value) + " is malformed: " + why,
				"Write it as " + FORMS + " (percent-encode special characters in the user name and password).");
	}

	/** A value as an error message may show it: quoted, or withheld when it may carry a password. */
	static String shown(String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		return (value.contains("@") || lower.contains("password")) ? "(value withheld: it carries credentials)"
				: "'" + value + "'";
	}

	private static int indexOfAny(String text, String characters) {
		for (int i = 0; i < text.length(); i++) {
			if (characters.indexOf(text.charAt(i)) >= 0) {
				return i;
			}
		}
		return text.length();
	}

	private static String emptyToNull(String text) {
		return (text == null || text.isEmpty()) ? null : text;
	}

	@Override
	public String toString() {
		return "PostgresUrl[" + this.jdbcUrl + ", username=" + this.username + ", password=" + ((this.password != null) ? "****" : null) + "]";
	}

}
