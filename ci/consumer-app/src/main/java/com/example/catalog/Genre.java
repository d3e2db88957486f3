package com.example.catalog;

import io.philo.orm.BaseModel;
import io.philo.orm.Manager;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "genre")
public class Genre extends BaseModel {

	public static final Manager<Genre> objects = Manager.of(Genre.class);

	@Column(length = 256, nullable = false, unique = true)
	private String name;

	@Column(length = 256)
	private String description;

	protected Genre() {
	}

	public Genre(String name, String description) {
		this.name = name;
		this.description = description;
	}

	public String getName() {
		return this.name;
	}

	public String getDescription() {
		return this.description;
	}

}
