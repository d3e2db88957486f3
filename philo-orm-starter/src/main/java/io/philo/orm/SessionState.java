package io.philo.orm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements that leave state in the server session, past the end of the transaction: through a
 * transaction pooler that state stays with a server session other clients get next, while this
 * client's next transaction may run on another. Reads one statement's words (quoted text, comments
 * and dollar-quoted bodies blanked), so SQL run inside functions and {@code DO} blocks is not seen.
 */
final class SessionState {

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*|[(),]");

	/** Session-level advisory lock functions: their locks stay with the server session, not the unit's transaction. */
	private static final Set<String> SESSION_LOCKS = Set.of("pg_advisory_lock", "pg_advisory_lock_shared", "pg_try_advisory_lock",
			"pg_try_advisory_lock_shared", "pg_advisory_unlock", "pg_advisory_unlock_shared", "pg_advisory_unlock_all");

	/** What follows SET in statements that last to the end of the transaction only. */
	private static final Set<String> TRANSACTION_SET = Set.of("local", "transaction", "constraints");

	private SessionState() {
	}

	/** Why the statement cannot run through a transaction pooler, or null when it can. */
	static String refusal(String statement) {
		List<String> tokens = new ArrayList<>();
		Matcher matcher = TOKEN.matcher(statement);
		while (matcher.find()) {
			tokens.add(matcher.group());
		}
		if (tokens.isEmpty()) {
			return null;
		}
		List<String> words = tokens.stream().map((token) -> token.toLowerCase(Locale.ROOT)).toList();
		String head = String.join(" ", tokens.subList(0, Math.min(2, tokens.size())));
		String first = words.get(0);
		if (first.equals("set") && (words.size() < 2 || !TRANSACTION_SET.contains(words.get(1)))) {
			return "'" + head + "' changes the session, which keeps it after the unit ends (other clients' transactions run"
					+ " with it, this unit's next one may not): use SET LOCAL, which lasts to the end of the unit's transaction";
		}
		if (first.equals("reset") || first.equals("discard")) {
			return "'" + head + "' changes the session, whichever client's settings it holds: use SET LOCAL, which lasts to the"
					+ " end of the unit's transaction";
		}
		if (first.equals("listen") || first.equals("unlisten")) {
			return "'" + head + "' subscribes the session, whose notifications then go to whichever client holds it: listen on a"
					+ " connection of its own to the server (the connection's direct-url)";
		}
		if (first.equals("declare") && followedBy(words, "with", "hold")) {
			return "a cursor WITH HOLD outlives the transaction in a session this unit may not get again: use Query.stream(), or a"
					+ " cursor without HOLD, read within the unit";
		}
		if (first.equals("create") && isTemporaryTable(words)) {
			return "a temporary table lives as long as the session, which other clients get next: add ON COMMIT DROP";
		}
		if (first.equals("prepare") || first.equals("deallocate")) {
			return "'" + head + "': prepared statements belong to the session, which other clients get next: write the statement"
					+ " with :name parameters";
		}
		for (int i = 0; i + 1 < words.size(); i++) {
			if (SESSION_LOCKS.contains(words.get(i)) && words.get(i + 1).equals("(")) {
				return tokens.get(i) + "() takes or releases a session advisory lock, held by the session past the unit's end"
						+ " (and released by nobody): use pg_advisory_xact_lock() or pg_try_advisory_xact_lock(), released with the"
						+ " unit's transaction";
			}
			if (words.get(i).equals("set_config") && words.get(i + 1).equals("(") && !isLocal(words, i + 2)) {
				return "set_config() without true as its third argument changes the session, which keeps it after the unit ends:"
						+ " pass true, for the unit's transaction only";
			}
		}
		return null;
	}

	private static boolean followedBy(List<String> words, String first, String second) {
		for (int i = 0; i + 1 < words.size(); i++) {
			if (words.get(i).equals(first) && words.get(i + 1).equals(second)) {
				return true;
			}
		}
		return false;
	}

	/** CREATE [GLOBAL | LOCAL] TEMP[ORARY] TABLE … without ON COMMIT DROP. */
	private static boolean isTemporaryTable(List<String> words) {
		int table = words.indexOf("table");
		if (table < 0) {
			return false;
		}
		List<String> modifiers = words.subList(1, table);
		boolean temporary = modifiers.contains("temp") || modifiers.contains("temporary");
		int onCommit = words.indexOf("commit");
		boolean dropped = onCommit > 0 && words.get(onCommit - 1).equals("on") && onCommit + 1 < words.size()
				&& words.get(onCommit + 1).equals("drop");
		return temporary && !dropped;
	}

	/** Whether set_config's third argument, from the token after its "(", is literally true. */
	private static boolean isLocal(List<String> words, int start) {
		int depth = 0;
		int argument = 0;
		List<String> third = new ArrayList<>();
		for (int i = start; i < words.size(); i++) {
			String word = words.get(i);
			if (word.equals("(")) {
				depth++;
			}
			else if (word.equals(")")) {
				if (depth-- == 0) {
					break;
				}
			}
			else if (word.equals(",") && depth == 0) {
				argument++;
				continue;
			}
			if (argument == 2) {
				third.add(word);
			}
		}
		return third.equals(List.of("true"));
	}

}
