package io.philo.bench;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Scenario 6, run in a fresh JVM by {@link BenchmarkRunner}: starts the application with one
 * connection per JDBC URL given (DEFAULT, DB1, DB2, …) and prints
 * {@code <milliseconds to a started context> <heap bytes in use after GC>}.
 */
public final class StartupProbe {

	private StartupProbe() {
	}

	public static void main(String[] urls) throws Exception {
		List<String> properties = new ArrayList<>(List.of("spring.main.banner-mode=off", "logging.level.root=WARN",
				"spring.jpa.open-in-view=false"));
		for (int i = 0; i < urls.length; i++) {
			properties.add("philo.databases.postgresql." + ((i == 0) ? "DEFAULT" : "DB" + i) + "=" + urls[i]);
		}
		long start = System.nanoTime();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchApplication.class)
			.web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
		long millis = (System.nanoTime() - start) / 1_000_000;
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(50);
		}
		Runtime runtime = Runtime.getRuntime();
		long heap = runtime.totalMemory() - runtime.freeMemory();
		System.out.println("STARTUP " + millis + " " + heap);
		context.close();
	}

}
