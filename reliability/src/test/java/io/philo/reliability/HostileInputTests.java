package io.philo.reliability;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.philo.orm.InvalidQueryException;
import io.philo.orm.pool.PoolRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Field names, order keys, values, raw-SQL parameters and HTTP inputs from a hostile corpus: no injection, no 500. */
@Tag("reliability")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class HostileInputTests {

	@Autowired
	private PoolRegistry pool;

	@LocalServerPort
	private int port;

	/** Quotes, comments, statement separators, unicode, control characters, very long strings, empty and blank. */
	static List<String> corpus() {
		List<String> corpus = new ArrayList<>(List.of("'", "\"", "note'; DROP TABLE ledger; --", "note\"; DROP TABLE ledger; --",
				"1 OR 1=1", "' OR '1'='1", "note /* comment */", "note -- comment", "note;", "unit_id)", "e.note",
				"note, (select 1)", "ñøté", "名前", "\uD83D\uDE00", "note\u0000", "\u0000", "note\n", "\t", "", " ", "%", "_",
				"\\", "$1", ":p0", "?", "${jndi:ldap://x}", "<script>alert(1)</script>", "-", "--", "-note;", "NOTE", "Note"));
		corpus.add("x".repeat(10_000));
		corpus.add("'".repeat(5_000));
		return corpus;
	}

	@Test
	void fieldNamesAndOrderKeysAreCheckedNeverSpliced() {
		for (String hostile : corpus()) {
			assertThatExceptionOfType(InvalidQueryException.class).as(hostile)
				.isThrownBy(() -> Ledger.objects.filterBy(hostile, "x"));
			assertThatExceptionOfType(InvalidQueryException.class).as(hostile)
				.isThrownBy(() -> Ledger.objects.all().orderBy(hostile));
		}
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Ledger.objects.filterBy(null, "x"));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Ledger.objects.all().orderBy((String) null));
		this.pool.close();
	}

	@Test
	void valuesAndRawSqlParametersAreBound() {
		new Ledger(System.nanoTime(), "kept").add();
		this.pool.commit();
		long before = Ledger.objects.count();
		int values = 0;
		for (String hostile : corpus()) {
			if (hostile.indexOf('\u0000') >= 0) {
				// PostgreSQL text cannot hold NUL: refused before any SQL
				assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Ledger.objects.filterBy("note", hostile));
				continue;
			}
			assertThat(Ledger.objects.filterBy("note", hostile).list()).as(hostile).isEmpty();
			List<Object[]> rows = Ledger.objects.rawSql("SELECT count(*) FROM ledger WHERE note = :note", Map.of("note", hostile));
			assertThat(((Number) rows.get(0)[0]).longValue()).as(hostile).isZero();
			values++;
		}
		assertThat(Ledger.objects.count()).isEqualTo(before);
		this.pool.close();
		System.out.printf("RELIABILITY hostile input: corpus=%d field names, order keys and values; %d bound values; injections=0%n",
				corpus().size(), values);
	}

	@Test
	void httpInputsAreClear400sNever500s() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		int requests = 0;
		for (String hostile : corpus()) {
			for (String query : List.of("field=" + encode(hostile) + "&value=x", "field=note&value=x&order=" + encode(hostile),
					"field=note&value=" + encode(hostile))) {
				HttpResponse<String> response = http.send(
						HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/ledger?" + query)).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).as(query).isIn(200, 400);
				if (response.statusCode() == 400) {
					assertThat(response.body()).as(query).contains("error");
				}
				requests++;
			}
		}
		System.out.printf("RELIABILITY hostile input over HTTP: requests=%d, status 500=0%n", requests);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
