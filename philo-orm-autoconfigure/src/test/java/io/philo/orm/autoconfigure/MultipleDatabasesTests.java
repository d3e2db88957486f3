package io.philo.orm.autoconfigure;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.philo.orm.autoconfigure.testmodel.Note;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceContext;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Three databases from properties: each has its own pool, EntityManagerFactory and transactions; DEFAULT is primary. */
class MultipleDatabasesTests {

	private static final List<String> NAMES = List.of("DEFAULT", "MUSIC_CATALOG", "ARCHIVE");

	private final ApplicationContextRunner runner = PhiloOrmContextRunner.create()
		.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT"))
		.withPropertyValues(PhiloOrmContextRunner.connection("MUSIC_CATALOG"))
		.withPropertyValues(PhiloOrmContextRunner.connection("ARCHIVE"))
		.withPropertyValues("philo.orm.ddl-auto=create")
		.withUserConfiguration(NoteServices.class);

	@Test
	void eachEntityManagerFactoryWritesOnlyToItsOwnDatabase() {
		this.runner.run((context) -> {
			for (String name : NAMES) {
				EntityManagerFactory factory = context.getBean(PhiloDatabasesRegistrar.entityManagerFactoryBean(name),
						EntityManagerFactory.class);
				factory.runInTransaction((entityManager) -> entityManager.persist(new Note("written via " + name)));
			}
			for (String name : NAMES) {
				assertThat(texts(context, name)).containsExactly("written via " + name);
			}
		});
	}

	@Test
	void transactionalOnAConnectionCommitsAndRollsBackThereOnly() {
		this.runner.run((context) -> {
			NoteService catalog = context.getBean("catalogNotes", NoteService.class);
			catalog.save("kept", false);
			assertThatIllegalStateException().isThrownBy(() -> catalog.save("rolled back", true));
			assertThat(texts(context, "MUSIC_CATALOG")).containsExactly("kept");
			assertThat(texts(context, "DEFAULT")).isEmpty();
			assertThat(texts(context, "ARCHIVE")).isEmpty();
		});
	}

	@Test
	void defaultIsThePrimaryOfPlainSpringCode() {
		this.runner.run((context) -> {
			DataSource defaultDataSource = context.getBean("dataSource", DataSource.class);
			assertThat(context.getBean(DataSource.class)).isSameAs(defaultDataSource);
			assertThat(context.getBean(JdbcTemplate.class).getDataSource()).isSameAs(defaultDataSource);
			assertThat(context.getBean(PlatformTransactionManager.class)).isSameAs(context.getBean("DEFAULT"));
			assertThat(context.getBean(EntityManagerFactory.class).getName()).isEqualTo("DEFAULT");
			NoteService plain = context.getBean("defaultNotes", NoteService.class);
			plain.save("plain @Transactional", false);
			assertThat(texts(context, "DEFAULT")).containsExactly("plain @Transactional");
			assertThat(texts(context, "MUSIC_CATALOG")).isEmpty();
		});
	}

	@Test
	void eachConnectionHasANamedPoolAndIsReachableByQualifier() {
		this.runner.run((context) -> {
			for (String name : NAMES) {
				HikariDataSource pool = context.getBean(PhiloDatabasesRegistrar.dataSourceBean(name), HikariDataSource.class);
				assertThat(pool.getPoolName()).isEqualTo(name);
			}
			QualifiedClient client = context.getBean(QualifiedClient.class);
			assertThat(client.dataSource).isSameAs(context.getBean("MUSIC_CATALOGDataSource"));
			assertThat(client.entityManagerFactory.getName()).isEqualTo("MUSIC_CATALOG");
		});
	}

	private static List<String> texts(AssertableApplicationContext context, String name) {
		DataSource dataSource = context.getBean(PhiloDatabasesRegistrar.dataSourceBean(name), DataSource.class);
		return new JdbcTemplate(dataSource).queryForList("select text from note order by id", String.class);
	}

	interface NoteService {

		void save(String text, boolean fail);

	}

	@Configuration(proxyBeanMethods = false)
	static class NoteServices {

		@Bean
		NoteService catalogNotes() {
			return new CatalogNoteService();
		}

		@Bean
		NoteService defaultNotes() {
			return new DefaultNoteService();
		}

		@Bean
		QualifiedClient qualifiedClient(@Qualifier("MUSIC_CATALOG") DataSource dataSource,
				@Qualifier("MUSIC_CATALOG") EntityManagerFactory entityManagerFactory) {
			return new QualifiedClient(dataSource, entityManagerFactory);
		}

	}

	record QualifiedClient(DataSource dataSource, EntityManagerFactory entityManagerFactory) {
	}

	static class CatalogNoteService implements NoteService {

		@PersistenceContext(unitName = "MUSIC_CATALOG")
		private EntityManager entityManager;

		@Override
		@Transactional("MUSIC_CATALOG")
		public void save(String text, boolean fail) {
			this.entityManager.persist(new Note(text));
			this.entityManager.flush();
			if (fail) {
				throw new IllegalStateException("failing after the flush");
			}
		}

	}

	static class DefaultNoteService implements NoteService {

		@PersistenceContext
		private EntityManager entityManager;

		@Override
		@Transactional
		public void save(String text, boolean fail) {
			this.entityManager.persist(new Note(text));
		}

	}

}
