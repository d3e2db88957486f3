package io.philo.orm.types;

import io.philo.orm.autoconfigure.PhiloOrmAutoConfiguration;
import io.philo.orm.autoconfigure.PhiloOrmProperties;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/** Applies {@code philo.orm.password-cost} to new {@link PasswordHash} values. */
@AutoConfiguration(after = PhiloOrmAutoConfiguration.class)
@ConditionalOnBean(PhiloOrmProperties.class)
public class PasswordHashAutoConfiguration {

	@Bean
	static InitializingBean passwordHashCost(PhiloOrmProperties properties) {
		int cost = properties.getPasswordCost();
		if (cost < 4 || cost > 31) {
			throw new IllegalArgumentException("philo.orm.password-cost must be from 4 to 31 (bcrypt log rounds), not " + cost);
		}
		return () -> PasswordHash.useCost(cost);
	}

}
