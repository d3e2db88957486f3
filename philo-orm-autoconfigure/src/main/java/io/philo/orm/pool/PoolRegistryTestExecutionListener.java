package io.philo.orm.pool;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * In tests, makes the static API ({@code Model.objects}, {@link PoolRegistry#get()}) reach the
 * application context of the running test, whichever others Spring's test context cache holds.
 * Registered in {@code META-INF/spring.factories}, so every Spring test gets it. Test classes run one
 * at a time here; with parallel test classes, use {@link PoolRegistry#scope()} in each.
 */
public class PoolRegistryTestExecutionListener implements TestExecutionListener, Ordered {

	@Override
	public void prepareTestInstance(TestContext testContext) {
		select(testContext);
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		select(testContext);
	}

	/** After the class, no test is running: code outside tests (another context's threads) must not reach this one silently. */
	@Override
	public void afterTestClass(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			PoolRegistry registry = testContext.getApplicationContext().getBeanProvider(PoolRegistry.class).getIfUnique();
			if (registry != null) {
				PoolRegistry.deselectForTests(registry);
			}
		}
	}

	private static void select(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			PoolRegistry registry = testContext.getApplicationContext().getBeanProvider(PoolRegistry.class).getIfUnique();
			if (registry != null) {
				PoolRegistry.selectForTests(registry);
			}
		}
	}

	/** After dependency injection (2000), which loads the context; before transactional tests begin theirs. */
	@Override
	public int getOrder() {
		return 2100;
	}

}
