package org.wellbeingpassport.api.resident;

import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.gate.Gate;

import org.wellbeingpassport.api.http.ApiErrors;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import jakarta.validation.Valid;
import java.time.Instant;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.auth.ResidentAccounts;

/**
 * My sharing choices without FHIR: who sees which sections, for what, until when. Stored as the same FHIR Consent
 * that {@code /me/consent} reads and writes, so the two always agree.
 */
@Controller("/me/sharing")
@io.swagger.v3.oas.annotations.tags.Tag(name = "MySharing", description = "a resident's sharing choices, without FHIR")
@Secured("resident")
public class SharingController {
    private final ResidentAccounts accounts;
    private final ResidentSharing sharing;
    private final Gate gate;

    public SharingController(ResidentAccounts accounts, ResidentSharing sharing, Gate gate) {
        this.gate = gate;
        this.accounts = accounts;
        this.sharing = sharing;
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "listSharingChoices")
    @Get(produces = MediaType.APPLICATION_JSON)
    @Refuses.Read
    public HttpResponse<SharingChoices> list(Authentication auth) {
        Caller me = Callers.of(auth);
        String rid = MyPassport.of(accounts, me);
        return gate.ownListing(me, rid, "read their sharing choices", HttpResponse
                .ok(new SharingChoices(sharing.list(rid, Instant.now()))).header("Cache-Control", "no-store"));
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "share")
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Status(HttpStatus.CREATED)
    @Refuses.Change
    @Refuses.Conflict
    public HttpResponse<SharingChoice> share(Authentication auth, @Valid @Body SharingForm body) {
        Caller me = Callers.of(auth);
        String rid = MyPassport.of(accounts, me);
        SharingChoice made = sharing.add(me, rid, body, Instant.now());
        return HttpResponse.created(made).header("Location", "/me/sharing/" + made.id()).header("Cache-Control",
                "no-store");
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "stopSharing")
    // no body on success: a client that accepts only the problem+json of a refusal is served too
    @Delete(uri = "/{id}", produces = {MediaType.APPLICATION_JSON, ApiErrors.PROBLEM_JSON})
    @Status(HttpStatus.NO_CONTENT)
    @Refuses.Read
    @Refuses.Conflict
    public HttpResponse<Void> stop(Authentication auth, @PathVariable String id) {
        Caller me = Callers.of(auth);
        String rid = MyPassport.of(accounts, me);
        sharing.revoke(me, rid, id, Instant.now());
        return HttpResponse.noContent();
    }
}
