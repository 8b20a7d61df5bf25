package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.gate.Gate;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Status;
import jakarta.validation.Valid;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import org.wellbeingpassport.api.http.Problem;

/**
 * A professional asks for access at first contact. The answer is always 202 "pending" with a request id, whether or
 * not a passport matched: nobody learns from asking who has one. Limited to {@value AccessRequests#REQUESTS_PER_HOUR}
 * requests an hour per professional (counted in the store, across instances).
 */
@Controller("/access-requests")
@io.swagger.v3.oas.annotations.tags.Tag(name = "AccessRequests", description = "a professional asking a resident for access")
@Secured("professional")
public class AccessRequestController {
    private final AccessRequests requests;
    private final Gate gate;

    public AccessRequestController(AccessRequests requests, Gate gate) {
        this.gate = gate;
        this.requests = requests;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Status(HttpStatus.ACCEPTED)
    @Refuses.Malformed
    @Refuses.Caller
    @Refuses.Invalid
    @Refuses.TooMany
    @Refuses.AuditDown
    public HttpResponse<AccessRequestReceipt> ask(Authentication auth, @Valid @Body AccessRequestForm body) {
        var caller = Me.professional(auth);
        String id = requests.file(caller, body.nhsNumber(), body.birthDate().toString(), body.purpose().vocabulary(),
                Codes.sections(body.sections()), body.reason().strip());
        return HttpResponse.<AccessRequestReceipt>accepted().body(new AccessRequestReceipt(id, "pending"))
                .header("Location", "/access-requests/" + id).header("Cache-Control", "no-store");
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @Refuses.Read
    public HttpResponse<AccessRequestStatus> status(Authentication auth, @PathVariable String id) {
        var caller = Me.professional(auth);
        AccessRequestStatus status = requests.forRequester(caller, id).orElseThrow(Problem::notAvailable);
        // the requester's own request: its status names no resident (they are named once the resident approves)
        return gate.listing(caller, java.util.List.of(), "a professional read the status of their access request",
                HttpResponse.ok(status).header("Cache-Control", "no-store"));
    }
}
