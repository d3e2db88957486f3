package io.philo.orm.test.app;

import io.philo.orm.BaseModel;
import io.philo.orm.Manager;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "song")
public class Song extends BaseModel {

	public static final Manager<Song> objects = Manager.of(Song.class);

	private String title;

	protected Song() {
	}

	public Song(String title) {
		this.title = title;
	}

	public String getTitle() {
		return this.title;
	}

}
