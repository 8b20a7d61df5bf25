package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.passport.Evaluation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.wellbeingpassport.api.http.ApiErrors;
import org.wellbeingpassport.api.http.FhirSchemas;
import org.wellbeingpassport.api.http.ProblemBody;
import io.micronaut.security.authentication.Authentication;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wellbeingpassport.consent.Decision;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.http.FhirMediaTypes;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.http.Purposes;
import org.wellbeingpassport.consent.AccessRequest;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * Reading someone's passport: professionals, carers and partner systems, always for a stated purpose, always
 * through consent. The answer is the consented, redacted passport as a FHIR Bundle, or 404 whatever the reason.
 */
@Controller("/passports")
@Tag(name = "Passports", description = "a professional, carer or partner system reading a passport, through consent")
@Secured({"professional", "carer", "system"})
public class PassportController {
    private final Gate gate;

    public PassportController(Gate gate) {
        this.gate = gate;
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "readPassport")
    @Get(uri = "/{residentId}", produces = FhirMediaTypes.FHIR_JSON)
    @ApiResponse(responseCode = "200", description = "the consented, redacted passport", content = @Content(mediaType = FhirMediaTypes.FHIR_JSON, schema = @Schema(implementation = FhirSchemas.Bundle.class)))
    @Refuses.Change
    public HttpResponse<byte[]> read(HttpRequest<?> request, Authentication auth, @PathVariable String residentId,
            @Nullable @QueryValue @Schema(description = "a purpose code", example = "support-planning") String purpose) {
        Purpose why = Purposes.query(purpose);
        byte[] body = gate
                .passport(Callers.of(auth), residentId, why,
                        Optional.of(request.getRemoteAddress().getAddress().getHostAddress()))
                .map(Gate.Disclosure::bundle).orElseThrow(Problem::notAvailable);
        return HttpResponse.ok(body).contentType(FhirMediaTypes.FHIR_JSON_TYPE).header("Cache-Control", "no-store");
    }

    /**
     * "Why can't I see this?": what the caller can see for this purpose, and how to ask for more. It never names or
     * counts what is withheld, and answers 404 exactly as a read would when nothing is visible.
     */
    @io.swagger.v3.oas.annotations.Operation(operationId = "why")
    @Get(uri = "/{residentId}/why", produces = "application/json")
    @Refuses.Change
    public HttpResponse<WhyView> explain(Authentication auth, @PathVariable String residentId,
            @Nullable @QueryValue @Schema(description = "a purpose code", example = "support-planning") String purpose) {
        Purpose why = Purposes.query(purpose);
        Evaluation ev = gate.explain(Callers.of(auth), residentId, why).orElseThrow(Problem::notAvailable);
        java.util.Set<String> shown = new java.util.LinkedHashSet<>();
        for (Decision d : ev.decisions()) {
            if (d.anyDisclosed()) {
                shown.add(d.section().map(StorySection::label).orElse(d.resourceType()));
            }
        }
        return HttpResponse.ok(new WhyView(why.label(), List.copyOf(shown),
                "You see what this person has chosen to share with you for " + why.label()
                        + ". Anything else is not shared with you for this purpose; that is their choice and is not an"
                        + " error. To see more, ask them: send an access request with your purpose and reason."))
                .header("Cache-Control", "no-store");
    }

    /** The same answer as a map (the pages read it in process). */
    public Map<String, Object> why(Authentication auth, String residentId, String purpose) {
        WhyView v = explain(auth, residentId, purpose).body();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("purpose", v.purpose());
        body.put("youCanSee", v.youCanSee());
        body.put("explanation", v.explanation());
        return body;
    }
}
