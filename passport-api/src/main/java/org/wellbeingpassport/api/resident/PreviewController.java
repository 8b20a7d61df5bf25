package org.wellbeingpassport.api.resident;

import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.gate.Gate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.media.Schema;
import io.micronaut.security.authentication.Authentication;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.http.Purposes;
import org.wellbeingpassport.api.passport.Evaluation;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.Decision;
import org.wellbeingpassport.consent.Explanation;
import org.wellbeingpassport.consent.Organisation;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.fhir.Fhir;

/**
 * "What would they see?": exactly what a given professional, role or organisation would see of my passport for a
 * purpose, with a plain-language explanation per section. Nothing is disclosed to anyone by a preview.
 */
@Controller("/me/preview")
@io.swagger.v3.oas.annotations.tags.Tag(name = "MyPreview", description = "what a given reader would see, and why")
@Secured("resident")
public class PreviewController {
    private final ResidentAccounts accounts;
    private final Gate gate;

    public PreviewController(ResidentAccounts accounts, Gate gate) {
        this.accounts = accounts;
        this.gate = gate;
    }

    /**
     * @param role ProfessionalRole code; {@code organisationType} OrganisationType code; {@code practitioner} and
     *        {@code organisation} ids are optional (a named person, a named organisation).
     */
    @io.swagger.v3.oas.annotations.Operation(operationId = "preview")
    @Get(produces = "application/json")
    @Refuses.Change
    public HttpResponse<PreviewView> show(Authentication auth,
            @Nullable @QueryValue @Schema(description = "a purpose code", example = "support-planning") String purpose,
            @Nullable @QueryValue @Schema(description = "a professional role code", example = "social-prescribing-link-worker") String role,
            @Nullable @QueryValue @Schema(description = "an organisation type code", example = "voluntary-community") String organisationType,
            @Nullable @QueryValue String practitioner, @Nullable @QueryValue String name,
            @Nullable @QueryValue String organisation, @Nullable @QueryValue String organisationName) {
        return HttpResponse
                .ok(view(auth, purpose, role, organisationType, practitioner, name, organisation, organisationName))
                .header("Cache-Control", "no-store");
    }

    /** The same preview as JSON text (the pages read it in process). */
    public HttpResponse<String> preview(Authentication auth, String purpose, String role, String organisationType,
            String practitioner, String name, String organisation, String organisationName) {
        PreviewView v = view(auth, purpose, role, organisationType, practitioner, name, organisation, organisationName);
        return HttpResponse.ok(Fhir.write(Fhir.json().valueToTree(v))).contentType("application/json");
    }

    private PreviewView view(Authentication auth, String purpose, String role, String organisationType,
            String practitioner, String name, String organisation, String organisationName) {
        Caller me = Callers.of(auth);
        String rid = MyPassport.of(accounts, me);
        // the error rule for query parameters: one missing is malformed (400); one that names no code is
        // well-formed but invalid (422, with the parameter as the path of each problem)
        List<String> missing = new java.util.ArrayList<>();
        for (String[] p : new String[][]{{"purpose", purpose}, {"role", role},
                {"organisationType", organisationType}}) {
            if (p[1] == null || p[1].isBlank()) {
                missing.add(p[0] + ": required");
            }
        }
        if (!missing.isEmpty()) {
            throw new Problem(io.micronaut.http.HttpStatus.BAD_REQUEST, "Bad request",
                    "Say who to preview as, and for what: ?purpose=, ?role= and ?organisationType=", missing);
        }
        java.util.Optional<Purpose> why_ = Purpose.fromCode(purpose);
        java.util.Optional<ProfessionalRole> r_ = ProfessionalRole.fromCode(role);
        java.util.Optional<OrganisationType> t_ = OrganisationType.fromCode(organisationType);
        List<String> invalid = new java.util.ArrayList<>();
        if (why_.isEmpty()) {
            invalid.add("purpose: one of " + Purposes.codes());
        }
        if (r_.isEmpty()) {
            invalid.add("role: one of " + String.join(", ",
                    java.util.Arrays.stream(ProfessionalRole.values()).map(ProfessionalRole::code).toList()));
        }
        if (t_.isEmpty()) {
            invalid.add("organisationType: one of " + String.join(", ",
                    java.util.Arrays.stream(OrganisationType.values()).map(OrganisationType::code).toList()));
        }
        if (!invalid.isEmpty()) {
            throw Problem.invalid("A code in the query is not one this service knows", invalid);
        }
        Purpose why = why_.get();
        ProfessionalRole r = r_.get();
        OrganisationType t = t_.get();
        // a blank name from a form is no name: never "The  work coaches can see"
        name = blankIsNone(name);
        organisationName = blankIsNone(organisationName);
        practitioner = blankIsNone(practitioner);
        organisation = blankIsNone(organisation);
        String orgId = organisation == null ? "preview-organisation" : organisation;
        Actor.Professional reader_ = new Actor.Professional(
                practitioner == null ? "preview-practitioner" : practitioner, name == null ? "a " + r.label() : name, r,
                new Organisation(orgId, organisationName == null ? "a " + t.label() : organisationName, t));
        Gate.Preview preview = gate.preview(me, rid, reader_, why).orElseThrow(Problem::notAvailable);
        Evaluation ev = preview.evaluation();

        Map<String, List<String>> bySection = new LinkedHashMap<>();
        for (Decision d : ev.decisions()) {
            String label = d.section().map(s -> s.label()).orElse(d.resourceType());
            List<String> sentences = bySection.computeIfAbsent(label, k -> new java.util.ArrayList<>());
            for (String s : Explanation.sentences(d)) {
                if (!sentences.contains(s)) {
                    sentences.add(s);
                }
            }
        }
        List<PreviewView.Section> sections = new java.util.ArrayList<>();
        bySection.forEach((label, sentences) -> sections.add(new PreviewView.Section(label, List.copyOf(sentences))));
        ObjectNode bundle = Fhir.json().createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        bundle.set("entry", ev.entries());
        return new PreviewView(reader_.describe(), why.label(), preview.directiveVersion(), List.copyOf(sections),
                bundle);
    }

    private static String blankIsNone(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
