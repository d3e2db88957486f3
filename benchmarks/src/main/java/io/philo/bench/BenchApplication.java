package io.philo.bench;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application the benchmarks start: philo-orm with one model. */
@SpringBootApplication
public class BenchApplication {

}
