package io.philo.orm.catalog;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;

/**
 * The catalog the query tests ask about, committed on DEFAULT before each test:
 * <pre>
 * Rock: Pink Floyd — The Wall (Hey You 280s, Comfortably Numb 382s), Animals (Dogs 1024s, Pigs 685s)
 * Jazz: Miles Davis — Kind of Blue (So What 562s, Blue in Green 337s)
 * (no genre): Can — Tago Mago (Halleluhwah 1112s explicit, 100% Love_Song 199s no number, no date)
 * </pre>
 * Tracks of The Wall were uploaded by ana (a user with a password, on DEFAULT).
 */
abstract class QueryTestCase extends CatalogTestCase {

	protected Genre rock;

	protected Artist pink;

	protected Artist miles;

	protected Artist can;

	protected Album wall;

	protected Album animals;

	protected Album kindOfBlue;

	protected Album tagoMago;

	protected User ana;

	@BeforeEach
	void catalog() {
		this.rock = genre("Rock");
		Genre jazz = genre("Jazz");
		this.pink = artist(this.rock, "Pink Floyd");
		this.miles = artist(jazz, "Miles Davis");
		this.can = artist(null, "Can");
		this.wall = album(this.pink, "The Wall");
		this.animals = album(this.pink, "Animals");
		this.kindOfBlue = album(this.miles, "Kind of Blue");
		this.tagoMago = album(this.can, "Tago Mago");
		this.ana = new User("ana", "secret");
		this.ana.add("DEFAULT");
		Long uploader = this.ana.getId();
		track(this.wall, "Hey You", 1, 280, "0.99", LocalDate.of(1979, 11, 30), uploader, false);
		track(this.wall, "Comfortably Numb", 6, 382, "1.29", LocalDate.of(1979, 11, 30), uploader, false);
		track(this.animals, "Dogs", 2, 1024, "2.49", LocalDate.of(1977, 1, 23), null, false);
		track(this.animals, "Pigs", 3, 685, "1.99", LocalDate.of(1977, 1, 23), null, false);
		track(this.kindOfBlue, "So What", 1, 562, "1.29", LocalDate.of(1959, 8, 17), null, false);
		track(this.kindOfBlue, "Blue in Green", 3, 337, "0.99", LocalDate.of(1959, 8, 17), null, false);
		track(this.tagoMago, "Halleluhwah", 4, 1112, "1.49", LocalDate.of(1971, 2, 1), null, true);
		track(this.tagoMago, "100% Love_Song", null, 199, "0.50", null, null, false);
		this.pool.commit();
	}

	/** The titles of the tracks a query finds, in its order. */
	protected static List<String> titles(Iterable<Track> tracks) {
		return StreamSupport.stream(tracks.spliterator(), false).map(Track::getTitle).toList();
	}

	private static Genre genre(String name) {
		Genre genre = new Genre(name, null);
		genre.add();
		return genre;
	}

	private static Artist artist(Genre genre, String name) {
		Artist artist = new Artist((genre != null) ? genre.getId() : null, name, null);
		artist.add();
		return artist;
	}

	private static Album album(Artist artist, String name) {
		Album album = new Album(artist.getId(), name, null);
		album.add();
		return album;
	}

	private static void track(Album album, String title, Integer number, int seconds, String price, LocalDate released,
			Long uploader, boolean explicit) {
		Track track = new Track(album, title, number, seconds, price, released);
		track.setUploaderId(uploader);
		track.setExplicit(explicit);
		track.add();
	}

}
