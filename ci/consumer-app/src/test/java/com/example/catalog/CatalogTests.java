package com.example.catalog;

import io.philo.orm.pool.PoolRegistry;
import io.philo.orm.test.PhiloTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's @PhiloTest example, against the published artifacts. */
@PhiloTest
class CatalogTests {

	@Autowired
	PoolRegistry pool;

	@Test
	void adds() {
		new Genre("Rock", "rock yeah!!!").add();
		this.pool.commit();
		assertEquals(1, Genre.objects.count());
		assertEquals("rock yeah!!!", Genre.objects.filterBy("name", "Rock").list().get(0).getDescription());
	}

}
