package io.philo.sample.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.philo.orm.BaseModel;
import io.philo.orm.InvalidQueryException;
import io.philo.orm.Query;

import org.springframework.util.MultiValueMap;

/**
 * A list endpoint's query parameters on a query: {@code ?limit=&offset=&order=name,-id}, and every
 * other parameter a filter: {@code field=value} (equal), {@code field.op=value} with op one of
 * ne, gt, ge, lt, le, like, ilike, contains, icontains, startsWith, in / notIn (comma-separated values),
 * between (two comma-separated values), isNull (true or false). Fields may be paths
 * ({@code artist.name=Can}). Whatever the model does not have is a 400 naming the parameter.
 */
final class Listing {

	private static final Set<String> PAGING = Set.of("limit", "offset", "order");

	private static final List<String> OPERATORS = List.of("eq", "ne", "gt", "ge", "lt", "le", "like", "ilike", "contains",
			"icontains", "startsWith", "in", "notIn", "between", "isNull");

	private Listing() {
	}

	static <T extends BaseModel> List<T> list(Query<T> query, MultiValueMap<String, String> parameters) {
		Query<T> listed = query;
		for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
			if (!PAGING.contains(parameter.getKey())) {
				for (String value : parameter.getValue()) {
					listed = filtered(listed, parameter.getKey(), value);
				}
			}
		}
		String order = parameters.getFirst("order");
		if (order != null && !order.isBlank()) {
			listed = listed.orderBy(order.split(","));
		}
		if (parameters.containsKey("limit")) {
			listed = listed.limit(number(parameters, "limit"));
		}
		if (parameters.containsKey("offset")) {
			listed = listed.offset(number(parameters, "offset"));
		}
		return listed.list();
	}

	private static <T extends BaseModel> Query<T> filtered(Query<T> query, String parameter, String value) {
		int dot = parameter.lastIndexOf('.');
		boolean named = dot > 0 && OPERATORS.contains(parameter.substring(dot + 1));
		String operator = named ? parameter.substring(dot + 1) : "eq";
		String field = named ? parameter.substring(0, dot) : parameter;
		try {
			return switch (operator) {
				case "ne" -> query.ne(field, value);
				case "gt" -> query.gt(field, value);
				case "ge" -> query.ge(field, value);
				case "lt" -> query.lt(field, value);
				case "le" -> query.le(field, value);
				case "like" -> query.like(field, value);
				case "ilike" -> query.ilike(field, value);
				case "contains" -> query.contains(field, value);
				case "icontains" -> query.icontains(field, value);
				case "startsWith" -> query.startsWith(field, value);
				case "in" -> query.in(field, Arrays.asList(value.split(",")));
				case "notIn" -> query.notIn(field, Arrays.asList(value.split(",")));
				case "between" -> between(query, field, value.split(","));
				case "isNull" -> isNull(query, field, value);
				default -> query.eq(field, value);
			};
		}
		catch (InvalidQueryException ex) {
			throw new BadRequestException(parameter, ex.getMessage());
		}
	}

	private static <T extends BaseModel> Query<T> between(Query<T> query, String field, String[] bounds) {
		if (bounds.length != 2) {
			throw new InvalidQueryException("between takes two comma-separated values: low,high");
		}
		return query.between(field, bounds[0], bounds[1]);
	}

	private static <T extends BaseModel> Query<T> isNull(Query<T> query, String field, String value) {
		return switch (value) {
			case "true" -> query.isNull(field);
			case "false" -> query.isNotNull(field);
			default -> throw new InvalidQueryException("isNull takes true or false, not '" + value + "'");
		};
	}

	private static int number(MultiValueMap<String, String> parameters, String name) {
		try {
			return Integer.parseInt(parameters.getFirst(name));
		}
		catch (NumberFormatException ex) {
			throw new BadRequestException(name, "'" + parameters.getFirst(name) + "' is not a valid value");
		}
	}

}
