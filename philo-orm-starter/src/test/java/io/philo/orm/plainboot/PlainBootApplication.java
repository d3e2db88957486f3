package io.philo.orm.plainboot;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot JPA application that has the starter on its classpath and sets only spring.datasource.*. */
@SpringBootApplication
public class PlainBootApplication {

}
