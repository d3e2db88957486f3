package io.philo.orm.hibernate;

import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.dialect.unique.AlterTableUniqueDelegate;
import org.hibernate.dialect.unique.UniqueDelegate;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.mapping.Table;
import org.hibernate.tool.schema.spi.Exporter;

/**
 * PostgreSQL as Flask-Philo uses it: tables created with named constraints ({@code pk_<table>} here;
 * the others by {@link PhiloImplicitNamingStrategy}), and a write lock that is PostgreSQL's
 * {@code FOR UPDATE} (Hibernate's default is the weaker {@code FOR NO KEY UPDATE}).
 */
public class PhiloPostgreSQLDialect extends PostgreSQLDialect {

	private final Exporter<Table> tableExporter = HibernateAdapter.namedPrimaryKeys(super.getTableExporter());

	// unique constraints as "alter table … add constraint uq_…": written inline, PostgreSQL would name them itself
	private final UniqueDelegate uniqueDelegate = new AlterTableUniqueDelegate(this);

	public PhiloPostgreSQLDialect() {
	}

	public PhiloPostgreSQLDialect(DialectResolutionInfo info) {
		super(info);
	}

	public PhiloPostgreSQLDialect(DatabaseVersion version) {
		super(version);
	}

	@Override
	public Exporter<Table> getTableExporter() {
		return this.tableExporter;
	}

	@Override
	public UniqueDelegate getUniqueDelegate() {
		return this.uniqueDelegate;
	}

	@Override
	public String getForUpdateString() {
		return " for update";
	}

}
