package io.philo.orm.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One thread's units on two connections, each its own Spring transaction, ended in any order. */
class TwoConnectionsTests extends CatalogTestCase {

	@Test
	void unitsOnTwoConnectionsCommitInTheOrderTheyBegan() {
		new Genre("Rock", "r").add();
		new Genre("Jazz", "j").add("DB2");
		this.pool.commit();
		this.pool.commit("DB2");
		assertThat(Genre.objects.count()).isOne();
		assertThat(Genre.objects.using("DB2").count()).isOne();
	}

	@Test
	void unitsOnTwoConnectionsCommitInTheOtherOrder() {
		new Genre("Rock", "r").add();
		new Genre("Jazz", "j").add("DB2");
		this.pool.commit("DB2");
		this.pool.commit();
		new Genre("Soul", "s").add("DB2");
		new Genre("Punk", "p").add();
		this.pool.rollback();
		this.pool.commit("DB2");
		assertThat(Genre.objects.count()).isOne();
		assertThat(Genre.objects.using("DB2").count()).isEqualTo(2);
	}

}
