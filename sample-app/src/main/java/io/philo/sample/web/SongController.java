package io.philo.sample.web;

import java.util.List;

import io.philo.sample.songs.Song;
import io.philo.sample.songs.SongService;
import io.philo.sample.web.Views.SongView;

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

/** {@code /songs}: MUSIC_CATALOG, through a {@code @Transactional("MUSIC_CATALOG")} service. */
@RestController
class SongController {

	private final SongService songs;

	SongController(SongService songs) {
		this.songs = songs;
	}

	record SongBody(Long albumId, String title, Integer durationSeconds) {
	}

	@GetMapping("/songs")
	List<SongView> list(@RequestParam MultiValueMap<String, String> parameters) {
		return Listing.list(Song.objects.all(), parameters).stream().map(SongView::of).toList();
	}

	@GetMapping("/songs/{id}")
	SongView get(@PathVariable long id) {
		return SongView.of(Song.objects.get(id));
	}

	@PostMapping("/songs")
	@ResponseStatus(HttpStatus.CREATED)
	SongView create(@RequestBody SongBody body) {
		return SongView.of(this.songs.create(body.albumId(), body.title(), body.durationSeconds()));
	}

	@PutMapping("/songs/{id}")
	SongView update(@PathVariable long id, @RequestBody SongBody body) {
		return SongView.of(this.songs.update(id, body.albumId(), body.title(), body.durationSeconds()));
	}

	@DeleteMapping("/songs/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long id) {
		this.songs.delete(id);
	}

	@PostMapping("/songs/{id}/plays")
	SongView play(@PathVariable long id) {
		return SongView.of(this.songs.play(id));
	}

}
