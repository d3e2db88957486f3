package io.philo.orm.autoconfigure.testmodel;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;

/** Maps the test entities of this package. */
@Configuration(proxyBeanMethods = false)
@EntityScan(basePackageClasses = Note.class)
public class TestModelConfiguration {

}
