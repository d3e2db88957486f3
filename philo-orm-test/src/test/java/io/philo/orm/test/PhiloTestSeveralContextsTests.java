package io.philo.orm.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.test.app.Song;
import io.philo.orm.test.app.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Spring's context cache holds one context per configuration, all running: @PhiloTest classes of
 * two configurations, run one after the other and back, each reach their own context's databases
 * through the static model API ({@code Song.objects}), never the other's.
 */
class PhiloTestSeveralContextsTests {

	/** The registries the static API reached, as each test class saw them. */
	private static final List<String> seen = Collections.synchronizedList(new ArrayList<>());

	@Test
	void eachTestClassUsesItsOwnContextWhileTheOtherStaysCached() {
		run(FirstConfiguration.class);
		run(SecondConfiguration.class);
		run(FirstConfiguration.class);
		assertThat(seen).containsExactly("first: own", "second: own", "first: own");
	}

	private static void run(Class<?> testClass) {
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		LauncherFactory.create().execute(request().selectors(selectClass(testClass)).build(), listener);
		TestExecutionSummary summary = listener.getSummary();
		assertThat(summary.getTestsSucceededCount()).as("tests of %s that succeeded: %s", testClass.getSimpleName(),
				summary.getFailures().stream().map((failure) -> failure.getException().toString()).toList())
			.isEqualTo(1);
	}

	/** Adds a song through the static API, and checks that it went to this context's database alone. */
	static void addsThroughTheStaticApi(String name, PoolRegistry own) {
		assertThat(PoolRegistry.get()).isSameAs(own);
		long before = Song.objects.count();
		new Song(name).add();
		own.commit();
		assertThat(Song.objects.count()).isEqualTo(before + 1);
		assertThat(Song.objects.filterBy("title", name).exists()).isTrue();
		seen.add(name + ": " + ((PoolRegistry.get() == own) ? "own" : "another context's"));
	}

	@PhiloTest(classes = TestApplication.class, properties = "philo.test.configuration=first")
	static class FirstConfiguration {

		@Autowired
		private PoolRegistry pool;

		@Test
		void addsToItsOwnDatabase() {
			addsThroughTheStaticApi("first", this.pool);
		}

	}

	@PhiloTest(classes = TestApplication.class, properties = "philo.test.configuration=second")
	static class SecondConfiguration {

		@Autowired
		private PoolRegistry pool;

		@Test
		void addsToItsOwnDatabase() {
			addsThroughTheStaticApi("second", this.pool);
		}

	}

}
