package io.philo.orm.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings that apply to every database: {@code philo.orm.*}. */
@ConfigurationProperties("philo.orm")
public class PhiloOrmProperties {

	/**
	 * What to do to each database's schema at start-up, unless the connection sets its own
	 * {@code ddl-auto}: none, validate, update, create or create-drop.
	 */
	private String ddlAuto = DdlAuto.NONE.value();

	public String getDdlAuto() {
		return this.ddlAuto;
	}

	public void setDdlAuto(String ddlAuto) {
		this.ddlAuto = ddlAuto;
	}

}
