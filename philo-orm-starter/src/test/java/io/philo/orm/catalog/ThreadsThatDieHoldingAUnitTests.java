package io.philo.orm.catalog;

import java.time.Duration;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The safety net for units nobody ends (issue 11, rule 2): when a thread dies holding a unit of
 * work with a transaction, the transaction is rolled back and the connection returned within
 * seconds, with a warning naming both, and the rows it locked can be locked again.
 */
@ExtendWith(OutputCaptureExtension.class)
class ThreadsThatDieHoldingAUnitTests extends CatalogTestCase {

	@Test
	void aPlatformThreadThatDiesHoldingAUnitHasItEnded(CapturedOutput output) throws Exception {
		assertTheUnitOfADeadThreadIsEnded("doomed-platform-worker", ThreadsThatDieHoldingAUnitTests::startPlatform, output);
	}

	// the build runs Java 17 (no virtual threads): this runs on Java 21 and later
	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void aVirtualThreadThatDiesHoldingAUnitHasItEnded(CapturedOutput output) throws Exception {
		assertTheUnitOfADeadThreadIsEnded("doomed-virtual-worker", ThreadsThatDieHoldingAUnitTests::startVirtual, output);
	}

	private void assertTheUnitOfADeadThreadIsEnded(String threadName, BiFunction<String, Runnable, Thread> start,
			CapturedOutput output) throws Exception {
		Genre rock = committedGenre("Rock", "locked by a thread that dies");
		// this thread holds no connection, so that every one in use is the dead thread's
		this.pool.close();
		Thread doomed = start.apply(threadName, () -> {
			Genre.objects.getForUpdate(rock.getId());
			new Genre("Abandoned", "never committed").add();
		});
		doomed.join(Duration.ofSeconds(30).toMillis());
		assertThat(doomed.isAlive()).isFalse();
		await().atMost(Duration.ofSeconds(5)).until(() -> activeConnections("DEFAULT") == 0);
		assertThat(output.getAll().lines()
			.filter((line) -> line.contains("WARN") && line.contains("DEFAULT") && line.contains(threadName)))
			.as("a warning naming the connection and the thread")
			.isNotEmpty();
		assertThat(committedGenreNames("DEFAULT")).as("its transaction rolled back").containsExactly("Rock");
		assertThat(Genre.objects.getForUpdate(rock.getId()).getId()).as("its lock released (NOWAIT)").isEqualTo(rock.getId());
	}

	private static Thread startPlatform(String name, Runnable work) {
		Thread thread = new Thread(work, name);
		thread.start();
		return thread;
	}

	/** {@code Thread.ofVirtual().name(name).start(work)}, called reflectively so that this compiles for Java 17. */
	private static Thread startVirtual(String name, Runnable work) {
		try {
			Class<?> builder = Class.forName("java.lang.Thread$Builder");
			Object virtual = Thread.class.getMethod("ofVirtual").invoke(null);
			virtual = builder.getMethod("name", String.class).invoke(virtual, name);
			return (Thread) builder.getMethod("start", Runnable.class).invoke(virtual, work);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("virtual threads need Java 21", ex);
		}
	}

}
