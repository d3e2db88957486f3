package io.philo.sample.catalog;

import java.util.ArrayList;
import java.util.List;

import io.philo.orm.BaseModel;
import io.philo.orm.Manager;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

/** An artist of a genre (DEFAULT), with its albums. */
@Entity
@Table(name = "artist")
public class Artist extends BaseModel {

	public static final Manager<Artist> objects = Manager.of(Artist.class);

	@Column(length = 256, nullable = false)
	private String name;

	@Column(length = 256)
	private String description;

	@Column(name = "genre_id", nullable = false)
	private Long genreId;

	@ManyToOne
	@JoinColumn(name = "genre_id", insertable = false, updatable = false)
	private Genre genre;

	@OneToMany(mappedBy = "artist")
	@OrderBy("id")
	private List<Album> albums = new ArrayList<>();

	protected Artist() {
	}

	public Artist(Long genreId, String name, String description) {
		this.genreId = genreId;
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

	public Long getGenreId() {
		return this.genreId;
	}

	public void setGenreId(Long genreId) {
		this.genreId = genreId;
	}

	public Genre getGenre() {
		return this.genre;
	}

	public List<Album> getAlbums() {
		return this.albums;
	}

}
