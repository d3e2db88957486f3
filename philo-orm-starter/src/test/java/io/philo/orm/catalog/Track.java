package io.philo.orm.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.philo.orm.BaseModel;
import io.philo.orm.Manager;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A track of an album, uploaded by a user: the query tests' model of numbers, decimals, booleans and dates. */
@Entity
@Table(name = "track")
public class Track extends BaseModel {

	public static final Manager<Track> objects = Manager.of(Track.class);

	@Column(length = 256)
	private String title;

	private Integer number;

	@Column(name = "duration_seconds")
	private int durationSeconds;

	@Column(precision = 6, scale = 2)
	private BigDecimal price;

	private boolean explicit;

	@Column(name = "released_on")
	private LocalDate releasedOn;

	@Column(name = "album_id")
	private Long albumId;

	@ManyToOne
	@JoinColumn(name = "album_id", insertable = false, updatable = false)
	private Album album;

	@Column(name = "uploader_id")
	private Long uploaderId;

	@ManyToOne
	@JoinColumn(name = "uploader_id", insertable = false, updatable = false)
	private User uploader;

	protected Track() {
	}

	public Track(Album album, String title, Integer number, int durationSeconds, String price, LocalDate releasedOn) {
		this.albumId = album.getId();
		this.title = title;
		this.number = number;
		this.durationSeconds = durationSeconds;
		this.price = new BigDecimal(price);
		this.releasedOn = releasedOn;
	}

	public String getTitle() {
		return this.title;
	}

	public Integer getNumber() {
		return this.number;
	}

	public int getDurationSeconds() {
		return this.durationSeconds;
	}

	public BigDecimal getPrice() {
		return this.price;
	}

	public boolean isExplicit() {
		return this.explicit;
	}

	public void setExplicit(boolean explicit) {
		this.explicit = explicit;
	}

	public LocalDate getReleasedOn() {
		return this.releasedOn;
	}

	public Long getAlbumId() {
		return this.albumId;
	}

	public Album getAlbum() {
		return this.album;
	}

	public void setUploaderId(Long uploaderId) {
		this.uploaderId = uploaderId;
	}

	public User getUploader() {
		return this.uploader;
	}

}
