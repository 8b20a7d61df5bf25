package org.wellbeingpassport.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.consent.BreakGlassGrant;

/** {@code POST /passports/{residentId}/break-glass}: professionals only; the role check is in {@link BreakGlass}. */
@Controller("/passports")
@Secured("professional")
public class BreakGlassController {
    private final BreakGlass breakGlass;

    public BreakGlassController(BreakGlass breakGlass) {
        this.breakGlass = breakGlass;
    }

    @Post(uri = "/{residentId}/break-glass", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> breakGlass(Authentication auth, @PathVariable String residentId,
            @Body String body) {
        var caller = Me.professional(auth);
        ObjectNode json = Bodies.parse(body, "reason", "minutes", "purpose", "deferNotice");
        String reason = Bodies.text(json, "reason", 1000);
        int minutes = Bodies.integer(json, "minutes", 1, BreakGlass.MAX_MINUTES, 60);
        var purpose = json.has("purpose")
                ? Optional.of(Bodies.purpose(json, "purpose"))
                : Optional.<org.wellbeingpassport.consent.vocabulary.Purpose>empty();
        Optional<String> defer = Optional.empty();
        JsonNode d = json.get("deferNotice");
        if (d != null && !d.isNull()) {
            if (!(d instanceof ObjectNode o)) {
                throw Problem.invalid("'deferNotice' must be an object with a 'reason'", List.of("deferNotice.reason"));
            }
            Bodies.only(o, "deferNotice.", "reason");
            defer = Optional.of(Bodies.text(o, "reason", 1000));
        }
        BreakGlassGrant g = breakGlass.breakGlass(caller, residentId, reason, purpose, minutes, defer);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("grantId", g.id());
        out.put("residentId", residentId);
        out.put("purpose", g.purpose().code());
        out.put("start", g.start().toString());
        out.put("expires", g.expiry().toString());
        out.put("residentNotified", g.noticeDeferredBecause().isEmpty());
        return HttpResponse.<Map<String, Object>>created(out).header("Cache-Control", "no-store");
    }
}
