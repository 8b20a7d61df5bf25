package org.wellbeingpassport.api.metrics;

import org.wellbeingpassport.api.http.Refuses;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;

/**
 * GET /metrics: the Prometheus text format, for auditors and the people who run the service (wp_kind ops). It holds
 * counts and timings by route template, action and outcome, never a resident, a path with an id in it, or a value.
 */
@Controller("/metrics")
@Secured({"auditor", "ops"})
public class MetricsController {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final PrometheusMeterRegistry registry;

    public MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Refuses.Caller
    @Get(produces = PROMETHEUS_TEXT)
    @Operation(summary = "Service metrics (Prometheus text format): request rates and latencies per route, audit"
            + " entries by action and outcome, audit failures and lag, store command timings, cache hits")
    public HttpResponse<String> scrape() {
        return HttpResponse.ok(registry.scrape()).contentType(PROMETHEUS_TEXT);
    }
}
