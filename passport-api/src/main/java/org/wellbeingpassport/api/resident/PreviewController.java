package org.wellbeingpassport.api.resident;

import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.gate.Gate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
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
    @Get(produces = "application/json")
    public HttpResponse<String> preview(Authentication auth, @Nullable @QueryValue String purpose,
            @Nullable @QueryValue String role, @Nullable @QueryValue String organisationType,
            @Nullable @QueryValue String practitioner, @Nullable @QueryValue String name,
            @Nullable @QueryValue String organisation, @Nullable @QueryValue String organisationName) {
        Caller me = Callers.of(auth);
        String rid = MyPassport.of(accounts, me);
        Purpose why = Purposes.required(purpose);
        ProfessionalRole r = ProfessionalRole.fromCode(role).orElseThrow(() -> Problem.badRequest(
                "Say which role to preview with ?role= (a role code, e.g. social-prescribing-link-worker)"));
        OrganisationType t = OrganisationType.fromCode(organisationType).orElseThrow(
                () -> Problem.badRequest("Say which kind of organisation with ?organisationType= (e.g. gp-practice)"));
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

        ObjectNode body = Fhir.json().createObjectNode();
        body.put("reader", reader_.describe());
        body.put("purpose", why.label());
        body.put("directiveVersion", preview.directiveVersion());
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
        ArrayNode sections = body.putArray("sections");
        bySection.forEach((label, sentences) -> {
            ObjectNode s = sections.addObject();
            s.put("section", label);
            ArrayNode ex = s.putArray("explanation");
            sentences.forEach(ex::add);
        });
        ObjectNode bundle = body.putObject("wouldSee");
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        bundle.set("entry", ev.entries());
        return HttpResponse.ok(Fhir.write(body)).contentType("application/json");
    }

    private static String blankIsNone(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
