package io.philo.orm.types;

import io.philo.orm.autoconfigure.PhiloOrmAutoConfiguration;
import io.philo.orm.autoconfigure.PhiloOrmProperties;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/** Applies {@code philo.orm.password-cost} and {@code philo.orm.password-min-length} to new {@link PasswordHash} values. */
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

	@Bean
	static InitializingBean passwordHashMinLength(PhiloOrmProperties properties) {
		int length = properties.getPasswordMinLength();
		// a 73rd character would be the 73rd byte at least: no password could be hashed
		if (length < 1 || length > 72) {
			throw new IllegalArgumentException("philo.orm.password-min-length must be from 1 to 72 (bcrypt reads 72 bytes), not " + length);
		}
		return () -> PasswordHash.useMinLength(length);
	}

}
