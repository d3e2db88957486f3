package io.philo.orm.catalog;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application of the model tests: the music catalog on DEFAULT and DB2 (see application.yml). */
@SpringBootApplication
public class CatalogTestApplication {

}
