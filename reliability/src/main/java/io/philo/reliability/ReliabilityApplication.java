package io.philo.reliability;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application the reliability suite drives: one ledger model on two databases, counters, and a query endpoint. */
@SpringBootApplication
public class ReliabilityApplication {

}
