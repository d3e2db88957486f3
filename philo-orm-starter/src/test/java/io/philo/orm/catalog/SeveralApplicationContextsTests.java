package io.philo.orm.catalog;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.pool.PoolScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestContextManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * One JVM, several application contexts, each with databases of its own (issue 11, rule 5): the
 * static API ({@code Genre.objects}, {@code PoolRegistry.get()}) reaches the context of the running
 * test, or of the current {@link PoolScope}; when it cannot tell, it says so, naming the contexts.
 * This class is no Spring test itself: it runs the tests of Spring test classes through the
 * TestContext framework, as JUnit runs them, so that Spring's context cache holds both contexts.
 */
class SeveralApplicationContextsTests {

	@AfterAll
	static void closeCachedContexts() {
		for (Class<?> testClass : new Class<?>[] { TestOfCatalogA.class, TestOfCatalogB.class }) {
			new TestContextManager(testClass).getTestContext().markApplicationContextDirty(null);
		}
	}

	@Test
	void testContextsUsedAlternatelyEachReachTheirOwnDatabase() throws Exception {
		runTestOf(TestOfCatalogA.class, (pool) -> {
			replaceGenres(pool, "only in A");
			return null;
		});
		runTestOf(TestOfCatalogB.class, (pool) -> {
			replaceGenres(pool, "only in B", "also only in B");
			return null;
		});
		// A's test runs after B's context started: before issue 11 the static API reached B, the last one started
		long countedInA = runTestOf(TestOfCatalogA.class, (pool) -> Genre.objects.count());
		long countedInB = runTestOf(TestOfCatalogB.class, (pool) -> Genre.objects.count());
		List<Genre> listedInA = runTestOf(TestOfCatalogA.class, (pool) -> Genre.objects.all().list());
		assertThat(countedInA).isEqualTo(1);
		assertThat(countedInB).isEqualTo(2);
		assertThat(listedInA).extracting(Genre::getName).containsExactly("only in A");
	}

	@Test
	void withSeveralRunningAndNoScopeOrRunningTestOfOneTheStaticApiNamesThem() throws Exception {
		runTestOf(TestOfCatalogA.class, (pool) -> null);
		runTestOf(TestOfCatalogB.class, (pool) -> null);
		// both test classes are over, both contexts running in Spring's cache; this thread is in no scope
		assertThatIllegalStateException().isThrownBy(PoolRegistry::get)
			.withMessageContaining("catalog-a")
			.withMessageContaining("catalog-b")
			.withMessageContaining("pool.scope()");
		assertThatIllegalStateException().isThrownBy(Genre.objects::count).withMessageContaining("catalog-a");
	}

	@Test
	void eachScopeReachesItsOwnApplication() throws Exception {
		try (ConfigurableApplicationContext a = startApplication("scoped-a");
				ConfigurableApplicationContext b = startApplication("scoped-b")) {
			PoolRegistry poolA = a.getBean(PoolRegistry.class);
			PoolRegistry poolB = b.getBean(PoolRegistry.class);
			inScope(poolA, () -> replaceGenres(poolA, "only in A"));
			inScope(poolB, () -> replaceGenres(poolB, "only in B", "also only in B"));
			long countedInA = inScope(poolA, Genre.objects::count);
			long countedInB = inScope(poolB, Genre.objects::count);
			// a scope inside another: the inner one's application until it closes, then the outer one's again
			long[] countedInBThenA = inScope(poolA, () -> new long[] { inScope(poolB, Genre.objects::count), Genre.objects.count() });
			assertThat(countedInA).isEqualTo(1);
			assertThat(countedInB).isEqualTo(2);
			assertThat(countedInBThenA).containsExactly(2, 1);
		}
	}

	/** Empties the genre table, then adds and commits these genres, through the static API. */
	private static Void replaceGenres(PoolRegistry pool, String... names) {
		assertThat(PoolRegistry.get()).isSameAs(pool);
		new JdbcTemplate(pool.dataSource("DEFAULT")).execute("TRUNCATE genre CASCADE");
		for (String name : names) {
			new Genre(name, "added through the static API").add();
		}
		PoolRegistry.get().commit();
		return null;
	}

	/**
	 * Runs the body as the one test of a Spring test class, through the TestContext framework's
	 * lifecycle, then ends this thread's units of work as a test harness does.
	 */
	private static <T> T runTestOf(Class<?> testClass, Function<PoolRegistry, T> body) throws Exception {
		TestContextManager manager = new TestContextManager(testClass);
		Object instance = testClass.getDeclaredConstructor().newInstance();
		Method test = testClass.getDeclaredMethod("test");
		manager.beforeTestClass();
		manager.prepareTestInstance(instance);
		manager.beforeTestMethod(instance, test);
		PoolRegistry pool = manager.getTestContext().getApplicationContext().getBean(PoolRegistry.class);
		Throwable failure = null;
		try {
			return body.apply(pool);
		}
		catch (RuntimeException | Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			pool.close();
			manager.afterTestMethod(instance, test, failure);
			manager.afterTestClass();
		}
	}

	private static <T> T inScope(PoolRegistry pool, Callable<T> work) throws Exception {
		try (PoolScope scope = pool.scope()) {
			return work.call();
		}
	}

	private static ConfigurableApplicationContext startApplication(String name) {
		return new SpringApplicationBuilder(CatalogTestApplication.class).web(WebApplicationType.NONE)
			.properties("spring.application.name=" + name)
			.run();
	}

	/** Two Spring test classes of the catalog with different configurations: Spring's context cache holds a context for each. */
	@SpringBootTest(classes = CatalogTestApplication.class, properties = "spring.application.name=catalog-a")
	static class TestOfCatalogA {

		void test() {
		}

	}

	@SpringBootTest(classes = CatalogTestApplication.class, properties = "spring.application.name=catalog-b")
	static class TestOfCatalogB {

		void test() {
		}

	}

}
