package io.philo.sample;

import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.pool.PoolScope;
import io.philo.sample.catalog.Album;
import io.philo.sample.catalog.Artist;
import io.philo.sample.catalog.Genre;
import io.philo.sample.songs.Song;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Loads Flask-Philo's seed catalog, with songs, into empty databases: {@code add()} and
 * {@code pool.commit()}. A lifecycle bean of phase 0, so that it runs before the web server
 * (a later phase) takes requests.
 */
@Component
class CatalogSeed implements SmartLifecycle {

	private final PoolRegistry pool;

	private volatile boolean running;

	CatalogSeed(PoolRegistry pool) {
		this.pool = pool;
	}

	@Override
	public void start() {
		// a scope: the model API reaches this application's databases even where several run in one JVM
		// (tests of two configurations), and the scope's end closes the sessions
		try (PoolScope scope = this.pool.scope()) {
			if (Genre.objects.count() == 0) {
				seed();
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return 0;
	}

	private void seed() {
		Genre rock = new Genre("Rock", "rock yeah!!!");
		rock.add();
		this.pool.commit();
		Artist pink = new Artist(rock.getId(), "Pink Floyd", "Awsome");
		pink.add();
		this.pool.commit();
		Album dark = new Album(pink.getId(), "Dark side of the moon", "Interesting");
		dark.add();
		this.pool.commit();
		Artist rolling = new Artist(rock.getId(), "Rolling Stones", "Acceptable");
		rolling.add();
		this.pool.commit();
		Album hits = new Album(rolling.getId(), "Greatest hits", "Interesting");
		hits.add();
		this.pool.commit();
		Album wall = new Album(pink.getId(), "The Wall", "Interesting");
		wall.add();
		this.pool.commit();
		new Song(dark.getId(), "Time", 413).add();
		new Song(dark.getId(), "Money", 382).add();
		new Song(wall.getId(), "Comfortably Numb", 382).add();
		new Song(hits.getId(), "Paint It Black", 202).add();
		this.pool.commit("MUSIC_CATALOG");
	}

}
