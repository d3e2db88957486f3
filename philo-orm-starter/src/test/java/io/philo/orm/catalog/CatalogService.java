package io.philo.orm.catalog;

import io.philo.orm.pool.PoolRegistry;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The model API inside Spring transactions (on DB2, and one on DEFAULT). */
@Service
public class CatalogService {

	private final PoolRegistry pool;

	private final GenreRepository genres;

	CatalogService(PoolRegistry pool, GenreRepository genres) {
		this.pool = pool;
		this.genres = genres;
	}

	@Transactional("DB2")
	public void addUsers(String... names) {
		for (String name : names) {
			new User(name, "secret").add();
		}
	}

	@Transactional("DB2")
	public void addUsersAndFail(String... names) {
		addUsers(names);
		throw new IllegalStateException("failing after the adds");
	}

	@Transactional("DB2")
	public void commitInside() {
		new User("eve", "secret").add();
		this.pool.commit("DB2");
	}

	/** A REQUIRED transaction on DEFAULT: inside a unit of work's transaction, it joins it. */
	@Transactional
	public long countGenresOnDefault() {
		return this.genres.count();
	}

	/** Saves a genre through the repository in a REQUIRED transaction on DEFAULT; returns how many genres it then sees. */
	@Transactional
	public long saveGenreAndCountOnDefault(String name) {
		this.genres.save(new Genre(name, "saved in a @Transactional method"));
		return this.genres.count();
	}

}
