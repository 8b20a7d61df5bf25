package org.wellbeingpassport.api.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
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

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "UP: the store and the audit trail take writes", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = Health.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "503", description = "DOWN: the same report, with the reason", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = Health.class)))
    @Get
    public HttpResponse<Health> health() {
        Optional<Long> ping = store.pingMicros();
        Optional<String> storeDown = ping.isEmpty() ? Optional.of("the store does not answer") : store.writeFailure();
        Optional<String> auditDown = ping.isEmpty() ? Optional.of("the store does not answer") : audit.unavailable();
        boolean up = storeDown.isEmpty() && auditDown.isEmpty();
        Health body = new Health(
                state(storeDown), storeDown.or(() -> auditDown).orElse(null), new Store(state(storeDown),
                        storeDown.orElse(null), store.backend(), store.description(), ping.orElse(null)),
                new Part(state(auditDown), auditDown.orElse(null)));
        return HttpResponse.<Health>status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }

    private static String state(Optional<String> down) {
        return down.isEmpty() ? "UP" : "DOWN";
    }

    /** UP or DOWN, the first reason when DOWN, and the store's and the audit trail's own state. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Health(String status, @Nullable String reason, Store store, Part audit) {
    }

    /** The store: its state, which kind it is, and how long a ping took. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Store(String status, @Nullable String reason, String backend, String description,
            @Nullable Long pingMicros) {
    }

    /** The audit trail's state. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Part(String status, @Nullable String reason) {
    }
}
