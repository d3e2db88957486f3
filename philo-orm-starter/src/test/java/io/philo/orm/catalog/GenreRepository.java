package io.philo.orm.catalog;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** A plain Spring Data repository: DEFAULT's. */
public interface GenreRepository extends JpaRepository<Genre, Long> {

	List<Genre> findByName(String name);

}
