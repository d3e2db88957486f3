package io.philo.reliability;

import java.util.Map;

import io.philo.orm.InvalidQueryException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /ledger?field=&value=&order=}: request input straight into the model API. */
@RestController
class LedgerController {

	@GetMapping("/ledger")
	Map<String, Object> find(@RequestParam String field, @RequestParam(required = false) String value,
			@RequestParam(defaultValue = "id") String order) {
		return Map.of("rows", Ledger.objects.filterBy(field, value).orderBy(order).list().size());
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> invalid(InvalidQueryException ex) {
		return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", ex.getMessage()));
	}

}
