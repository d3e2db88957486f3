package io.philo.orm.types;

import io.philo.orm.autoconfigure.PhiloOrmProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Every password PasswordHash.of accepts can be matched again, and only by itself. */
class PasswordHashTests {

	// the cost of the test configuration (application.yml), which the runner's contexts set again
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class)
		.withConfiguration(AutoConfigurations.of(PasswordHashAutoConfiguration.class))
		.withPropertyValues("philo.orm.password-cost=4");

	@BeforeEach
	void cheapHashes() {
		PasswordHash.useCost(4);
	}

	@AfterEach
	void defaultMinLength() {
		PasswordHash.useMinLength(1);
	}

	@Test
	void anEmptyPasswordIsRefusedAsNoOneCouldLogInWithIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> PasswordHash.of("")).withMessage("A password cannot be empty");
		assertThat(PasswordHash.of("1").matches("1")).isTrue();
	}

	@Test
	void aPasswordShorterThanTheMinimumIsRefusedCountingCharactersNotBytesOrUtf16Units() {
		PasswordHash.useMinLength(8);
		assertThatIllegalArgumentException().isThrownBy(() -> PasswordHash.of("secret7"))
			.withMessage("A password needs at least 8 characters (philo.orm.password-min-length), this one has 7");
		assertThatIllegalArgumentException().isThrownBy(() -> PasswordHash.of("🔑".repeat(7)))
			.withMessageEndingWith("this one has 7");
		assertThat(PasswordHash.of("secret78").matches("secret78")).isTrue();
		assertThat(PasswordHash.of("🔑".repeat(8)).matches("🔑".repeat(8))).isTrue();
	}

	@Test
	void aPasswordLongerThan72BytesIsRefusedAsBcryptWouldIgnoreTheRest() {
		String longest = "x".repeat(72);
		PasswordHash hash = PasswordHash.of(longest);
		assertThat(hash.matches(longest)).isTrue();
		assertThat(hash.matches("x".repeat(71))).isFalse();
		// the documented limit: a candidate is read as bcrypt reads it, so hashes made elsewhere of longer passwords still match
		assertThat(hash.matches(longest + "y")).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> PasswordHash.of(longest + "y"))
			.withMessage("A password can have at most 72 bytes in UTF-8 (bcrypt ignores the rest), this one has 73");
		// 37 characters, 74 bytes
		assertThatIllegalArgumentException().isThrownBy(() -> PasswordHash.of("é".repeat(37)))
			.withMessageEndingWith("this one has 74")
			.withMessageNotContaining("é");
	}

	@Test
	void theMinimumLengthIsConfigured() {
		this.runner.withPropertyValues("philo.orm.password-min-length=12").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThatIllegalArgumentException().isThrownBy(() -> PasswordHash.of("eleven char"))
				.withMessageContaining("at least 12 characters");
			assertThat(PasswordHash.of("twelve chars").matches("twelve chars")).isTrue();
		});
	}

	@Test
	void aMinimumLengthNoPasswordCouldMeetFailsTheStart() {
		for (String length : new String[] { "0", "73" }) {
			this.runner.withPropertyValues("philo.orm.password-min-length=" + length)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessage("philo.orm.password-min-length must be from 1 to 72 (bcrypt reads 72 bytes), not " + length));
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PhiloOrmProperties.class)
	static class Properties {

	}

}
