package io.philo.reliability;

import io.philo.orm.BaseModel;
import io.philo.orm.Manager;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One row per unit of work that committed on a database (used on both). */
@Entity
@Table(name = "ledger")
public class Ledger extends BaseModel {

	public static final Manager<Ledger> objects = Manager.of(Ledger.class);

	@Column(name = "unit_id", nullable = false, unique = true)
	private long unitId;

	@Column(length = 256)
	private String note;

	protected Ledger() {
	}

	public Ledger(long unitId, String note) {
		this.unitId = unitId;
		this.note = note;
	}

	public long getUnitId() {
		return this.unitId;
	}

	public String getNote() {
		return this.note;
	}

}
