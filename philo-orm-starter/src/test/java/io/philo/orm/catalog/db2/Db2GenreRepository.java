package io.philo.orm.catalog.db2;

import java.util.List;

import io.philo.orm.catalog.Genre;

import org.springframework.data.jpa.repository.JpaRepository;

/** A repository of a package bound to DB2 by philo.databases.postgresql.DB2.repositories.base-packages. */
public interface Db2GenreRepository extends JpaRepository<Genre, Long> {

	List<Genre> findByName(String name);

}
