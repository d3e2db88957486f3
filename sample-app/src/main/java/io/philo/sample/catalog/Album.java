package io.philo.sample.catalog;

import io.philo.orm.BaseModel;
import io.philo.orm.Manager;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An album of an artist (DEFAULT). Its songs live in the other database. */
@Entity
@Table(name = "album")
public class Album extends BaseModel {

	public static final Manager<Album> objects = Manager.of(Album.class);

	@Column(length = 256, nullable = false)
	private String name;

	@Column(length = 256)
	private String description;

	@Column(name = "artist_id", nullable = false)
	private Long artistId;

	@ManyToOne
	@JoinColumn(name = "artist_id", insertable = false, updatable = false)
	private Artist artist;

	protected Album() {
	}

	public Album(Long artistId, String name, String description) {
		this.artistId = artistId;
		this.name = name;
		this.description = description;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getDescription() {
		return this.description;
	}

	public void setDescription(String description) {
		this.description = description;
	}

	public Long getArtistId() {
		return this.artistId;
	}

	public void setArtistId(Long artistId) {
		this.artistId = artistId;
	}

	public Artist getArtist() {
		return this.artist;
	}

}
