package io.philo.orm.plainboot;

import io.philo.orm.pool.PoolRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.task.TaskDecorator;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter changes nothing unless used (issue 11, rule 6): an application with the starter on
 * its classpath and only {@code spring.datasource.*} set starts and runs Boot's own JPA and
 * repositories as it would without it (before issue 11 it failed to start: "AttributeConverter class
 * [PasswordHashConverter] registered multiple times").
 */
class PlainBootApplicationTests {

	@Test
	void startsAndItsRepositoriesWorkOnBootsOwnJpaWithNoPhiloOrmBean() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(PlainBootApplication.class)
					.web(WebApplicationType.NONE)
					// not the tests' application.yml, which configures philo.databases
					.properties("spring.config.location=classpath:/plain-boot.yml",
							"spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"))
					.run()) {
			NoteRepository notes = context.getBean(NoteRepository.class);
			notes.save(new Note("saved through Boot's JPA"));
			assertThat(notes.findAll()).extracting(Note::getText).containsExactly("saved through Boot's JPA");
			assertThat(context.getBean("&entityManagerFactory")).isInstanceOf(LocalContainerEntityManagerFactoryBean.class);
			assertThat(context.getBeanNamesForType(PoolRegistry.class)).isEmpty();
			assertThat(context.getBeanNamesForType(TaskDecorator.class)).isEmpty();
		}
	}

}
