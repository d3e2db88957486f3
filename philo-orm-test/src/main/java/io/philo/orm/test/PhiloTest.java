package io.philo.orm.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;

/**
 * A Spring Boot test on real PostgreSQL for every connection the application configures, whatever
 * its {@code application.yml} points them at: each connection gets a fresh database of its own on
 * an embedded PostgreSQL (default), a Testcontainers PostgreSQL, or the server named by
 * {@code PHILO_TEST_JDBC_URL} (with {@code PHILO_TEST_USERNAME}, {@code PHILO_TEST_PASSWORD}).
 * Before the first test the tables exist (Flyway migrations run at start-up; without them
 * {@code syncdb} creates every model's table); after each test, this thread's sessions end and, with
 * {@link Cleanup#WIPE}, every table of every database is emptied in one statement per database —
 * Flask-Philo's {@code FlaskTestCase}.
 *
 * <pre>{@code
 * @PhiloTest
 * class CatalogTests {
 *     @Autowired PoolRegistry pool;
 *     @Test void adds() { new Genre("Rock", "…").add(); pool.commit(); assertEquals(1, Genre.objects.count()); }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@ExtendWith(PhiloTestExtension.class)
public @interface PhiloTest {

	/** The application's configuration classes, as {@link SpringBootTest#classes()}. */
	@AliasFor(annotation = SpringBootTest.class, attribute = "classes")
	Class<?>[] classes() default {};

	/** Extra properties, as {@link SpringBootTest#properties()}. */
	@AliasFor(annotation = SpringBootTest.class, attribute = "properties")
	String[] properties() default {};

	/** Where the databases live. */
	Server server() default Server.EMBEDDED;

	/** What happens after each test. */
	Cleanup cleanup() default Cleanup.WIPE;

	/** Where a test's databases live; {@code PHILO_TEST_JDBC_URL}, when set, wins over either. */
	enum Server {

		/** One embedded PostgreSQL (real binaries, from Maven Central) for the test run. */
		EMBEDDED,

		/** One Testcontainers PostgreSQL for the test run; needs Docker. */
		TESTCONTAINERS

	}

	/** What happens to the databases after each test. */
	enum Cleanup {

		/** Every row of every table of every database is deleted (one TRUNCATE per database). */
		WIPE,

		/** Only what the test did not commit is rolled back; committed rows stay. Faster, for tests that never commit. */
		ROLLBACK

	}

}
