package io.philo.orm.catalog;

import io.philo.orm.catalog.db2.Db2GenreRepository;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring Data JPA repositories: DEFAULT's as in plain Boot, a bound package's on its connection. */
class RepositoriesTests extends CatalogTestCase {

	@Autowired
	private GenreRepository genres;

	@Autowired
	private Db2GenreRepository db2Genres;

	@Test
	void aRepositoryBoundToAConnectionWritesThere() {
		this.db2Genres.save(new Genre("Rock", "saved by the DB2 repository"));
		assertThat(Genre.objects.using("DB2").get("name", "Rock").getDescription()).isEqualTo("saved by the DB2 repository");
		assertThat(Genre.objects.count()).isZero();
		assertThat(this.db2Genres.findByName("Rock")).hasSize(1);
		assertThat(this.genres.findByName("Rock")).isEmpty();
	}

	@Test
	void plainRepositoriesUseDefault() {
		this.genres.save(new Genre("Jazz", "saved by the DEFAULT repository"));
		assertThat(Genre.objects.get("name", "Jazz").getDescription()).isEqualTo("saved by the DEFAULT repository");
		assertThat(Genre.objects.using("DB2").count()).isZero();
	}

}
