package io.philo.orm.replica;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The primary's WAL positions sampled over time: a replica that has replayed position {@code p}
 * lacks what the primary wrote after it, so it is at least as far behind as the oldest sample past
 * {@code p} is old. Unlike {@code now() - pg_last_xact_replay_timestamp()}, this stays 0 while
 * the primary writes nothing.
 */
final class PrimaryPositions {

	private record Sample(long nanos, long position) {
	}

	private final Deque<Sample> samples = new ArrayDeque<>();

	private final long keepNanos;

	/** @param keep how long samples are kept: past it, a replica's lag is only known to exceed it */
	PrimaryPositions(Duration keep) {
		this.keepNanos = keep.toNanos();
	}

	synchronized void sampled(long position, long nanos) {
		this.samples.addLast(new Sample(nanos, position));
		while (this.samples.size() > 1 && nanos - this.samples.peekFirst().nanos() > this.keepNanos) {
			this.samples.removeFirst();
		}
	}

	/** How far behind a replica that has replayed this position is (0 when it has what the primary had last). */
	synchronized Duration lagOf(long replayed) {
		long now = System.nanoTime();
		for (Sample sample : this.samples) {
			if (sample.position() > replayed) {
				return Duration.ofNanos(Math.max(0, now - sample.nanos()));
			}
		}
		return Duration.ZERO;
	}

}
