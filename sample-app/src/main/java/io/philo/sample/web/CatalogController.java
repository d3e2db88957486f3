package io.philo.sample.web;

import java.util.List;
import java.util.Map;

import io.philo.sample.catalog.Album;
import io.philo.sample.catalog.Artist;
import io.philo.sample.catalog.CatalogService;
import io.philo.sample.catalog.CatalogService.NewSong;
import io.philo.sample.catalog.Genre;
import io.philo.sample.songs.Song;
import io.philo.sample.web.Views.AlbumView;
import io.philo.sample.web.Views.ArtistView;
import io.philo.sample.web.Views.GenreView;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /genres}, {@code /artists}, {@code /albums}: the catalog on DEFAULT (songs of new albums on MUSIC_CATALOG). */
@RestController
class CatalogController {

	private final CatalogService catalog;

	CatalogController(CatalogService catalog) {
		this.catalog = catalog;
	}

	record GenreBody(String name, String description) {
	}

	record ArtistBody(Long genreId, String name, String description) {
	}

	record AlbumBody(Long artistId, String name, String description, List<NewSong> songs) {
	}

	@GetMapping("/genres")
	List<GenreView> genres(@RequestParam MultiValueMap<String, String> parameters) {
		return Listing.list(Genre.objects.all(), parameters).stream().map(GenreView::of).toList();
	}

	@GetMapping("/genres/{id}")
	GenreView genre(@PathVariable long id) {
		return GenreView.of(Genre.objects.get(id));
	}

	@PostMapping("/genres")
	@ResponseStatus(HttpStatus.CREATED)
	GenreView createGenre(@RequestBody GenreBody body) {
		return GenreView.of(this.catalog.createGenre(body.name(), body.description()));
	}

	@PutMapping("/genres/{id}")
	GenreView updateGenre(@PathVariable long id, @RequestBody GenreBody body) {
		return GenreView.of(this.catalog.updateGenre(id, body.name(), body.description()));
	}

	@DeleteMapping("/genres/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void deleteGenre(@PathVariable long id) {
		this.catalog.deleteGenre(id);
	}

	/** Each artist shows its album count: the albums of the whole page are loaded in one statement, not one per artist. */
	@GetMapping("/artists")
	List<ArtistView> artists(@RequestParam MultiValueMap<String, String> parameters) {
		return Listing.list(Artist.objects.all().prefetch("albums"), parameters).stream().map(ArtistView::of).toList();
	}

	@GetMapping("/artists/{id}")
	ArtistView artist(@PathVariable long id) {
		return ArtistView.of(Artist.objects.get(id));
	}

	@GetMapping("/artists/{id}/albums")
	List<AlbumView> albumsOf(@PathVariable long id) {
		return Artist.objects.get(id).getAlbums().stream().map(AlbumView::of).toList();
	}

	@PostMapping("/artists")
	@ResponseStatus(HttpStatus.CREATED)
	ArtistView createArtist(@RequestBody ArtistBody body) {
		return ArtistView.of(this.catalog.createArtist(body.genreId(), body.name(), body.description()));
	}

	@PutMapping("/artists/{id}")
	ArtistView updateArtist(@PathVariable long id, @RequestBody ArtistBody body) {
		return ArtistView.of(this.catalog.updateArtist(id, body.genreId(), body.name(), body.description()));
	}

	@DeleteMapping("/artists/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void deleteArtist(@PathVariable long id) {
		this.catalog.deleteArtist(id);
	}

	@GetMapping("/albums")
	List<AlbumView> albums(@RequestParam MultiValueMap<String, String> parameters) {
		return Listing.list(Album.objects.all(), parameters).stream().map(AlbumView::of).toList();
	}

	@GetMapping("/albums/{id}")
	AlbumView album(@PathVariable long id) {
		return AlbumView.of(Album.objects.get(id));
	}

	@PostMapping("/albums")
	@ResponseStatus(HttpStatus.CREATED)
	AlbumView createAlbum(@RequestBody AlbumBody body) {
		return AlbumView.of(this.catalog.createAlbum(body.artistId(), body.name(), body.description(), body.songs()));
	}

	@PutMapping("/albums/{id}")
	AlbumView updateAlbum(@PathVariable long id, @RequestBody AlbumBody body) {
		return AlbumView.of(this.catalog.updateAlbum(id, body.artistId(), body.name(), body.description()));
	}

	@DeleteMapping("/albums/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void deleteAlbum(@PathVariable long id) {
		this.catalog.deleteAlbum(id);
	}

	/** Counts from both databases. */
	@GetMapping("/stats")
	Map<String, Object> stats() {
		Object plays = Song.objects.rawSql("SELECT coalesce(sum(play_count), 0) FROM song").get(0)[0];
		return Map.of("genres", Genre.objects.count(), "artists", Artist.objects.count(), "albums", Album.objects.count(),
				"songs", Song.objects.count(), "plays", ((Number) plays).longValue());
	}

}
