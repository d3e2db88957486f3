package io.philo.orm.catalog;

import java.util.ArrayList;
import java.util.List;

import io.philo.orm.BaseModel;
import io.philo.orm.Manager;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

@Entity
@Table(name = "album")
public class Album extends BaseModel {

	public static final Manager<Album> objects = Manager.of(Album.class);

	@Column(length = 256)
	private String name;

	@Column(length = 256)
	private String description;

	@Column(name = "artist_id")
	private Long artistId;

	@ManyToOne
	@JoinColumn(name = "artist_id", insertable = false, updatable = false)
	private Artist artist;

	@OneToMany(mappedBy = "album")
	private List<Track> tracks = new ArrayList<>();

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

	public String getDescription() {
		return this.description;
	}

	public Long getArtistId() {
		return this.artistId;
	}

	public Artist getArtist() {
		return this.artist;
	}

	public List<Track> getTracks() {
		return this.tracks;
	}

}
