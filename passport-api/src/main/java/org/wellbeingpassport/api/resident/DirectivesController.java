package org.wellbeingpassport.api.resident;

import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.notices.Recipients;

import org.wellbeingpassport.api.auth.ResidentAccounts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditEntry;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditTrail;
import org.wellbeingpassport.api.auth.AuditAgents;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.http.FhirMediaTypes;
import org.wellbeingpassport.api.http.ETags;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.passport.ConsentCodec;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Validated;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.consent.ConsentMapping;

/**
 * A resident's choices about who sees what: read them (as FHIR Consent), replace them, revoke one, see every
 * earlier version. Every change is a new version; decisions record the version they used.
 */
@Controller("/me/consent")
@Secured("resident")
public class DirectivesController {
    private final ResidentAccounts accounts;
    private final DirectiveStore directives;
    private final ConsentCodec codec;
    private final Gate gate;
    private final Recipients recipients;

    public DirectivesController(ResidentAccounts accounts, DirectiveStore directives, ConsentCodec codec, Gate gate,
            Recipients recipients) {
        this.recipients = recipients;
        this.accounts = accounts;
        this.directives = directives;
        this.codec = codec;
        this.gate = gate;
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "my sharing choices as a FHIR Consent", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/fhir+json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Consent.class)))
    @Refuses.Read
    @Get(produces = FhirMediaTypes.FHIR_JSON)
    public HttpResponse<String> current(Authentication auth) {
        Caller me = Callers.of(auth);
        String rid = MyPassport.of(accounts, me);
        DirectiveSet set = directives.current(rid);
        return gate.ownListing(me, rid, "read their choices",
                HttpResponse.ok(Fhir.write(codec.toConsent(set, Instant.now())))
                        .contentType(FhirMediaTypes.FHIR_JSON_TYPE).header("ETag", "W/\"" + set.version() + "\""));
    }

    /** Replaces every provision with those of the Consent sent (validated: every problem is listed). */
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
            @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/fhir+json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Consent.class)),
            @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Consent.class))})
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "the new version of my Consent", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/fhir+json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Consent.class)))
    @Refuses.Change
    @Refuses.Stale
    @Put(consumes = {FhirMediaTypes.FHIR_JSON, "application/json"}, produces = FhirMediaTypes.FHIR_JSON)
    public HttpResponse<String> replace(Authentication auth, @Body String body,
            @Nullable @Header("If-Match") String ifMatch) {
        Caller me = Callers.of(auth);
        String rid = MyPassport.of(accounts, me);
        ObjectNode consent;
        try {
            consent = Fhir.json().readTree(body) instanceof ObjectNode o ? o : null;
        } catch (java.io.IOException | RuntimeException e) {
            consent = null;
        }
        if (consent == null) {
            throw Problem.badRequest("Send your choices as a FHIR Consent resource (JSON)");
        }
        consent.putObject("patient").put("reference", "Patient/" + rid);
        // read closed: anything not understood is a 422 naming its path, never dropped (a grant never widens)
        ConsentMapping.Read<DirectiveSet> read = ConsentMapping.directives(Fhir.write(consent));
        if (!read.ok()) {
            throw Problem.invalid("These choices cannot be used as they are", read.problems());
        }
        OptionalLong expected = ifMatch == null ? OptionalLong.empty() : OptionalLong.of(ETags.ifMatch(ifMatch));
        Gate.Change change = consentChange(me, rid, "replaced");
        List<Provision> provisions = read.orElseThrow().provisions();
        return saved(change, gate.change(change, () -> directives.save(rid, expected, provisions)));
    }

    /** Revokes one provision now: it stops disclosing on the very next request. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "my Consent without that provision", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/fhir+json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Consent.class)))
    @Refuses.Read
    @Post(uri = "/provisions/{provisionId}/revoke", produces = FhirMediaTypes.FHIR_JSON)
    public HttpResponse<String> revoke(Authentication auth, @PathVariable String provisionId) {
        Caller me = Callers.of(auth);
        String rid = MyPassport.of(accounts, me);
        DirectiveSet set = directives.current(rid);
        Validated<DirectiveSet> revoked = set.revoke(provisionId, Instant.now());
        if (revoked instanceof Validated.Invalid<DirectiveSet>) {
            // the same 404 as anything else not there (never the validator's own words)
            throw Problem.notAvailable();
        }
        List<Provision> provisions = revoked.orElseThrow().provisions();
        Gate.Change change = consentChange(me, rid, "revoked " + provisionId);
        return saved(change,
                gate.change(change, () -> directives.save(rid, OptionalLong.of(set.version()), provisions)));
    }

    /** Every version of my choices, newest first. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "every version of my Consent (a FHIR history Bundle)", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/fhir+json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Bundle.class)))
    @Refuses.Read
    @Get(uri = "/_history", produces = FhirMediaTypes.FHIR_JSON)
    public HttpResponse<String> history(Authentication auth) {
        Caller me = Callers.of(auth);
        String rid = MyPassport.of(accounts, me);
        ObjectNode bundle = Fhir.json().createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "history");
        List<DirectiveStore.Version> versions = directives.versions(rid, 100);
        bundle.put("total", versions.isEmpty() ? 0 : versions.get(0).version());
        ArrayNode entries = bundle.putArray("entry");
        for (DirectiveStore.Version v : versions) {
            entries.addObject().set("resource", Fhir.tree(v.json()));
        }
        return gate.ownListing(me, rid, "read the history of their choices",
                HttpResponse.ok(Fhir.write(bundle)).contentType(FhirMediaTypes.FHIR_JSON_TYPE));
    }

    /** A consent change as the audit trail records it, before it is made. */
    private static Gate.Change consentChange(Caller me, String rid, String what) {
        return new Gate.Change(me, AuditAction.CONSENT_CHANGE, rid, List.of("Consent/" + DirectiveStore.idFor(rid)),
                java.util.Optional.empty(), "resident", what);
    }

    private HttpResponse<String> saved(Gate.Change change, DirectiveStore.Saved saved) {
        if (!(saved instanceof DirectiveStore.Saved.Written)) {
            gate.notApplied(change,
                    saved instanceof DirectiveStore.Saved.Conflict
                            ? "a newer version was there"
                            : "the choices were not valid");
        }
        if (saved instanceof DirectiveStore.Saved.Written w) {
            change.residentId().ifPresent(rid -> recipients.accessChanged(rid, Instant.now())); // those who lost access are told
            return HttpResponse.ok(Fhir.write(codec.toConsent(w.directives(), Instant.now())))
                    .contentType(FhirMediaTypes.FHIR_JSON_TYPE)
                    .header("ETag", "W/\"" + w.directives().version() + "\"");
        }
        if (saved instanceof DirectiveStore.Saved.Invalid i) {
            throw Problem.invalid("These choices cannot be used as they are",
                    i.problems().stream().map(p -> p.where() + ": " + p.message()).toList());
        }
        if (saved instanceof DirectiveStore.Saved.Conflict c) {
            throw new Problem(HttpStatus.PRECONDITION_FAILED, "Changed since you read it",
                    "Your choices are now at version " + c.currentVersion() + "; read them again first.");
        }
        throw Problem.notAvailable();
    }
}
