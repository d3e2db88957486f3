package io.philo.orm.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.philo.orm.connection.ConnectionSettings;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Binds Spring Data JPA repositories to a connection: the repositories of the packages named by
 * {@code philo.databases.postgresql.<NAME>.repositories.base-packages} use that connection's
 * EntityManagerFactory and transaction manager instead of DEFAULT's. Spring Data registers every
 * repository of the application as usual; this rewires the definitions of the bound ones before
 * any is created.
 */
class RepositoryConnections implements BeanDefinitionRegistryPostProcessor {

	private static final String REPOSITORY_FACTORY = "org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean";

	private final Environment environment;

	RepositoryConnections(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		Map<String, ConnectionSettings> connections = ConnectionSettingsReader.read(this.environment);
		for (String beanName : registry.getBeanDefinitionNames()) {
			BeanDefinition definition = registry.getBeanDefinition(beanName);
			String repository = repositoryInterface(definition);
			if (repository == null) {
				continue;
			}
			for (ConnectionSettings connection : connections.values()) {
				if (isIn(repository, basePackages(connection))) {
					bind(definition, connection.name());
				}
			}
		}
	}

	private static String repositoryInterface(BeanDefinition definition) {
		if (!REPOSITORY_FACTORY.equals(definition.getBeanClassName())) {
			return null;
		}
		ValueHolder argument = definition.getConstructorArgumentValues().getIndexedArgumentValue(0, null);
		return (argument != null && argument.getValue() != null) ? argument.getValue().toString() : null;
	}

	private static List<String> basePackages(ConnectionSettings connection) {
		String packages = connection.repositories().getOrDefault("base-packages", "");
		List<String> names = new ArrayList<>();
		for (String name : StringUtils.commaDelimitedListToStringArray(packages)) {
			if (!name.isBlank()) {
				names.add(name.trim());
			}
		}
		return names;
	}

	private static boolean isIn(String type, List<String> packages) {
		return packages.stream().anyMatch((name) -> type.startsWith(name + "."));
	}

	private static void bind(BeanDefinition repository, String connection) {
		BeanDefinition entityManager = BeanDefinitionBuilder
			.rootBeanDefinition("org.springframework.orm.jpa.SharedEntityManagerCreator")
			.setFactoryMethod("createSharedEntityManager")
			.addConstructorArgValue(new RuntimeBeanReference(PhiloDatabasesRegistrar.entityManagerFactoryBean(connection)))
			.getBeanDefinition();
		repository.getPropertyValues().add("entityManager", entityManager);
		repository.getPropertyValues().add("transactionManager", PhiloDatabasesRegistrar.transactionManagerBean(connection));
	}

}
