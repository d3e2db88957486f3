package io.philo.orm.embedded;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL primary and one streaming standby of it (zonky's binaries): what
 * {@code replicas: [embedded]} runs, so that tests see real replication — its lag, a standby that
 * refuses writes, one that stops.
 *
 * <p>Made as PostgreSQL documents a standby made from a copy of a stopped primary: the primary's
 * cluster is created, stopped, copied (without its lock and pid files), the copy given
 * {@code standby.signal} and a {@code primary_conninfo}; then both start. Commits wait for their WAL
 * to be written ({@code synchronous_commit=on}; zonky turns it off) so a commit's position is where
 * the standby will find it.
 */
public final class ReplicatedEmbeddedPostgres implements Closeable {

	/** The superuser of both servers (zonky's initdb makes it, trusted from localhost). */
	public static final String USER = "postgres";

	/** What a copy must leave out: the primary's pid, options and zonky's lock are the running server's own. */
	private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");

	private final Path root;

	private final int standbyPort;

	private final EmbeddedPostgres primary;

	private volatile EmbeddedPostgres standby;

	private boolean closed;

	private ReplicatedEmbeddedPostgres(Path root, int standbyPort, EmbeddedPostgres primary, EmbeddedPostgres standby) {
		this.root = root;
		this.standbyPort = standbyPort;
		this.primary = primary;
		this.standby = standby;
	}

	/** Starts a primary and its standby, each in a new directory, on free ports of localhost. */
	public static ReplicatedEmbeddedPostgres start() {
		Path root = null;
		try {
			root = Files.createTempDirectory("philo-replication");
			Path primaryDirectory = root.resolve("primary");
			Path standbyDirectory = root.resolve("standby");
			int primaryPort = freePort();
			int standbyPort = freePort();
			// the first start runs initdb (zonky skips it where a cluster already is)
			server(primaryDirectory, primaryPort).start().close();
			copy(primaryDirectory, standbyDirectory);
			Files.createFile(standbyDirectory.resolve("standby.signal"));
			// in postgresql.auto.conf, not a -c option: zonky passes options through a shell, which would split the value
			Files.writeString(standbyDirectory.resolve("postgresql.auto.conf"),
					"\nprimary_conninfo = 'host=localhost port=" + primaryPort + " user=" + USER
							+ " application_name=philo_standby'\n",
					StandardCharsets.UTF_8, StandardOpenOption.APPEND);
			EmbeddedPostgres primary = server(primaryDirectory, primaryPort).start();
			try {
				return new ReplicatedEmbeddedPostgres(root, standbyPort, primary, server(standbyDirectory, standbyPort).start());
			}
			catch (IOException | RuntimeException ex) {
				primary.close();
				throw ex;
			}
		}
		catch (IOException ex) {
			delete(root);
			throw new UncheckedIOException("Could not start the embedded PostgreSQL primary and standby", ex);
		}
	}

	private static EmbeddedPostgres.Builder server(Path directory, int port) {
		return EmbeddedPostgres.builder()
			.setDataDirectory(directory)
			.setCleanDataDirectory(false)
			.setPort(port)
			// the owner stops the servers: a JVM shutdown hook of their own would race the pools' last statements
			.setRegisterShutdownHook(false)
			.setServerConfig("wal_level", "replica")
			.setServerConfig("synchronous_commit", "on")
			// a standby stopped for a while finds the WAL it missed still on the primary
			.setServerConfig("wal_keep_size", "256MB")
			.setServerConfig("hot_standby", "on")
			// counts each statement per server, a standby's too (CREATE EXTENSION pg_stat_statements to read them)
			.setServerConfig("shared_preload_libraries", "pg_stat_statements");
	}

	/** The primary. */
	public EmbeddedPostgres primary() {
		return this.primary;
	}

	/** The JDBC URL of a database on the primary, without credentials. */
	public String primaryUrl(String database) {
		return "jdbc:postgresql://localhost:" + this.primary.getPort() + "/" + database;
	}

	/** The JDBC URL of the same database on the standby (it has every database of the primary). */
	public String standbyUrl(String database) {
		return "jdbc:postgresql://localhost:" + this.standbyPort + "/" + database;
	}

	/** The standby while it runs. */
	public EmbeddedPostgres standby() {
		EmbeddedPostgres running = this.standby;
		if (running == null) {
			throw new IllegalStateException("The standby is stopped");
		}
		return running;
	}

	/** Stops the standby (its port then refuses connections); {@link #startStandby()} starts it again. */
	public synchronized void stopStandby() {
		EmbeddedPostgres running = this.standby;
		if (running != null) {
			this.standby = null;
			closeQuietly(running);
		}
	}

	/** Starts the standby again, on its port, where it resumes streaming from where it stopped. */
	public synchronized void startStandby() {
		if (this.standby == null) {
			try {
				this.standby = server(this.root.resolve("standby"), this.standbyPort).start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the embedded standby again", ex);
			}
		}
	}

	/**
	 * Has the standby apply each commit this long after the primary made it
	 * ({@code recovery_min_apply_delay}, changed on the running standby): a lag that tests can rely on.
	 */
	public void setApplyDelay(Duration delay) {
		try (Connection connection = standby().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("ALTER SYSTEM SET recovery_min_apply_delay = '" + delay.toMillis() + "ms'");
			statement.execute("SELECT pg_reload_conf()");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not set the standby's apply delay: " + ex.getMessage(), ex);
		}
	}

	/** Stops both servers and deletes their directories; once, however often called. */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			stopStandby();
			closeQuietly(this.primary);
		}
		finally {
			delete(this.root);
		}
	}

	private static void closeQuietly(EmbeddedPostgres server) {
		try {
			server.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not stop an embedded PostgreSQL server", ex);
		}
	}

	private static void copy(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				if (NOT_COPIED.contains(file.getFileName().toString()) && file.getParent().equals(from)) {
					continue;
				}
				Path target = to.resolve(from.relativize(file));
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
		// initdb's permissions: PostgreSQL refuses a data directory others can read
		Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
	}

	private static void delete(Path root) {
		if (root == null || !Files.exists(root)) {
			return;
		}
		try (Stream<Path> files = Files.walk(root)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind is not worth failing a shutdown for
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
