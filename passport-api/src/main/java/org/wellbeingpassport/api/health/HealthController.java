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
import org.wellbeingpassport.api.audit.AuditLog;

/**
 * GET /health: can the service serve audited requests. DOWN (503) with the reason when the store does not answer,
 * when it answers but cannot take writes (the embedded store failed to commit to disk), or when the audit trail cannot
 * store entries (every audited request would be refused: fail closed). Anyone may ask, so it says nothing about the
 * host: no path, host name or address (the start-up log has those for the operator), and no record content.
 */
@Controller("/health")
@Secured(SecurityRule.IS_ANONYMOUS)
public class HealthController {
    private final StoreHealth store;
    private final AuditLog audit;

    public HealthController(StoreHealth store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "UP: the store and the audit trail take writes")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "503", description = "DOWN: the same report, with the reason")
    @Get
    public HttpResponse<Map<String, Object>> health() {
        Optional<Long> ping = store.pingMicros();
        Optional<String> storeDown = ping.isEmpty() ? Optional.of("the store does not answer") : store.writeFailure();
        Map<String, Object> storeState = new LinkedHashMap<>();
        storeState.put("status", storeDown.isEmpty() ? "UP" : "DOWN");
        storeDown.ifPresent(r -> storeState.put("reason", r));
        storeState.put("backend", store.backend());
        storeState.put("description", store.description());
        ping.ifPresent(p -> storeState.put("pingMicros", p));
        Optional<String> auditDown = ping.isEmpty() ? Optional.of("the store does not answer") : audit.unavailable();
        Map<String, Object> auditState = new LinkedHashMap<>();
        auditState.put("status", auditDown.isEmpty() ? "UP" : "DOWN");
        auditDown.ifPresent(r -> auditState.put("reason", r));
        boolean up = storeDown.isEmpty() && auditDown.isEmpty();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        storeDown.or(() -> auditDown).ifPresent(r -> body.put("reason", r));
        body.put("store", storeState);
        body.put("audit", auditState);
        return HttpResponse.<Map<String, Object>>status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
