package io.philo.orm.hibernate;

import java.util.List;
import java.util.stream.Collectors;

import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.ImplicitForeignKeyNameSource;
import org.hibernate.boot.model.naming.ImplicitIndexNameSource;
import org.hibernate.boot.model.naming.ImplicitUniqueKeyNameSource;

import org.springframework.boot.hibernate.SpringImplicitNamingStrategy;

/**
 * Names constraints as Flask-Philo's naming convention does: {@code fk_<table>_<column>_<referred table>},
 * {@code uq_<table>_<column>}, {@code ix_<table>_<column>}. Primary keys ({@code pk_<table>}) are
 * named by {@link PhiloPostgreSQLDialect}, as Hibernate's naming strategies have no method for them.
 */
public class PhiloImplicitNamingStrategy extends SpringImplicitNamingStrategy {

	@Override
	public Identifier determineForeignKeyName(ImplicitForeignKeyNameSource source) {
		if (source.getUserProvidedIdentifier() != null) {
			return source.getUserProvidedIdentifier();
		}
		return name("fk", source.getTableName(), source.getColumnNames(), source.getReferencedTableName(), source);
	}

	@Override
	public Identifier determineUniqueKeyName(ImplicitUniqueKeyNameSource source) {
		if (source.getUserProvidedIdentifier() != null) {
			return source.getUserProvidedIdentifier();
		}
		return name("uq", source.getTableName(), source.getColumnNames(), null, source);
	}

	@Override
	public Identifier determineIndexName(ImplicitIndexNameSource source) {
		if (source.getUserProvidedIdentifier() != null) {
			return source.getUserProvidedIdentifier();
		}
		return name("ix", source.getTableName(), source.getColumnNames(), null, source);
	}

	private Identifier name(String kind, Identifier table, List<Identifier> columns, Identifier referred,
			org.hibernate.boot.model.naming.ImplicitNameSource source) {
		String name = kind + "_" + table.getText() + "_"
				+ columns.stream().map(Identifier::getText).collect(Collectors.joining("_"))
				+ ((referred != null) ? "_" + referred.getText() : "");
		return toIdentifier(name, source.getBuildingContext());
	}

}
