package org.wellbeingpassport.api.contribution;

import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.gate.Gate;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import java.util.Optional;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.http.FhirMediaTypes;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.fhir.codes.ResidentAssertion;

/**
 * The resident: entries others proposed that await me, confirming one, and the history of an entry (which keeps every version, so a disputed original is never lost). Always my own
 * passport; anything else is the one 404. Disputing (a correction request) and what follows are in
 * {@code corrections}.
 */
@Controller("/me")
@Secured("resident")
public class ResidentEntriesController {
    private final ResidentAccounts accounts;
    private final ResidentEntries entries;
    private final Gate gate;

    public ResidentEntriesController(ResidentAccounts accounts, ResidentEntries entries, Gate gate) {
        this.gate = gate;
        this.accounts = accounts;
        this.entries = entries;
    }

    /** Entries by their resident-assertion: {@code proposed} (the default), {@code disputed} or {@code confirmed}. */
    @Refuses.Read
    @Refuses.Invalid
    @Get(uri = "/entries", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<ProposedEntries> list(Authentication auth, @Nullable @QueryValue String status) {
        String code = status == null || status.isBlank() ? ResidentAssertion.PROPOSED.code() : status;
        ResidentAssertion s = ResidentAssertion.fromCode(code).filter(a -> a != ResidentAssertion.WRITTEN)
                .orElseThrow(() -> Problem.invalid("The status is proposed, confirmed or disputed",
                        List.of("status: one of proposed, confirmed, disputed")));
        String rid = mine(auth);
        return gate.ownListing(me(auth), rid, "read the entries others proposed or they confirmed or disputed",
                noStore(new ProposedEntries(entries.list(rid, s))));
    }

    /** I confirm an entry someone else proposed (optionally one story section: {"section": "goals"}). */
    @Refuses.Change
    @Refuses.Conflict
    @Post(uri = "/passport/{type}/{id}/confirm", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Confirmed> confirm(Authentication auth, @PathVariable String type, @PathVariable String id,
            @Nullable @jakarta.validation.Valid @Body ConfirmBody body) {
        Optional<String> section = Optional.ofNullable(body).map(ConfirmBody::section).map(String::strip);
        long version = entries.confirm(me(auth), mine(auth), type, id, section);
        return noStore(new Confirmed(type + "/" + id, "confirmed", version)).header("ETag", "W/\"" + version + "\"");
    }

    /** Every version of one resource of my passport, newest first (a FHIR history Bundle). */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "every version, newest first (a FHIR history Bundle)", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/fhir+json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Bundle.class)))
    @Refuses.Read
    @Get(uri = "/passport/{type}/{id}/_history", produces = FhirMediaTypes.FHIR_JSON)
    public HttpResponse<byte[]> history(Authentication auth, @PathVariable String type, @PathVariable String id) {
        return HttpResponse.ok(entries.history(me(auth), mine(auth), type, id, Optional.empty()))
                .contentType(FhirMediaTypes.FHIR_JSON_TYPE).header("Cache-Control", "no-store");
    }

    /** One version of one resource of my passport. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "one version of the resource", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/fhir+json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Resource.class)))
    @Refuses.Read
    @Get(uri = "/passport/{type}/{id}/_history/{vid}", produces = FhirMediaTypes.FHIR_JSON)
    public HttpResponse<byte[]> version(Authentication auth, @PathVariable String type, @PathVariable String id,
            @PathVariable String vid) {
        long v;
        try {
            v = Long.parseLong(vid);
        } catch (NumberFormatException e) {
            throw Problem.notAvailable();
        }
        return HttpResponse.ok(entries.history(me(auth), mine(auth), type, id, Optional.of(v)))
                .contentType(FhirMediaTypes.FHIR_JSON_TYPE).header("Cache-Control", "no-store");
    }

    /** Entries others proposed, with where each stands. */
    public record ProposedEntries(List<ResidentEntries.Item> entries) {
    }

    /** An entry I confirmed, and its new version. */
    public record Confirmed(String entry, String status, long version) {
    }

    private static Caller me(Authentication auth) {
        return Callers.of(auth);
    }

    private String mine(Authentication auth) {
        return accounts.passportOf(Callers.of(auth)).orElseThrow(Problem::notAvailable);
    }

    private static <T> io.micronaut.http.MutableHttpResponse<T> noStore(T body) {
        return HttpResponse.ok(body).header("Cache-Control", "no-store");
    }
}
