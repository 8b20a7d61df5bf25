package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.http.Refuses;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Status;
import jakarta.validation.Valid;
import org.wellbeingpassport.api.http.codes.PurposeCode;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.Optional;
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
    @Status(HttpStatus.CREATED)
    @Refuses.Change
    @Refuses.TooMany
    public HttpResponse<BreakGlassAccess> breakGlass(Authentication auth, @PathVariable String residentId,
            @Valid @Body BreakGlassForm body) {
        var caller = Me.professional(auth);
        BreakGlassGrant g = breakGlass.breakGlass(caller, residentId, body.reason().strip(),
                Optional.ofNullable(body.purpose()).map(PurposeCode::vocabulary),
                body.minutes() == null ? 60 : body.minutes(),
                Optional.ofNullable(body.deferNotice()).map(d -> d.reason().strip()));
        return HttpResponse.created(new BreakGlassAccess(g.id(), residentId, PurposeCode.of(g.purpose()), g.start(),
                g.expiry(), g.noticeDeferredBecause().isEmpty())).header("Cache-Control", "no-store");
    }
}
