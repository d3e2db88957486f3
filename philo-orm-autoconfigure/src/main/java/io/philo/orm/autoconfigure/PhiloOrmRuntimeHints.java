package io.philo.orm.autoconfigure;

import io.philo.orm.hibernate.PhiloImplicitNamingStrategy;
import io.philo.orm.hibernate.PhiloPostgreSQLDialect;
import org.hibernate.boot.model.naming.PhysicalNamingStrategySnakeCaseImpl;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What Hibernate creates by reflection from the class names philo-orm's settings give it (the
 * dialect, the naming strategies), for a native image built from an AOT-processed application.
 */
class PhiloOrmRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		for (Class<?> type : new Class<?>[] { PhiloPostgreSQLDialect.class, PhiloImplicitNamingStrategy.class,
				PhysicalNamingStrategySnakeCaseImpl.class }) {
			hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
		}
	}

}
