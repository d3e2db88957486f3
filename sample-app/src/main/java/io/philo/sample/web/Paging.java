package io.philo.sample.web;

import java.util.List;

import io.philo.orm.BaseModel;
import io.philo.orm.Query;

/** {@code ?limit=&offset=&order=name,-id} on a query; bad values are the library's InvalidQueryException (400). */
final class Paging {

	private Paging() {
	}

	static <T extends BaseModel> List<T> page(Query<T> query, Integer limit, Integer offset, String order) {
		Query<T> paged = query;
		if (order != null && !order.isBlank()) {
			paged = paged.orderBy(order.split(","));
		}
		if (limit != null) {
			paged = paged.limit(limit);
		}
		if (offset != null) {
			paged = paged.offset(offset);
		}
		return paged.list();
	}

}
