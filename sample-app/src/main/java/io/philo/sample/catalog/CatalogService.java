package io.philo.sample.catalog;

import java.util.List;

import io.philo.orm.pool.PoolRegistry;
import io.philo.sample.songs.Song;
import io.philo.sample.web.BadRequestException;

import org.springframework.stereotype.Service;

/**
 * The catalog in Flask-Philo's style: objects {@code add()} / {@code update()} / {@code delete()}
 * themselves, and the service commits each unit of work with the pool. What a request leaves
 * uncommitted (because it failed) is rolled back when the request ends.
 */
@Service
public class CatalogService {

	private final PoolRegistry pool;

	public CatalogService(PoolRegistry pool) {
		this.pool = pool;
	}

	public Genre createGenre(String name, String description) {
		Genre genre = new Genre(BadRequestException.requireText(name, "name"), description);
		genre.add();
		this.pool.commit();
		return genre;
	}

	public Genre updateGenre(long id, String name, String description) {
		Genre genre = Genre.objects.get(id);
		if (name != null) {
			genre.setName(BadRequestException.requireText(name, "name"));
		}
		if (description != null) {
			genre.setDescription(description);
		}
		genre.update();
		this.pool.commit();
		return genre;
	}

	public void deleteGenre(long id) {
		Genre.objects.get(id).delete();
		this.pool.commit();
	}

	public Artist createArtist(Long genreId, String name, String description) {
		Artist artist = new Artist(existingGenre(genreId), BadRequestException.requireText(name, "name"), description);
		artist.add();
		this.pool.commit();
		return artist;
	}

	public Artist updateArtist(long id, Long genreId, String name, String description) {
		Artist artist = Artist.objects.get(id);
		if (genreId != null) {
			artist.setGenreId(existingGenre(genreId));
		}
		if (name != null) {
			artist.setName(BadRequestException.requireText(name, "name"));
		}
		if (description != null) {
			artist.setDescription(description);
		}
		artist.update();
		this.pool.commit();
		return artist;
	}

	public void deleteArtist(long id) {
		Artist.objects.get(id).delete();
		this.pool.commit();
	}

	/**
	 * Adds an album (DEFAULT) with its songs (MUSIC_CATALOG): both databases commit, or — if any
	 * song fails — neither does.
	 */
	public Album createAlbum(Long artistId, String name, String description, List<NewSong> songs) {
		Album album = new Album(existingArtist(artistId), BadRequestException.requireText(name, "name"), description);
		album.add();
		if (songs != null) {
			for (NewSong song : songs) {
				new Song(album.getId(), BadRequestException.requireText(song.title(), "songs.title"),
						BadRequestException.require(song.durationSeconds(), "songs.durationSeconds"))
					.add();
			}
		}
		this.pool.commit("MUSIC_CATALOG");
		this.pool.commit();
		return album;
	}

	public Album updateAlbum(long id, Long artistId, String name, String description) {
		Album album = Album.objects.get(id);
		if (artistId != null) {
			album.setArtistId(existingArtist(artistId));
		}
		if (name != null) {
			album.setName(BadRequestException.requireText(name, "name"));
		}
		if (description != null) {
			album.setDescription(description);
		}
		album.update();
		this.pool.commit();
		return album;
	}

	/** Deletes an album and its songs, on both databases. */
	public void deleteAlbum(long id) {
		Album.objects.get(id).delete();
		Song.objects.filterBy("albumId", id).delete();
		this.pool.commit("MUSIC_CATALOG");
		this.pool.commit();
	}

	private static Long existingGenre(Long genreId) {
		if (!Genre.objects.filterBy("id", BadRequestException.require(genreId, "genreId")).exists()) {
			throw new BadRequestException("genreId", "no genre has the id " + genreId);
		}
		return genreId;
	}

	private static Long existingArtist(Long artistId) {
		if (!Artist.objects.filterBy("id", BadRequestException.require(artistId, "artistId")).exists()) {
			throw new BadRequestException("artistId", "no artist has the id " + artistId);
		}
		return artistId;
	}

	/** A song given with a new album. */
	public record NewSong(String title, Integer durationSeconds) {
	}

}
