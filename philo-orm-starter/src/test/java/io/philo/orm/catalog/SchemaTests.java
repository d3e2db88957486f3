package io.philo.orm.catalog;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Tables created by the library: Flask-Philo's constraint names, timestamptz timestamps, uuid columns, sequences. */
class SchemaTests extends CatalogTestCase {

	@Test
	void constraintsAreNamedAsFlaskPhiloNamesThem() {
		for (String connection : this.pool.connectionNames()) {
			List<String> names = jdbc(connection).queryForList(
					"select conname from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = 'public'",
					String.class);
			assertThat(names).contains("pk_genre", "pk_artist", "pk_album", "pk_app_user", "fk_artist_genre_id_genre",
					"fk_album_artist_id_artist", "uq_app_user_username");
			assertThat(jdbc(connection).queryForList("select indexname from pg_indexes where tablename = 'genre'", String.class))
				.contains("ix_genre_name");
		}
	}

	@Test
	void columnTypes() {
		JdbcTemplate jdbc = jdbc("DEFAULT");
		assertThat(type(jdbc, "genre", "created_at")).isEqualTo("timestamp with time zone");
		assertThat(type(jdbc, "genre", "updated_at")).isEqualTo("timestamp with time zone");
		assertThat(type(jdbc, "app_user", "token")).isEqualTo("uuid");
		assertThat(type(jdbc, "app_user", "password")).isEqualTo("character varying");
		assertThat(jdbc.queryForObject("select is_nullable from information_schema.columns where table_name = 'genre'"
				+ " and column_name = 'created_at'", String.class)).isEqualTo("NO");
		assertThat(jdbc.queryForObject("select increment_by from pg_sequences where sequencename = 'genre_seq'", Long.class))
			.isEqualTo(50);
	}

	private static String type(JdbcTemplate jdbc, String table, String column) {
		return jdbc.queryForObject("select data_type from information_schema.columns where table_name = ? and column_name = ?",
				String.class, table, column);
	}

	private JdbcTemplate jdbc(String connection) {
		return new JdbcTemplate(this.pool.dataSource(connection));
	}

}
