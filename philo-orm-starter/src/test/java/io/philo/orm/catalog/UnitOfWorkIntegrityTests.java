package io.philo.orm.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.philo.orm.InvalidQueryException;
import io.philo.orm.plainboot.Note;
import io.philo.orm.plainboot.NoteRepository;
import io.philo.orm.plainboot.PlainBootApplication;
import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.pool.PoolScope;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue 11: nothing abandoned is ever committed, nothing escapes its transaction, Spring shares the unit. */
@ExtendWith(OutputCaptureExtension.class)
class UnitOfWorkIntegrityTests extends CatalogTestCase {

	@Autowired
	private BackgroundWork background;

	@Autowired
	private ThreadPoolTaskExecutor applicationTaskExecutor;

	@Autowired
	private TaskScheduler taskScheduler;

	@Autowired
	private GenreRepository genres;

	@Autowired
	private CatalogService catalogService;

	private final ExecutorService plainThread = Executors.newSingleThreadExecutor();

	@AfterEach
	void stopPlainThread() throws Exception {
		this.plainThread.submit(() -> this.pool.close()).get();
		this.plainThread.shutdownNow();
	}

	// Every unit has an end

	@Test
	void anAsyncTaskThatFailsAfterAWriteLeavesNothingToTheNextTaskOnItsThread() throws Exception {
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> this.background.addThenFail("Failed").get());
		String next = this.background.countAddAndCommit("Next").get(10, TimeUnit.SECONDS);
		assertThat(next).startsWith("0 on ");
		assertThat(committedNames()).containsExactly("Next");
	}

	@Test
	void aTaskAfterOneThatFailedInTheDatabaseNeedsNoRollback() throws Exception {
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> this.background.failInTheDatabase().get());
		assertThat(this.background.countAddAndCommit("Next").get(10, TimeUnit.SECONDS)).startsWith("0 on ");
		assertThat(committedNames()).containsExactly("Next");
	}

	@Test
	void executorTasksRunOnTheSameThreadStartClean() throws Exception {
		List<String> threads = new ArrayList<>();
		Future<?> failing = this.applicationTaskExecutor.submit(() -> {
			threads.add(Thread.currentThread().getName());
			new Genre("Failed", "x").add();
			throw new IllegalStateException("failed after the write");
		});
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(failing::get);
		long seen = this.applicationTaskExecutor.submit(() -> {
			threads.add(Thread.currentThread().getName());
			long count = Genre.objects.count();
			new Genre("Next", "y").add();
			this.pool.commit();
			return count;
		}).get(10, TimeUnit.SECONDS);
		assertThat(threads).hasSize(2).containsOnly(threads.get(0));
		assertThat(seen).isZero();
		assertThat(committedNames()).containsExactly("Next");
	}

	@Test
	void scheduledTasksRunInAScopeToo() throws Exception {
		CompletableFuture<Void> failed = new CompletableFuture<>();
		this.taskScheduler.schedule(() -> {
			new Genre("Failed", "x").add();
			failed.complete(null);
			throw new IllegalStateException("failed after the write");
		}, Instant.now());
		failed.get(10, TimeUnit.SECONDS);
		CompletableFuture<Long> seen = new CompletableFuture<>();
		this.taskScheduler.schedule(() -> {
			seen.complete(Genre.objects.count());
			this.pool.commit();
		}, Instant.now().plusMillis(100));
		assertThat(seen.get(10, TimeUnit.SECONDS)).isZero();
		assertThat(committedNames()).isEmpty();
	}

	@Test
	void threadsTheApplicationRunsEndTheirUnitsWithAScope(CapturedOutput output) throws Exception {
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> this.plainThread.submit(() -> {
			try (PoolScope scope = this.pool.scope()) {
				new Genre("Failed", "x").add();
				throw new IllegalStateException("failed after the write");
			}
		}).get());
		assertThat(output.getAll()).contains("Rolling back uncommitted work on connection DEFAULT");
		assertThat(this.plainThread.submit(() -> {
			try (PoolScope scope = this.pool.scope()) {
				return Genre.objects.count();
			}
		}).get()).isZero();
		assertThat(activeConnections()).isZero();
	}

	// Safety nets

	@Test
	void aPlatformThreadThatDiesHoldingAUnitReleasesItsConnectionAndLocks(CapturedOutput output) throws Exception {
		dyingThreadReleasesEverything(new Thread(this::lockRockAndDie, "doomed-worker"), "doomed-worker", output);
	}

	@Test
	void aVirtualThreadThatDiesHoldingAUnitReleasesItsConnectionAndLocks(CapturedOutput output) throws Exception {
		assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
		// through reflection: the build targets Java 17, where virtual threads do not exist
		Class<?> builderType = Class.forName("java.lang.Thread$Builder");
		Object builder = builderType.getMethod("name", String.class)
			.invoke(Thread.class.getMethod("ofVirtual").invoke(null), "doomed-virtual");
		Thread thread = (Thread) builderType.getMethod("unstarted", Runnable.class).invoke(builder, (Runnable) this::lockRockAndDie);
		dyingThreadReleasesEverything(thread, "doomed-virtual", output);
	}

	private void lockRockAndDie() {
		Genre.objects.getForUpdate(Genre.objects.get("name", "Rock").getId());
		new Genre("Uncommitted", "x").add();
		throw new IllegalStateException("the thread dies holding its unit");
	}

	private void dyingThreadReleasesEverything(Thread thread, String name, CapturedOutput output) throws Exception {
		Genre rock = new Genre("Rock", "r");
		rock.add();
		this.pool.commit();
		this.pool.close();
		CompletableFuture<Throwable> died = new CompletableFuture<>();
		thread.setUncaughtExceptionHandler((t, ex) -> died.complete(ex));
		thread.start();
		thread.join();
		assertThat(died.get(5, TimeUnit.SECONDS)).hasMessage("the thread dies holding its unit");
		String warning = "Connection DEFAULT: thread '" + name + "' ended holding a unit of work";
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		// the connection goes back to the pool just before the warning is written
		while ((activeConnections() > 0 || !output.getAll().contains(warning)) && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(activeConnections()).as("connections still in use by the dead thread").isZero();
		assertThat(output.getAll()).contains(warning);
		assertThat(Genre.objects.getForUpdate(rock.getId()).getName()).isEqualTo("Rock");
		assertThat(committedNames()).containsExactly("Rock");
	}

	// Locking reads never drop changes

	@Test
	void getForUpdateOfAnObjectWithUnsavedChangesRefusesAndTheUnitStaysUsable() {
		Genre rock = new Genre("Rock", "r");
		rock.add();
		this.pool.commit();
		Genre held = Genre.objects.get(rock.getId());
		held.setDescription("unsaved");
		assertThatIllegalStateException().isThrownBy(() -> Genre.objects.getForUpdate(rock.getId()))
			.withMessageContaining("unsaved changes (description)")
			.withMessageContaining("call update()");
		assertThat(held.getDescription()).isEqualTo("unsaved");
		held.update();
		assertThat(Genre.objects.getForUpdate(rock.getId()).getDescription()).isEqualTo("unsaved");
		this.pool.commit();
		assertThat(committedNames()).containsExactly("Rock");
	}

	// Spring sees the unit

	@Test
	void repositoriesJdbcTemplateAndTransactionalCodeJoinTheUnit() {
		JdbcTemplate jdbc = new JdbcTemplate(this.pool.dataSource("DEFAULT"));
		new Genre("Rock", "r").add();
		assertThat(this.genres.findByName("Rock")).hasSize(1);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM genre", Long.class)).isOne();
		assertThat(this.catalogService.countGenresOnDefault()).isOne();
		this.genres.save(new Genre("Jazz", "j"));
		jdbc.update("INSERT INTO genre (id, name, description, created_at, updated_at)"
				+ " VALUES (nextval('genre_seq'), 'Soul', 's', now(), now())");
		assertThat(committedNames()).as("nothing is committed yet").isEmpty();
		this.pool.rollback();
		assertThat(committedNames()).isEmpty();
		new Genre("Rock", "r").add();
		this.genres.save(new Genre("Jazz", "j"));
		jdbc.update("UPDATE genre SET description = 'by JdbcTemplate' WHERE name = 'Rock'");
		this.pool.commit();
		assertThat(committedNames()).containsExactly("Jazz", "Rock");
		assertThat(Genre.objects.get("name", "Rock").getDescription()).isEqualTo("by JdbcTemplate");
	}

	@Test
	void aRepositoryUpdateOfARowTheUnitLockedDoesNotWaitOnItself() throws Exception {
		Genre rock = new Genre("Rock", "r");
		rock.add();
		this.pool.commit();
		Genre locked = Genre.objects.getForUpdate(rock.getId());
		locked.setDescription("via the repository");
		// were the repository on another connection it would wait on the unit's lock: cancel such a wait
		ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
		watchdog.schedule(this::cancelLockWaits, 10, TimeUnit.SECONDS);
		try {
			this.genres.saveAndFlush(locked);
		}
		finally {
			watchdog.shutdownNow();
		}
		this.pool.commit();
		assertThat(new JdbcTemplate(this.pool.dataSource("DEFAULT"))
			.queryForObject("SELECT description FROM genre WHERE id = ?", String.class, rock.getId())).isEqualTo("via the repository");
	}

	// One JVM, several contexts

	@Test
	void theStaticApiReachesTheContextOfTheScopeOrOfTheRunningTest() {
		new Genre("In A", "a").add();
		this.pool.commit();
		try (ConfigurableApplicationContext other = new SpringApplicationBuilder(CatalogTestApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.application.name=context-b")
			.run()) {
			PoolRegistry b = other.getBean(PoolRegistry.class);
			b.syncdb();
			try (PoolScope scope = b.scope()) {
				assertThat(Genre.objects.count()).isZero();
				new Genre("In B", "b").add();
				b.commit();
			}
			assertThat(Genre.objects.all().list()).extracting(Genre::getName).containsExactly("In A");
			try (PoolScope scope = b.scope()) {
				assertThat(Genre.objects.all().list()).extracting(Genre::getName).containsExactly("In B");
			}
			assertThat(Genre.objects.count()).isOne();
		}
	}

	// The starter changes nothing unless used

	@Test
	void aPlainBootJpaApplicationWithTheStarterPresentRunsAsWithoutIt() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
				ConfigurableApplicationContext plain = new SpringApplicationBuilder(PlainBootApplication.class)
					.web(WebApplicationType.NONE)
					.properties("spring.config.location=classpath:/plain-boot.yml",
							"spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
							"spring.datasource.username=postgres")
					.run()) {
			NoteRepository notes = plain.getBean(NoteRepository.class);
			notes.save(new Note("hello"));
			assertThat(notes.findAll()).extracting(Note::getText).containsExactly("hello");
			assertThat(plain.getBeanProvider(PoolRegistry.class).getIfAvailable()).isNull();
		}
	}

	// Objects across connections and lifecycles

	@Test
	void addingAnObjectHeldOnAnotherConnectionInsertsACopyThere() {
		Genre rock = new Genre("Rock", "r");
		rock.add();
		this.pool.commit();
		Long idOnDefault = rock.getId();
		rock.add("DB2");
		this.pool.commit("DB2");
		assertThat(Genre.objects.using("DB2").get(rock.getId()).getName()).isEqualTo("Rock");
		assertThat(Genre.objects.get(idOnDefault).getName()).isEqualTo("Rock");
		rock.setDescription("changed on DB2");
		rock.update();
		this.pool.commitAll();
		assertThat(Genre.objects.using("DB2").get(rock.getId()).getDescription()).isEqualTo("changed on DB2");
		assertThat(Genre.objects.get(idOnDefault).getDescription()).isEqualTo("r");
	}

	@Test
	void deleteThenAddInsertsTheObjectAgain() {
		Genre rock = new Genre("Rock", "r");
		rock.add();
		this.pool.commit();
		rock.delete();
		rock.add();
		this.pool.commit();
		assertThat(committedNames()).containsExactly("Rock");
		assertThat(Genre.objects.get(rock.getId())).isSameAs(rock);
	}

	@Test
	void updateOfAnObjectAnotherThreadLoadedWritesItAndTheObjectShowsIt() throws Exception {
		Genre rock = new Genre("Rock", "r");
		rock.add();
		this.pool.commit();
		Genre theirs = this.plainThread.submit(() -> Genre.objects.get(rock.getId())).get();
		var before = theirs.getUpdatedAt();
		Thread.sleep(5);
		theirs.setDescription("written here");
		theirs.update();
		this.pool.commit();
		assertThat(theirs.getUpdatedAt()).isAfter(before);
		assertThat(new JdbcTemplate(this.pool.dataSource("DEFAULT"))
			.queryForObject("SELECT description FROM genre WHERE id = ?", String.class, rock.getId())).isEqualTo("written here");
	}

	@Test
	void errorsThatInvolvedNoFailedSqlLeaveTheUnitUsable() {
		Genre rock = new Genre("Rock", "r");
		rock.add();
		// adding an object the session holds is nothing to do (as SQLAlchemy's session.add)
		rock.add();
		assertThatIllegalStateException().isThrownBy(() -> new Genre("Jazz", "j").update()).withMessageContaining("call add()");
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.filterBy("nme", "Rock"));
		assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Genre.objects.rawSql("SELECT :a"));
		new Genre("Soul", "s").add();
		this.pool.commit();
		assertThat(committedNames()).containsExactly("Rock", "Soul");
	}

	/** What another connection sees (a JdbcTemplate here would join this thread's unit). */
	private List<String> committedNames() {
		List<String> names = new ArrayList<>();
		try (Connection connection = this.pool.dataSource("DEFAULT").getConnection();
				Statement statement = connection.createStatement();
				var rows = statement.executeQuery("SELECT name FROM genre ORDER BY name")) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return names;
	}

	private int activeConnections() {
		return ((HikariDataSource) this.pool.dataSource("DEFAULT")).getHikariPoolMXBean().getActiveConnections();
	}

	private void cancelLockWaits() {
		try (Connection connection = this.pool.dataSource("DEFAULT").getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
