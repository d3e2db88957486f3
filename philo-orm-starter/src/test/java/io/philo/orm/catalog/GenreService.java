package io.philo.orm.catalog;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Spring Data inside a {@code @Transactional} method on DEFAULT (propagation REQUIRED). */
@Service
public class GenreService {

	private final GenreRepository genres;

	GenreService(GenreRepository genres) {
		this.genres = genres;
	}

	/** Saves a genre, and returns how many genres the method's transaction sees. */
	@Transactional
	public long saveAndCount(String name) {
		this.genres.save(new Genre(name, "saved in a @Transactional method"));
		return this.genres.count();
	}

}
