package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.gate.Gate;

import org.wellbeingpassport.api.http.ApiErrors;
import org.wellbeingpassport.api.http.Refuses;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Status;
import jakarta.validation.Valid;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

/** Residents delegate to carers ({@code /me/carers}); carers see their own limits ({@code /carer/delegations}). */
@Controller
public class CarerController {
    private final Delegations delegations;
    private final Me me;
    private final Gate gate;

    public CarerController(Delegations delegations, Me me, Gate gate) {
        this.gate = gate;
        this.delegations = delegations;
        this.me = me;
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "addCarer", tags = "MyCarers")
    @Post(uri = "/me/carers", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Secured("resident")
    @Status(HttpStatus.CREATED)
    @Refuses.Change
    @Refuses.TooMany
    public HttpResponse<Delegation> add(Authentication auth, @Valid @Body CarerForm body) {
        Me.Resident r = me.resident(auth);
        return HttpResponse.created(delegations.add(r.caller(), r.residentId(), body.carerAccount().strip(),
                body.name().strip(), Codes.sections(body.sections()), Codes.purposes(body.purposes()),
                java.util.Optional.ofNullable(body.until())));
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "listCarers", tags = "MyCarers")
    @Get(uri = "/me/carers", produces = MediaType.APPLICATION_JSON)
    @Secured("resident")
    @Refuses.Read
    public Carers list(Authentication auth) {
        Me.Resident r = me.resident(auth);
        return gate.ownListing(r.caller(), r.residentId(), "read their carers",
                new Carers(delegations.ofResident(r.residentId())));
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "removeCarer", tags = "MyCarers")
    @Delete(uri = "/me/carers/{provisionId}", produces = {MediaType.APPLICATION_JSON, ApiErrors.PROBLEM_JSON})
    @Secured("resident")
    @Status(HttpStatus.NO_CONTENT)
    @Refuses.Read
    public HttpResponse<Void> revoke(Authentication auth, @PathVariable String provisionId) {
        Me.Resident r = me.resident(auth);
        delegations.revoke(r.caller(), r.residentId(), provisionId);
        return HttpResponse.noContent();
    }

    @Get(uri = "/carer/delegations", produces = MediaType.APPLICATION_JSON)
    @Secured("carer")
    @Refuses.Caller
    @Refuses.AuditDown
    public HttpResponse<CarerDelegations> mine(Authentication auth) {
        var carer = Me.carer(auth);
        CarerDelegations mine = new CarerDelegations(delegations.ofCarer(carer.account()));
        return gate.listing(carer, mine.delegations().stream().map(Delegation::residentId).toList(),
                "a carer read what they may do for whom", HttpResponse.ok(mine).header("Cache-Control", "no-store"));
    }
}
