package io.philo.bench;

import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

/** The Spring Data JPA repository an application would declare for the model (scenario 7). */
public interface BenchItemRepository extends JpaRepository<BenchItem, Long> {

	List<BenchItem> findAllByOrderById(Limit limit);

}
