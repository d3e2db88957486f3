package io.philo.orm.catalog;

import io.philo.orm.pool.PoolRegistry;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The model API inside Spring transactions on DB2. */
@Service
public class CatalogService {

	private final PoolRegistry pool;

	CatalogService(PoolRegistry pool) {
		this.pool = pool;
	}

	@Transactional("DB2")
	public void addUsers(String... names) {
		for (String name : names) {
			new User(name, "secret").add();
		}
	}

	@Transactional("DB2")
	public void addUsersAndFail(String... names) {
		addUsers(names);
		throw new IllegalStateException("failing after the adds");
	}

	@Transactional("DB2")
	public void commitInside() {
		new User("eve", "secret").add();
		this.pool.commit("DB2");
	}

}
