package org.wellbeingpassport.api.access;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.wellbeingpassport.api.http.ApiErrors;
import org.wellbeingpassport.api.http.ProblemBody;
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
    @ApiResponse(responseCode = "400", description = "malformed: not a JSON object, or a field this route does not take (named in errors)", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "401", description = "no token, or a token that is not accepted", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "403", description = "this kind of caller cannot do this", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "404", description = "not there, or not yours to see (the same answer)", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "422", description = "well-formed but invalid: errors gives the path of each problem", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "429", description = "too many requests; Retry-After says when to try again", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "503", description = "the audit store cannot take the entry: nothing was disclosed or changed; Retry-After", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
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
