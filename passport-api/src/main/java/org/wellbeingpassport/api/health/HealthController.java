package org.wellbeingpassport.api.health;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GET /health: is the service up, and can it reach its store. 503 when the store does not answer. Anyone may ask, so
 * it says nothing about the host: no path, host name or address (the start-up log has those for the operator).
 */
@Controller("/health")
@Secured(SecurityRule.IS_ANONYMOUS)
public class HealthController {
    private final StoreHealth store;

    public HealthController(StoreHealth store) {
        this.store = store;
    }

    @Get
    public HttpResponse<Map<String, Object>> health() {
        Optional<Long> ping = store.pingMicros();
        Map<String, Object> storeState = new LinkedHashMap<>();
        storeState.put("status", ping.isPresent() ? "UP" : "DOWN");
        storeState.put("backend", store.backend());
        storeState.put("description", store.description());
        ping.ifPresent(p -> storeState.put("pingMicros", p));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ping.isPresent() ? "UP" : "DOWN");
        body.put("store", storeState);
        return HttpResponse
                .<Map<String, Object>>status(ping.isPresent() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(body);
    }
}
