package io.philo.orm.autoconfigure;

import java.util.Map;

import io.philo.orm.hibernate.PhiloPostgreSQLDialect;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What Spring's AOT processing needs of philo-orm's beans. (The sample app is processed and
 * started with {@code spring.aot.enabled} by {@code .ci/aot-start}.)
 */
class AheadOfTimeTests {

	@Test
	void connectionBeansAreMadeByFactoryMethodsNotInstanceSuppliers() {
		PhiloOrmContextRunner.create()
			.withPropertyValues(PhiloOrmContextRunner.connection("DEFAULT"))
			.withPropertyValues(PhiloOrmContextRunner.connection("MUSIC_CATALOG"))
			.run((context) -> {
				for (String name : new String[] { "philoDatabases", "dataSource", "MUSIC_CATALOGDataSource", "philoSessionFactory",
						"entityManagerFactory", "MUSIC_CATALOGEntityManagerFactory", "transactionManager",
						"MUSIC_CATALOGTransactionManager" }) {
					RootBeanDefinition definition = (RootBeanDefinition) context.getBeanFactory().getMergedBeanDefinition(name);
					assertThat(definition.getInstanceSupplier()).as(name).isNull();
					assertThat(definition.getFactoryMethodName()).as(name).isNotNull();
				}
			});
	}

	@Test
	void startingWithOtherConnectionsThanTheProcessedOnesFailsNamingBoth() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("philo.databases.postgresql.DEFAULT", "embedded")));
		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> ConnectionBeans.databases("DEFAULT,ARCHIVE", environment))
			.withMessageContaining("processed ahead of time (Spring AOT) with the connections [DEFAULT,ARCHIVE]")
			.withMessageContaining("now names [DEFAULT]");
		assertThat(ConnectionBeans.databases("DEFAULT", environment).names()).containsExactly("DEFAULT");
	}

	@Test
	void hibernatesReflectiveClassesHaveRuntimeHints() {
		RuntimeHints hints = new RuntimeHints();
		new PhiloOrmRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onType(PhiloPostgreSQLDialect.class)).accepts(hints);
	}

}
