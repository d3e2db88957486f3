package io.philo.orm.catalog;

import java.util.ArrayList;
import java.util.List;

import io.philo.orm.BaseModel;
import io.philo.orm.Manager;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

@Entity
@Table(name = "artist")
public class Artist extends BaseModel {

	public static final Manager<Artist> objects = Manager.of(Artist.class);

	@Column(length = 256)
	private String name;

	@Column(length = 256)
	private String description;

	@Column(name = "genre_id")
	private Long genreId;

	@ManyToOne
	@JoinColumn(name = "genre_id", insertable = false, updatable = false)
	private Genre genre;

	@OneToMany(mappedBy = "artist")
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

	public String getDescription() {
		return this.description;
	}

	public void setDescription(String description) {
		this.description = description;
	}

	public Long getGenreId() {
		return this.genreId;
	}

	public Genre getGenre() {
		return this.genre;
	}

	public List<Album> getAlbums() {
		return this.albums;
	}

}
