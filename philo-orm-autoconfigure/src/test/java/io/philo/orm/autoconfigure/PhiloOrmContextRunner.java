package io.philo.orm.autoconfigure;

import io.philo.orm.autoconfigure.testmodel.TestModelConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/** A context as a Spring Boot application gets it: philo-orm beside Boot's own JDBC, JPA and transaction auto-configuration. */
final class PhiloOrmContextRunner {

	private PhiloOrmContextRunner() {
	}

	static ApplicationContextRunner create() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PhiloOrmAutoConfiguration.class, DataSourceAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
					TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
			.withUserConfiguration(TestModelConfiguration.class);
	}

	/** The properties of a connection to a new database of the test server, in the long form. */
	static String[] connection(String name, String... more) {
		String prefix = "philo.databases.postgresql." + name + ".";
		String[] properties = new String[3 + more.length];
		properties[0] = prefix + "url=" + TestPostgres.newDatabase();
		properties[1] = prefix + "username=" + TestPostgres.username();
		properties[2] = prefix + "password=" + ((TestPostgres.password() != null) ? TestPostgres.password() : "");
		for (int i = 0; i < more.length; i++) {
			properties[3 + i] = prefix + more[i];
		}
		return properties;
	}

}
