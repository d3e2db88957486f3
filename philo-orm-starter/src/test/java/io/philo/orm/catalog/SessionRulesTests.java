package io.philo.orm.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.philo.orm.pool.PoolSessionsFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** One test per numbered session rule of DESIGN.md. */
@ExtendWith(OutputCaptureExtension.class)
class SessionRulesTests extends CatalogTestCase {

	@Autowired
	private CatalogService catalogService;

	@Test
	void rule1EachThreadHasItsOwnSessionAndObjects() throws Exception {
		Genre rock = new Genre("Rock", "mine");
		rock.add();
		this.pool.commit();
		Genre theirs = inOtherThread(() -> Genre.objects.get(rock.getId()));
		assertThat(theirs).isNotSameAs(rock);
		assertThat(Genre.objects.get(rock.getId())).isSameAs(rock);
		assertThat(this.pool.session()).isNotSameAs(inOtherThread(() -> this.pool.session()));
	}

	@Test
	void rule2AddFlushesVisibleHereAtOnceElsewhereAfterCommit() throws Exception {
		Genre rock = new Genre("Rock", "rock yeah!!!");
		rock.add();
		assertThat(rock.getId()).isNotNull();
		assertThat(rock.getCreatedAt()).isNotNull();
		assertThat(Genre.objects.count()).isEqualTo(1);
		assertThat(inOtherThread(Genre.objects::count)).isZero();
		this.pool.commit();
		assertThat(inOtherThread(Genre.objects::count)).isEqualTo(1);
	}

	@Test
	void rule3AfterCommitFieldsShowWhatTheDatabaseHolds() throws Exception {
		Genre rock = new Genre("Rock", "before");
		rock.add();
		this.pool.commit();
		// read in the new transaction: what follows is about an object the session read since the commit
		assertThat(Genre.objects.get(rock.getId())).isSameAs(rock);
		inOtherThread(() -> {
			Genre mine = Genre.objects.get(rock.getId());
			mine.setDescription("changed by another thread");
			mine.update();
			this.pool.commit();
			return null;
		});
		assertThat(rock.getDescription()).isEqualTo("before");
		// a query does not overwrite what the session holds, until a commit says the session's reads are old
		assertThat(Genre.objects.filterBy("name", "Rock").first()).containsSame(rock);
		assertThat(rock.getDescription()).isEqualTo("before");
		this.pool.commit();
		assertThat(rock.getDescription()).as("a commit reads nothing back for objects only read").isEqualTo("before");
		assertThat(Genre.objects.get(rock.getId())).isSameAs(rock);
		assertThat(rock.getDescription()).isEqualTo("changed by another thread");
		inOtherThread(() -> {
			Genre mine = Genre.objects.get(rock.getId());
			mine.setDescription("changed again");
			mine.update();
			this.pool.commit();
			return null;
		});
		this.pool.rollback();
		assertThat(Genre.objects.filterBy("name", "Rock").list()).containsExactly(rock);
		assertThat(rock.getDescription()).isEqualTo("changed again");
	}

	@Test
	void rule3RowsAStatementWroteAreReloadedEvenIfTheSessionWroteThemToo() {
		Genre rock = new Genre("Rock", "committed");
		rock.add();
		Genre jazz = new Genre("Jazz", "committed");
		jazz.add();
		this.pool.commit();
		rock.setDescription("by update()");
		rock.update();
		Genre.objects.rawSql("UPDATE genre SET description = 'by raw SQL' WHERE id = :id", Map.of("id", rock.getId()));
		Genre.objects.filterBy("name", "Jazz").delete();
		this.pool.commit();
		assertThat(rock.getDescription()).isEqualTo("by raw SQL");
		assertThat(Genre.objects.all().list()).containsExactly(rock);
	}

	@Test
	void rule3ACollectionReadBeforeTheCommitIsReadAgain() {
		Genre rock = new Genre("Rock", "rock");
		rock.add();
		Artist pink = new Artist(rock.getId(), "Pink Floyd", "Awsome");
		pink.add();
		assertThat(pink.getAlbums()).isEmpty();
		new Album(pink.getId(), "The Wall", "Interesting").add();
		this.pool.commit();
		assertThat(pink.getAlbums()).extracting(Album::getName).containsExactly("The Wall");
		new Album(pink.getId(), "Animals", "Interesting").add();
		this.pool.commit();
		assertThat(pink.getAlbums()).hasSize(2);
	}

	@Test
	void rule4AfterRollbackNothingRemainsInTheDatabaseOrTheObjects() {
		Genre kept = new Genre("Rock", "committed");
		kept.add();
		this.pool.commit();
		Genre discarded = new Genre("Jazz", "never committed");
		discarded.add();
		kept.setDescription("rolled back");
		kept.update();
		this.pool.rollback();
		assertThat(discarded.getId()).isNull();
		assertThat(kept.getDescription()).isEqualTo("committed");
		assertThat(Genre.objects.count()).isEqualTo(1);
		discarded.add();
		this.pool.commit();
		assertThat(Genre.objects.count()).isEqualTo(2);
	}

