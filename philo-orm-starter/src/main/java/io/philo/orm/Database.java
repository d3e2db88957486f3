package io.philo.orm;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The connection a model's new instances and its {@code objects} use unless a call names another. Default: DEFAULT. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface Database {

	/** The connection's name, as configured under {@code philo.databases.postgresql}. */
	String value();

}
