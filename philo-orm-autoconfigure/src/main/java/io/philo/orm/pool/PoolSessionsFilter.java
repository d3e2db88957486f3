package io.philo.orm.pool;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs each web request in a {@link PoolScope}: its sessions end with the request — what it did not
 * commit is rolled back (with a warning naming the connection) and every connection goes back to its
 * pool — and the static API reaches this application's registry.
 */
public class PoolSessionsFilter extends OncePerRequestFilter {

	private final PoolRegistry pool;

	public PoolSessionsFilter(PoolRegistry pool) {
		this.pool = pool;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try (PoolScope scope = this.pool.scope()) {
			chain.doFilter(request, response);
		}
	}

}
