package io.philo.bench;

import io.philo.orm.BaseModel;
import io.philo.orm.Manager;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** The benchmarks' model: a row with a category (100 rows each in the read data set) and a name. */
@Entity
@Table(name = "bench_item", indexes = @Index(columnList = "category"))
public class BenchItem extends BaseModel {

	public static final Manager<BenchItem> objects = Manager.of(BenchItem.class);

	@Column(nullable = false)
	private int category;

	@Column(length = 64, nullable = false)
	private String name;

	protected BenchItem() {
	}

	public BenchItem(int category, String name) {
		this.category = category;
		this.name = name;
	}

	public int getCategory() {
		return this.category;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

}
