package io.philo.sample.songs;

import io.philo.orm.BaseModel;
import io.philo.orm.Database;
import io.philo.orm.Manager;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * A song, in the MUSIC_CATALOG database: it refers to its album (in DEFAULT) by id only, as rows
 * of two databases cannot share a foreign key. A title appears once per album.
 */
@Entity
@Table(name = "song", uniqueConstraints = @UniqueConstraint(name = "uq_song_album_id_title", columnNames = { "album_id", "title" }))
@Database("MUSIC_CATALOG")
public class Song extends BaseModel {

	public static final Manager<Song> objects = Manager.of(Song.class);

	@Column(name = "album_id", nullable = false)
	private Long albumId;

	@Column(length = 256, nullable = false)
	private String title;

	@Column(name = "duration_seconds", nullable = false)
	private int durationSeconds;

	@Column(name = "play_count", nullable = false)
	private long playCount;

	protected Song() {
	}

	public Song(Long albumId, String title, int durationSeconds) {
		this.albumId = albumId;
		this.title = title;
		this.durationSeconds = durationSeconds;
	}

	public Long getAlbumId() {
		return this.albumId;
	}

	public void setAlbumId(Long albumId) {
		this.albumId = albumId;
	}

	public String getTitle() {
		return this.title;
	}

	public void setTitle(String title) {
		this.title = title;
	}

	public int getDurationSeconds() {
		return this.durationSeconds;
	}

	public void setDurationSeconds(int durationSeconds) {
		this.durationSeconds = durationSeconds;
	}

	public long getPlayCount() {
		return this.playCount;
	}

	public void play() {
		this.playCount++;
	}

}
