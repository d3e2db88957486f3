package io.philo.orm.test.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Its application.yml points both connections at servers that do not exist: @PhiloTest must replace them. */
@SpringBootApplication
public class TestApplication {

}
