package io.philo.orm.types;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link PasswordHash} as its bcrypt text; applied to every field of that type. */
@Converter(autoApply = true)
public class PasswordHashConverter implements AttributeConverter<PasswordHash, String> {

	@Override
	public String convertToDatabaseColumn(PasswordHash password) {
		return (password != null) ? password.hash() : null;
	}

	@Override
	public PasswordHash convertToEntityAttribute(String hash) {
		return (hash != null) ? PasswordHash.fromHash(hash) : null;
	}

}
