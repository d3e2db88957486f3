package io.philo.orm.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.philo.orm.pool.PoolRegistry;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.util.ClassUtils;

/**
 * Flask-Philo's test harness for a {@link PhiloTest}: the tables exist before the first test of a
 * context; after each test this thread's sessions end and, with {@link PhiloTest.Cleanup#WIPE},
 * each database is emptied by one {@code TRUNCATE} of all its tables.
 */
class PhiloTestExtension implements BeforeEachCallback, AfterEachCallback {

	private static final String FLYWAY = "org.flywaydb.core.Flyway";

	/** Per application context: each connection's TRUNCATE statement (null where it has no tables). */
	private static final Map<ApplicationContext, Map<String, String>> WIPES = new ConcurrentHashMap<>();

	@Override
	public void beforeEach(ExtensionContext extension) {
		ApplicationContext context = SpringExtension.getApplicationContext(extension);
		WIPES.computeIfAbsent(context, (c) -> {
			PoolRegistry pool = c.getBean(PoolRegistry.class);
			if (!migrated(c)) {
				pool.syncdb();
			}
			Map<String, String> wipes = new ConcurrentHashMap<>();
			for (String connection : pool.connectionNames()) {
				String wipe = wipeStatement(new JdbcTemplate(pool.dataSource(connection)));
				if (wipe != null) {
					wipes.put(connection, wipe);
				}
			}
			return wipes;
		});
	}

	@Override
	public void afterEach(ExtensionContext extension) throws SQLException {
		ApplicationContext context = SpringExtension.getApplicationContext(extension);
		PoolRegistry pool = context.getBean(PoolRegistry.class);
		pool.close();
		PhiloTest.Cleanup cleanup = MergedAnnotations.from(extension.getRequiredTestClass(), SearchStrategy.TYPE_HIERARCHY)
			.get(PhiloTest.class)
			.getEnum("cleanup", PhiloTest.Cleanup.class);
		if (cleanup != PhiloTest.Cleanup.WIPE) {
			return;
		}
		for (Map.Entry<String, String> wipe : WIPES.getOrDefault(context, Map.of()).entrySet()) {
			try (Connection connection = pool.dataSource(wipe.getKey()).getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute(wipe.getValue());
			}
		}
	}

	private static boolean migrated(ApplicationContext context) {
		if (!ClassUtils.isPresent(FLYWAY, context.getClassLoader())) {
			return false;
		}
		return context.getBeanNamesForType(ClassUtils.resolveClassName(FLYWAY, context.getClassLoader())).length > 0;
	}

	/** {@code TRUNCATE "album", "artist" CASCADE}: every table but Flyway's history. */
	private static String wipeStatement(JdbcTemplate jdbc) {
		List<String> tables = new ArrayList<>(jdbc.queryForList("select quote_ident(tablename) from pg_tables"
				+ " where schemaname = current_schema() and tablename <> 'flyway_schema_history'", String.class));
		return tables.isEmpty() ? null : tables.stream().collect(Collectors.joining(", ", "TRUNCATE ", " CASCADE"));
	}

}
