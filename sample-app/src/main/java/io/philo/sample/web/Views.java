package io.philo.sample.web;

import java.time.OffsetDateTime;

import io.philo.sample.catalog.Album;
import io.philo.sample.catalog.Artist;
import io.philo.sample.catalog.Genre;
import io.philo.sample.songs.Song;

/** What the API shows of each model. */
final class Views {

	private Views() {
	}

	record GenreView(Long id, String name, String description, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

		static GenreView of(Genre genre) {
			return new GenreView(genre.getId(), genre.getName(), genre.getDescription(), genre.getCreatedAt(), genre.getUpdatedAt());
		}

	}

	record ArtistView(Long id, String name, String description, Long genreId, String genre, int albums) {

		static ArtistView of(Artist artist) {
			return new ArtistView(artist.getId(), artist.getName(), artist.getDescription(), artist.getGenreId(),
					(artist.getGenre() != null) ? artist.getGenre().getName() : null, artist.getAlbums().size());
		}

	}

	record AlbumView(Long id, String name, String description, Long artistId, String artist) {

		static AlbumView of(Album album) {
			return new AlbumView(album.getId(), album.getName(), album.getDescription(), album.getArtistId(),
					(album.getArtist() != null) ? album.getArtist().getName() : null);
		}

	}

	record SongView(Long id, Long albumId, String title, int durationSeconds, long playCount) {

		static SongView of(Song song) {
			return new SongView(song.getId(), song.getAlbumId(), song.getTitle(), song.getDurationSeconds(), song.getPlayCount());
		}

	}

}
