package org.wellbeingpassport.api.access;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import java.util.Map;

/** Residents delegate to carers ({@code /me/carers}); carers see their own limits ({@code /carer/delegations}). */
@Controller
public class CarerController {
    private final Delegations delegations;
    private final Me me;

    public CarerController(Delegations delegations, Me me) {
        this.delegations = delegations;
        this.me = me;
    }

    @Post(uri = "/me/carers", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Secured("resident")
    public HttpResponse<Map<String, Object>> add(Authentication auth, @Body String body) {
        Me.Resident r = me.resident(auth);
        var json = Bodies.parse(body, "carerAccount", "name", "sections", "purposes", "until");
        String account = Bodies.text(json, "carerAccount", 300);
        if (!account.contains("|") || account.startsWith("|") || account.endsWith("|")) {
            throw org.wellbeingpassport.api.http.Problem.invalid(
                    "'carerAccount' is the carer's sign-in, issuer|subject", List.of("carerAccount: issuer|subject"));
        }
        String name = Bodies.text(json, "name", 200);
        var sections = Bodies.sections(json, "sections");
        var purposes = Bodies.purposes(json, "purposes");
        var until = Bodies.optionalDate(json, "until");
        return HttpResponse.<Map<String, Object>>created(
                delegations.add(r.caller(), r.residentId(), account, name, sections, purposes, until));
    }

    @Get(uri = "/me/carers", produces = MediaType.APPLICATION_JSON)
    @Secured("resident")
    public Map<String, Object> list(Authentication auth) {
        Me.Resident r = me.resident(auth);
        return Map.of("carers", delegations.ofResident(r.residentId()));
    }

    @Delete(uri = "/me/carers/{provisionId}", produces = MediaType.APPLICATION_JSON)
    @Secured("resident")
    public HttpResponse<Void> revoke(Authentication auth, @PathVariable String provisionId) {
        Me.Resident r = me.resident(auth);
        delegations.revoke(r.caller(), r.residentId(), provisionId);
        return HttpResponse.noContent();
    }

    @Get(uri = "/carer/delegations", produces = MediaType.APPLICATION_JSON)
    @Secured("carer")
    public HttpResponse<Map<String, Object>> mine(Authentication auth) {
        var carer = Me.carer(auth);
        return HttpResponse.ok(Map.<String, Object>of("delegations", delegations.ofCarer(carer.account())))
                .header("Cache-Control", "no-store");
    }
}
