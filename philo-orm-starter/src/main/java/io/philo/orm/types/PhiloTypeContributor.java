package io.philo.orm.types;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.boot.model.TypeContributor;
import org.hibernate.service.ServiceRegistry;

/** Registers philo-orm's column types with Hibernate (found through {@code META-INF/services}), so no field needs an annotation. */
public class PhiloTypeContributor implements TypeContributor {

	@Override
	public void contribute(TypeContributions contributions, ServiceRegistry serviceRegistry) {
		contributions.contributeAttributeConverter(PasswordHashConverter.class);
	}

}
