package io.philo.sample.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.philo.orm.InvalidQueryException;
import io.philo.orm.NotFoundException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The API's errors as JSON: 400 naming the field, 404 for unknown ids, 409 for a constraint
 * violation. Whatever the request did not commit is rolled back when it ends (philo-orm's request
 * filter), so nothing half-written stays behind.
 */
@RestControllerAdvice
class ApiErrors {

	private static final Log logger = LogFactory.getLog(ApiErrors.class);

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> badRequest(BadRequestException ex) {
		return error(HttpStatus.BAD_REQUEST, ex.getMessage(), ex.getField());
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> invalidQuery(InvalidQueryException ex) {
		return error(HttpStatus.BAD_REQUEST, ex.getMessage(), null);
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> wrongParameter(MethodArgumentTypeMismatchException ex) {
		return error(HttpStatus.BAD_REQUEST, ex.getName() + ": '" + ex.getValue() + "' is not a valid value", ex.getName());
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException ex) {
		return error(HttpStatus.BAD_REQUEST, "the body is not the JSON this endpoint takes", null);
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> notFound(NotFoundException ex) {
		return error(HttpStatus.NOT_FOUND, ex.getMessage(), null);
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> conflict(DataIntegrityViolationException ex) {
		logger.info("Conflict: " + ex.getMessage());
		String cause = (ex.getMostSpecificCause().getMessage() != null) ? ex.getMostSpecificCause().getMessage() : ex.getMessage();
		return error(HttpStatus.CONFLICT, "the change conflicts with the data: " + cause.lines().findFirst().orElse(""), null);
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message, String field) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status.value());
		body.put("error", message);
		if (field != null) {
			body.put("field", field);
		}
		return ResponseEntity.status(status).body(body);
	}

}
