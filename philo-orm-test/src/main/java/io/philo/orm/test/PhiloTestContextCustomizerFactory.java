package io.philo.orm.test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.philo.orm.autoconfigure.PhiloDatabasesProperties;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Points every configured connection of a {@link PhiloTest} at a fresh database of a real test server. */
class PhiloTestContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
		var annotation = MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY).get(PhiloTest.class);
		return annotation.isPresent() ? new TestDatabasesCustomizer(annotation.getEnum("server", PhiloTest.Server.class)) : null;
	}

	/** Equal for equal servers, so that Spring's test context cache shares contexts as usual. */
	private record TestDatabasesCustomizer(PhiloTest.Server server) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
			ConfigurableEnvironment environment = context.getEnvironment();
			List<String> names = PhiloDatabasesProperties.configuredNames(environment);
			List<String> replicated = PhiloDatabasesProperties.namesWithReplicas(environment);
			// an application with replicas is tested against a real standby where the embedded server runs
			TestDatabases.Admin standby = (!replicated.isEmpty() && this.server == PhiloTest.Server.EMBEDDED) ? TestDatabases.replicated() : null;
			TestDatabases.Admin server = (standby != null) ? standby : TestDatabases.server(this.server);
			Map<String, Object> properties = new HashMap<>();
			for (String name : names.isEmpty() ? List.of("DEFAULT") : names) {
				String prefix = "philo.databases.postgresql." + name + ".";
				String url = server.createDatabase(name);
				properties.put(prefix + "url", url);
				properties.put(prefix + "username", server.username());
				properties.put(prefix + "password", (server.password() != null) ? server.password() : "");
				if (replicated.contains(name)) {
					// one standby for the application's replicas; none on a server without one
					properties.put(prefix + "replicas", (standby != null) ? standby.onStandby(url) : "");
				}
			}
			environment.getPropertySources().addFirst(new MapPropertySource("philoTestDatabases", properties));
		}

	}

}
