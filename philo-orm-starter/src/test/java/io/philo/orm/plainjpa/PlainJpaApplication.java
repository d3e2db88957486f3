package io.philo.orm.plainjpa;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A plain Spring Boot JPA application that does not use philo-orm, though the starter is on its classpath. */
@SpringBootApplication
public class PlainJpaApplication {

}
