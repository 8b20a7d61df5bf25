package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.gate.Gate;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import jakarta.validation.Valid;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

/** The resident answers requests for access: approve (all or some sections, until a date) or refuse. */
@Controller("/me/requests")
@Secured("resident")
public class ResidentRequestController {
    private final AccessRequests requests;
    private final Me me;
    private final Gate gate;

    public ResidentRequestController(AccessRequests requests, Me me, Gate gate) {
        this.gate = gate;
        this.requests = requests;
        this.me = me;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Refuses.Read
    public HttpResponse<PendingRequests> pending(Authentication auth) {
        Me.Resident r = me.resident(auth);
        return gate.ownListing(r.caller(), r.residentId(), "read the requests waiting for their answer", HttpResponse
                .ok(new PendingRequests(requests.pendingFor(r.residentId()))).header("Cache-Control", "no-store"));
    }

    @Post(uri = "/{id}/approve", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Refuses.Change
    @Refuses.Conflict
    public HttpResponse<Approved> approve(Authentication auth, @PathVariable String id,
            @Nullable @Valid @Body ApprovalForm body) {
        Me.Resident r = me.resident(auth);
        ApprovalForm form = body == null ? new ApprovalForm(null, null) : body;
        AccessRequests.Approval a = requests.approve(r.caller(), r.residentId(), id,
                java.util.Optional.ofNullable(form.sections()).map(Codes::sections),
                java.util.Optional.ofNullable(form.until()));
        return HttpResponse.ok(
                new Approved(id, "approved", AccessRequests.sectionCodes(a.sections()), a.until(), a.provisionId()));
    }

    @Post(uri = "/{id}/refuse", produces = MediaType.APPLICATION_JSON)
    @Refuses.Read
    @Refuses.Conflict
    public HttpResponse<Refusal> refuse(Authentication auth, @PathVariable String id) {
        Me.Resident r = me.resident(auth);
        requests.refuse(r.caller(), r.residentId(), id);
        return HttpResponse.ok(new Refusal(id, "refused"));
    }

}
