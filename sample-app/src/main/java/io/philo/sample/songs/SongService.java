package io.philo.sample.songs;

import java.util.List;

import io.philo.sample.catalog.Album;
import io.philo.sample.web.BadRequestException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Songs in Spring's style: each method is a transaction on MUSIC_CATALOG, and the model API joins it
 * (no {@code pool.commit} here — Spring commits when the method returns, rolls back when it throws).
 */
@Service
@Transactional("MUSIC_CATALOG")
public class SongService {

	public Song create(Long albumId, String title, Integer durationSeconds) {
		Song song = new Song(existingAlbum(albumId), BadRequestException.requireText(title, "title"),
				positive(BadRequestException.require(durationSeconds, "durationSeconds")));
		song.add();
		return song;
	}

	public Song update(long id, Long albumId, String title, Integer durationSeconds) {
		Song song = Song.objects.get(id);
		if (albumId != null) {
			song.setAlbumId(existingAlbum(albumId));
		}
		if (title != null) {
			song.setTitle(BadRequestException.requireText(title, "title"));
		}
		if (durationSeconds != null) {
			song.setDurationSeconds(positive(durationSeconds));
		}
		song.update();
		return song;
	}

	public void delete(long id) {
		Song.objects.get(id).delete();
	}

	/** One more play, counted under a row lock so that concurrent plays are all counted. */
	public Song play(long id) {
		Song song = Song.objects.getForUpdate(id);
		song.play();
		song.update();
		return song;
	}

	@Transactional(value = "MUSIC_CATALOG", readOnly = true)
	public List<Song> ofAlbum(long albumId) {
		return Song.objects.filterBy("albumId", albumId).list();
	}

	private static Long existingAlbum(Long albumId) {
		if (!Album.objects.filterBy("id", BadRequestException.require(albumId, "albumId")).exists()) {
			throw new BadRequestException("albumId", "no album has the id " + albumId);
		}
		return albumId;
	}

	private static int positive(int durationSeconds) {
		if (durationSeconds <= 0) {
			throw new BadRequestException("durationSeconds", "must be a positive number of seconds");
		}
		return durationSeconds;
	}

}
