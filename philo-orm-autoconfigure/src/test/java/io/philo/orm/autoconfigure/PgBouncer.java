package io.philo.orm.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real PgBouncer process in transaction pooling mode on a free port of 127.0.0.1, in front of a
 * PostgreSQL server whose user {@code postgres} needs no password (an embedded one): clients log in
 * as {@code postgres} with no password, and each database of the server is reachable by its name.
 * Tests start it with {@link #startOrSkip}: without an installed {@code pgbouncer} they are skipped,
 * saying why.
 */
public final class PgBouncer implements AutoCloseable {

	private static final List<String> PLACES = List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin");

	private final Process process;

	private final Path directory;

	private final int port;

	private PgBouncer(Process process, Path directory, int port) {
		this.process = process;
		this.directory = directory;
		this.port = port;
	}

	/** As {@link #start}, in a test: a failed JUnit assumption when PgBouncer is not installed. */
	public static PgBouncer startOrSkip(int serverPort, int defaultPoolSize) {
		Assumptions.assumeTrue(binary() != null,
				"pgbouncer is not installed (apt-get install pgbouncer, or put it on the PATH): tests through PgBouncer are skipped");
		return start(serverPort, defaultPoolSize);
	}

	/**
	 * Starts a bouncer in front of the server.
	 * @param serverPort the PostgreSQL server's port on localhost
	 * @param defaultPoolSize server connections per database and user
	 * @throws IllegalStateException when PgBouncer is not installed
	 */
	public static PgBouncer start(int serverPort, int defaultPoolSize) {
		Path binary = binary();
		if (binary == null) {
			throw new IllegalStateException("pgbouncer is not installed (apt-get install pgbouncer, or put it on the PATH)");
		}
		try {
			Path directory = Files.createTempDirectory("pgbouncer");
			// PgBouncer refuses to run as root: then it runs as nobody, which must read its files
			Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
			int port = freePort();
			Path users = write(directory.resolve("users.txt"), "\"postgres\" \"\"\n");
			Path ini = write(directory.resolve("pgbouncer.ini"), String.join("\n", "[databases]",
					"* = host=127.0.0.1 port=" + serverPort, "[pgbouncer]", "listen_addr = 127.0.0.1", "listen_port = " + port,
					"unix_socket_dir =", "auth_type = trust", "auth_file = " + users, "pool_mode = transaction",
					"default_pool_size = " + defaultPoolSize, "reserve_pool_size = 0", "max_client_conn = 1000",
					// pgjdbc sends extra_float_digits at connect, which PgBouncer does not track
					"ignore_startup_parameters = extra_float_digits", "") + "\n");
			List<String> command = new ArrayList<>(List.of(binary.toString()));
			if ("root".equals(System.getProperty("user.name"))) {
				command.addAll(List.of("-u", "nobody"));
			}
			command.add(ini.toString());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(directory.resolve("pgbouncer.log").toFile())
				.start();
			PgBouncer bouncer = new PgBouncer(process, directory, port);
			bouncer.awaitListening();
			return bouncer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start PgBouncer", ex);
		}
	}

	/** The installed pgbouncer: on the PATH, or where distributions put it (Debian: /usr/sbin, often not on a user's PATH). */
	public static Path binary() {
		List<String> places = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
		places.addAll(PLACES);
		return places.stream()
			.filter((place) -> !place.isEmpty())
			.map((place) -> Path.of(place, "pgbouncer"))
			.filter(Files::isExecutable)
			.findFirst()
			.orElse(null);
	}

	/** The bouncer's port on 127.0.0.1. */
	public int port() {
		return this.port;
	}

	/** The JDBC URL of a database through the bouncer (user postgres, no password). */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	private void awaitListening() throws IOException {
		long deadline = System.nanoTime() + 15_000_000_000L;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("PgBouncer exited with " + this.process.exitValue() + ": " + log());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				return;
			}
			catch (IOException ex) {
				sleep();
			}
		}
		close();
		throw new IllegalStateException("PgBouncer did not listen on port " + this.port + " within 15 s: " + log());
	}

	private String log() throws IOException {
		return Files.readString(this.directory.resolve("pgbouncer.log"));
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind
		}
	}

	private static Path write(Path file, String text) throws IOException {
		Files.writeString(file, text);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		return file;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while PgBouncer starts", ex);
		}
	}

}
