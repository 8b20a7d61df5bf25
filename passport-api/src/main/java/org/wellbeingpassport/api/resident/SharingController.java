package org.wellbeingpassport.api.resident;

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
@Secured("resident")
public class SharingController {
    private final ResidentAccounts accounts;
    private final ResidentSharing sharing;

    public SharingController(ResidentAccounts accounts, ResidentSharing sharing) {
        this.accounts = accounts;
        this.sharing = sharing;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<SharingChoices> list(Authentication auth) {
        String rid = MyPassport.of(accounts, Callers.of(auth));
        return HttpResponse.ok(new SharingChoices(sharing.list(rid, Instant.now()))).header("Cache-Control",
                "no-store");
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Status(HttpStatus.CREATED)
    public HttpResponse<SharingChoice> share(Authentication auth, @Valid @Body SharingForm body) {
        Caller me = Callers.of(auth);
        String rid = MyPassport.of(accounts, me);
        SharingChoice made = sharing.add(me, rid, body, Instant.now());
        return HttpResponse.created(made).header("Location", "/me/sharing/" + made.id()).header("Cache-Control",
                "no-store");
    }

    @Delete(uri = "/{id}")
    @Status(HttpStatus.NO_CONTENT)
    public HttpResponse<Void> stop(Authentication auth, @PathVariable String id) {
        Caller me = Callers.of(auth);
        String rid = MyPassport.of(accounts, me);
        sharing.revoke(me, rid, id, Instant.now());
        return HttpResponse.noContent();
    }
}