	@Test
	void rule5AFailedFlushNeedsRollbackAndSaysSo() {
		new User("ana", "123").add();
		this.pool.commit("DB2");
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> new User("ana", "456").add())
			.withMessageContaining("DB2")
			.withMessageContaining("pool.rollback(\"DB2\")");
		assertThatIllegalStateException().isThrownBy(() -> User.objects.count()).withMessageContaining("pool.rollback(\"DB2\")");
		this.pool.rollback("DB2");
		assertThat(User.objects.count()).isEqualTo(1);
	}

	@Test
	void rule6InsideASpringTransactionTheModelApiJoinsIt() {
		this.catalogService.addUsers("ana", "bob");
		assertThat(User.objects.count()).isEqualTo(2);
		assertThatIllegalStateException().isThrownBy(() -> this.catalogService.addUsersAndFail("carl", "dora"));
		assertThat(User.objects.filterBy("username", "carl").exists()).isFalse();
		assertThatIllegalStateException().isThrownBy(this.catalogService::commitInside)
			.withMessageContaining("inside a Spring transaction on DB2");
	}

	@Test
	void rule7AWebRequestEndsItsSessions(CapturedOutput output) throws Exception {
		HttpServlet addsWithoutCommit = new HttpServlet() {
			@Override
			protected void service(HttpServletRequest request, HttpServletResponse response) {
				new Genre("Rock", "not committed").add();
			}
		};
		MockFilterChain chain = new MockFilterChain(addsWithoutCommit, new PoolSessionsFilter(this.pool));
		chain.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse());
		assertThat(output).contains("Rolling back uncommitted work on connection DEFAULT");
		assertThat(Genre.objects.count()).isZero();
		this.pool.close();
		assertThat(activeConnections("DEFAULT")).isZero();
	}

	@Test
	void rule7EveryKindOfUncommittedWriteIsWarnedAbout(CapturedOutput output) {
		Genre rock = new Genre("Rock", "committed");
		rock.add();
		this.pool.commit();
		this.pool.close();
		List<Runnable> writes = List.of(() -> Genre.objects.get(rock.getId()).delete(),
				() -> Genre.objects.filterBy("name", "Rock").delete(),
				() -> Genre.objects.rawSql("UPDATE genre SET description = 'raw'"),
				() -> Genre.objects.rawSql("WITH gone AS (DELETE FROM genre RETURNING id) SELECT count(*) FROM gone"));
		for (Runnable write : writes) {
			int before = warnings(output);
			write.run();
			this.pool.close();
			assertThat(warnings(output)).isEqualTo(before + 1);
		}
		Genre.objects.getForUpdate(rock.getId());
		Genre.objects.rawSql("SELECT count(*) FROM genre");
		int before = warnings(output);
		this.pool.close();
		assertThat(warnings(output)).as("a lock or a read is not work to keep").isEqualTo(before);
		assertThat(Genre.objects.get(rock.getId()).getDescription()).isEqualTo("committed");
	}

	private static int warnings(CapturedOutput output) {
		return output.getAll().split("Rolling back uncommitted work on connection DEFAULT", -1).length - 1;
	}

	@Test
	void rule7CloseReturnsEveryConnection() {
		new Genre("Rock", "x").add();
		new Genre("Jazz", "y").add("DB2");
		assertThat(activeConnections("DEFAULT") + activeConnections("DB2")).isEqualTo(2);
		this.pool.close();
		assertThat(activeConnections("DEFAULT") + activeConnections("DB2")).isZero();
		assertThat(Genre.objects.count() + Genre.objects.using("DB2").count()).isZero();
	}

	@Test
	void getForUpdateFailsAtOnceForASecondLocker() throws Exception {
		Genre rock = new Genre("Rock", "locked");
		rock.add();
		this.pool.commit();
		Genre.objects.getForUpdate(rock.getId());
		long start = System.nanoTime();
		Future<Object> second = this.otherThread.submit(() -> {
			try {
				return Genre.objects.getForUpdate(rock.getId());
			}
			catch (RuntimeException ex) {
				return ex;
			}
		});
		Object outcome = second.get(10, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(outcome).isInstanceOf(PessimisticLockingFailureException.class);
		assertThat(((Exception) outcome).getMessage()).contains("DEFAULT");
		this.pool.commit();
		// the commit let the lock go: the other thread takes it, and now this thread is the one refused
		Genre lockedThere = inOtherThread(() -> {
			this.pool.rollback();
			return Genre.objects.getForUpdate(rock.getId());
		});
		assertThat(lockedThere.getId()).isEqualTo(rock.getId());
		assertThatExceptionOfType(PessimisticLockingFailureException.class)
			.isThrownBy(() -> Genre.objects.getForUpdate(rock.getId()));
		this.pool.rollback();
	}

	@Test
	void getForUpdateReadsTheRowAsItIsUnderTheLock() throws Exception {
		Genre rock = new Genre("Rock", "0");
		rock.add();
		this.pool.commit();
		inOtherThread(() -> {
			Genre theirs = Genre.objects.getForUpdate(rock.getId());
			theirs.setDescription("1");
			theirs.update();
			this.pool.commit();
			return null;
		});
		// this session still holds rock as it wrote it; the lock must not hand out that stale state
		assertThat(Genre.objects.getForUpdate(rock.getId()).getDescription()).isEqualTo("1");
		assertThat(Genre.objects.getForUpdate(java.util.Map.of("name", "Rock")).getDescription()).isEqualTo("1");
	}

}
