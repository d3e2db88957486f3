package io.philo.reliability;

import io.philo.orm.BaseModel;
import io.philo.orm.Manager;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A shared counter, incremented under {@code getForUpdate}. */
@Entity
@Table(name = "counter")
public class Counter extends BaseModel {

	public static final Manager<Counter> objects = Manager.of(Counter.class);

	@Column(length = 64, nullable = false, unique = true)
	private String name;

	@Column(nullable = false)
	private long hits;

	protected Counter() {
	}

	public Counter(String name) {
		this.name = name;
	}

	public long getHits() {
		return this.hits;
	}

	public void increment() {
		this.hits++;
	}

}
