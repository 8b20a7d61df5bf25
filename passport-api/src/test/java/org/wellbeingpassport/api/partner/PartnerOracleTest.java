package org.wellbeingpassport.api.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.example.Directory;

/**
 * The authorisation oracle for partner systems and scopes. A SMART partner is given different grants by each demo
 * resident; for every resident and every purpose: Patient/$everything is the gate's disclosure; every search by patient,
 * two at a time, pages through exactly that disclosure's resources of the type (same content, none twice, no
 * {@code total}, every page full but the last, a next link exactly when more follow); every read by id answers the
 * same content, or the same 404 as an id that does not exist; a withheld value never appears in any body; the audit
 * trail lists as read exactly what was sent. And a token's scopes bound it: without a type's scope, 403 and nothing
 * sent. Prints the count of cases and leaks.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class PartnerOracleTest {
    static final List<String> TYPES = List.of("Composition", "CarePlan", "Goal", "Condition", "Observation",
            "RelatedPerson", "ServiceRequest");
    /** Jean's health section and Gareth's trauma detail: never granted to this partner below. */
    static final List<String> WITHHELD = List.of("Arthritis in my knees", "I was first to reach my mate");

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    DirectiveStore directives;
    @Inject
    AuditQueries queries;

    @Test
    void partnerSearchesPagesAndReadsDiscloseExactlyTheGatesDecision() throws Exception {
        Http anonymous = new Http(server.getURI());
        SmartPartner p = SmartPartner.es384("oracle-" + UUID.randomUUID().toString().substring(0, 8));
        p.register(anonymous.as(new TestTokens(tokens).admin()), Directory.WIRRAL_GP.id(), Directory.WIRRAL_GP.name(),
                "gp-practice", List.of("system/*.rs"), Arrays.stream(Purpose.values()).map(Purpose::code).toList());
        Map<String, Scope> grants = new HashMap<>();
        grants.put("jean-whitfield", Scope.sections(StorySection.IDENTITY, StorySection.GOALS, StorySection.MEASURES,
                StorySection.CARE_PLAN));
        grants.put("delroy-campbell", Scope.everything());
        grants.put("gareth-pryce", Scope.sections(StorySection.IDENTITY, StorySection.COMMUNICATION));
        grants.put("ikenna-eze", Scope.sections(StorySection.GOALS));
        // kayleigh-brennan and nasreen-akhtar share nothing with this partner
        for (Map.Entry<String, Scope> g : grants.entrySet()) {
            var current = directives.current(g.getKey());
            var provisions = new ArrayList<>(current.provisions());
            provisions.add(Provision.permit("oracle-" + g.getKey()).to(Recipient.system(p.clientId, "oracle"))
                    .covering(g.getValue()).forPurposes(Purpose.DIRECT_CARE, Purpose.CARE_COORDINATION)
                    .grantedAt(Instant.now().minusSeconds(60)).build());
            assertTrue(directives.save(g.getKey(), OptionalLong.of(current.version()),
                    provisions) instanceof DirectiveStore.Saved.Written);
        }
        Http partner = anonymous.as(p.token(anonymous, "system/*.rs"));
        List<String> leaks = new ArrayList<>();
        Set<String> everSent = new TreeSet<>();
        int cases = 0;
        List<String> residents = List.of("jean-whitfield", "delroy-campbell", "gareth-pryce", "ikenna-eze",
                "kayleigh-brennan", "nasreen-akhtar");
        for (String resident : residents) {
            Set<String> sent = new TreeSet<>();
            for (Purpose purpose : Purpose.values()) {
                String what = resident + " / " + purpose.code();
                HttpResponse<String> all = partner
                        .get("/fhir/Patient/" + resident + "/$everything?purpose=" + purpose.code());
                cases++;
                Map<String, String> disclosed = new HashMap<>();
                if (all.statusCode() == 200) {
                    leaks.addAll(withheld(what + " $everything", all.body()));
                    for (JsonNode e : Fhir.tree(all.body()).path("entry")) {
                        JsonNode r = e.path("resource");
                        disclosed.put(r.path("resourceType").asText() + "/" + r.path("id").asText(), r.toString());
                    }
                    if (Fhir.tree(all.body()).has("total")) {
                        leaks.add(what + ": $everything has a total");
                    }
                } else if (all.statusCode() != 404) {
                    leaks.add(what + ": $everything answered " + all.statusCode());
                }
                sent.addAll(disclosed.keySet());
                for (String type : TYPES) {
                    cases++;
                    Map<String, String> expected = new HashMap<>();
                    disclosed.forEach((ref, json) -> {
                        if (ref.startsWith(type + "/")) {
                            expected.put(ref, json);
                        }
                    });
                    Map<String, String> found = new HashMap<>();
                    String next = "/fhir/" + type + "?patient=" + resident + "&_count=2&purpose=" + purpose.code();
                    int pages = 0;
                    while (next != null && pages < 50) {
                        HttpResponse<String> page = partner.get(next);
                        pages++;
                        if (page.statusCode() != 200) {
                            leaks.add(what + " " + type + ": search answered " + page.statusCode());
                            break;
                        }
                        leaks.addAll(withheld(what + " " + type + " search", page.body()));
                        JsonNode b = Fhir.tree(page.body());
                        if (b.has("total")) {
                            leaks.add(what + " " + type + ": a total");
                        }
                        if (b.has("entry") && b.path("entry").isEmpty()) {
                            leaks.add(what + " " + type + ": an empty entry array");
                        }
                        int n = b.path("entry").size();
                        next = null;
                        for (JsonNode l : b.path("link")) {
                            if (l.path("relation").asText().equals("next")) {
                                next = l.path("url").asText().replaceFirst("^https?://[^/]+", "");
                            }
                        }
                        if (next != null && n != 2) {
                            leaks.add(what + " " + type + ": a page of " + n + " before the last");
                        }
                        for (JsonNode e : b.path("entry")) {
                            JsonNode r = e.path("resource");
                            String ref = type + "/" + r.path("id").asText();
                            if (found.put(ref, r.toString()) != null) {
                                leaks.add(what + ": " + ref + " twice");
                            }
                        }
                    }
                    cases++;
                    HttpResponse<String> counted = partner.get(
                            "/fhir/" + type + "?patient=" + resident + "&_summary=count&purpose=" + purpose.code());
                    if (counted.statusCode() != 200
                            || Fhir.tree(counted.body()).path("total").asInt(-1) != expected.size()) {
                        leaks.add(what + " " + type + ": _summary=count answered " + counted.statusCode() + " "
                                + Fhir.tree(counted.body()).path("total") + " but " + expected.size() + " are shown");
                    }
                    if (!found.equals(expected)) {
                        leaks.add(what + " " + type + ": search found " + new TreeSet<>(found.keySet())
                                + " but $everything disclosed " + new TreeSet<>(expected.keySet()));
                    }
                    sent.addAll(found.keySet());
                    if (expected.isEmpty() && pages != 1) {
                        leaks.add(what + " " + type + ": nothing to find, yet " + pages + " pages");
                    }
                    // reads by id: the same content, or 404 like an id that does not exist
                    for (Map.Entry<String, String> x : expected.entrySet()) {
                        cases++;
                        HttpResponse<String> one = partner.get("/fhir/" + x.getKey() + "?purpose=" + purpose.code());
                        if (one.statusCode() != 200 || !Fhir.tree(one.body()).toString().equals(x.getValue())) {
                            leaks.add(what + ": read " + x.getKey() + " answered " + one.statusCode()
                                    + " or other content than $everything");
                        }
                    }
                }
            }
            // Patient by NHS number: found exactly when $everything shows the Patient with that number
            String nhs = nhsNumber(resident);
            for (Purpose purpose : Purpose.values()) {
                cases++;
                HttpResponse<String> all = partner
                        .get("/fhir/Patient/" + resident + "/$everything?purpose=" + purpose.code());
                boolean shown = all.statusCode() == 200 && all.body().contains(nhs);
                HttpResponse<String> byNhs = partner.get("/fhir/Patient?identifier="
                        + SmartPartner.enc(CodeSystems.NHS_NUMBER + "|" + nhs) + "&purpose=" + purpose.code());
                int n = Fhir.tree(byNhs.body()).path("entry").size();
                if (byNhs.statusCode() != 200 || n != (shown ? 1 : 0)) {
                    leaks.add(resident + " / " + purpose.code() + ": Patient?identifier found " + n + " (shown: "
                            + shown + ")");
                }
                leaks.addAll(withheld(resident + " Patient?identifier", byNhs.body()));
                // Composition/$document: exactly the $everything disclosure (plus directory entries), or the 404
                String composition = resident + "-composition";
                for (JsonNode e : all.statusCode() == 200 ? Fhir.tree(all.body()).path("entry") : Fhir.tree("{}")) {
                    if (e.path("resource").path("resourceType").asText().equals("Composition")) {
                        composition = e.path("resource").path("id").asText();
                    }
                }
                cases++;
                HttpResponse<String> doc = partner
                        .get("/fhir/Composition/" + composition + "/$document?purpose=" + purpose.code());
                leaks.addAll(withheld(resident + " $document", doc.body()));
                if (all.statusCode() == 200 && all.body().contains("\"Composition\"")) {
                    java.util.Set<String> inDoc = new TreeSet<>();
                    for (JsonNode e : Fhir.tree(doc.body()).path("entry")) {
                        String t = e.path("resource").path("resourceType").asText();
                        if (!List.of("Organization", "Practitioner", "PractitionerRole").contains(t)) {
                            inDoc.add(t + "/" + e.path("resource").path("id").asText());
                        }
                    }
                    java.util.Set<String> inAll = new TreeSet<>();
                    for (JsonNode e : Fhir.tree(all.body()).path("entry")) {
                        inAll.add(e.path("resource").path("resourceType").asText() + "/"
                                + e.path("resource").path("id").asText());
                    }
                    if (doc.statusCode() != 200 || !inDoc.equals(inAll)) {
                        leaks.add(resident + " / " + purpose.code() + ": $document answered " + doc.statusCode()
                                + " with other resources than $everything");
                    }
                } else if (doc.statusCode() != 404) {
                    leaks.add(resident + " / " + purpose.code()
                            + ": $document without a disclosed Composition answered " + doc.statusCode());
                }
            }
            // everything audited as read was sent, and everything sent was audited
            Set<String> audited = new TreeSet<>();
            for (var e : queries.search(
                    AuditQuery.all().withResident(resident).withActor(p.clientId).withAction(AuditAction.READ))) {
                audited.addAll(e.entry().resources());
            }
            everSent.addAll(sent);
            if (!audited.equals(sent)) {
                leaks.add(resident + ": audited as read " + audited + " but sent " + sent);
            }
        }
        // type history over the partner's working set: only what it was shown, never a withheld value
        for (String type : TYPES) {
            for (Purpose purpose : List.of(Purpose.DIRECT_CARE, Purpose.CARE_COORDINATION, Purpose.SAFEGUARDING)) {
                cases++;
                HttpResponse<String> h = partner
                        .get("/fhir/" + type + "/_history?_count=100&purpose=" + purpose.code());
                if (h.statusCode() != 200) {
                    leaks.add(type + " type history answered " + h.statusCode());
                    continue;
                }
                leaks.addAll(withheld(type + " type history", h.body()));
                for (JsonNode e : Fhir.tree(h.body()).path("entry")) {
                    String ref = type + "/" + e.path("resource").path("id").asText();
                    if (!everSent.contains(ref)) {
                        leaks.add(type + " type history (" + purpose.code() + ") sent " + ref
                                + ", which no read disclosed");
                    }
                }
            }
        }
        // ids the partner was never given, and ids of what it may not see: the same 404
        for (String ref : List.of("Observation/no-such-id", "Condition/kayleigh-brennan-condition-1",
                "Goal/nasreen-akhtar-goal-1")) {
            cases++;
            HttpResponse<String> r = partner.get("/fhir/" + ref + "?purpose=direct-care");
            if (r.statusCode() != 404) {
                leaks.add(ref + ": answered " + r.statusCode());
            }
        }
        // scopes: a token for Patient only gets nothing else
        SmartPartner narrow = SmartPartner.es384("oracle-narrow-" + UUID.randomUUID().toString().substring(0, 6));
        narrow.register(anonymous.as(new TestTokens(tokens).admin()), Directory.WIRRAL_GP.id(),
                Directory.WIRRAL_GP.name(), "gp-practice", List.of("system/Patient.r"), List.of("direct-care"));
        Http patientOnly = anonymous.as(narrow.token(anonymous, "system/Patient.r"));
        for (String path : List.of("/fhir/Observation?patient=delroy-campbell",
                "/fhir/Patient/delroy-campbell/$everything", "/fhir/Goal/delroy-campbell-goal-1")) {
            cases++;
            HttpResponse<String> r = patientOnly.get(path);
            if (r.statusCode() != 403 || r.body().contains("\"entry\"")) {
                leaks.add("scope system/Patient.r: " + path + " answered " + r.statusCode());
            }
        }
        System.out.println("Partner oracle: " + cases + " cases, " + leaks.size() + " leaks");
        assertTrue(cases > 300, "the oracle ran " + cases + " cases");
        assertEquals(List.of(), leaks);
    }

    private static String nhsNumber(String resident) {
        for (var e : org.wellbeingpassport.fhir.example.ExamplePassports.named(resident).passport().getEntry()) {
            if (e.getResource() instanceof org.hl7.fhir.r4.model.Patient p) {
                for (var i : p.getIdentifier()) {
                    if (CodeSystems.NHS_NUMBER.equals(i.getSystem())) {
                        return i.getValue();
                    }
                }
            }
        }
        throw new AssertionError("no NHS number for " + resident);
    }

    private static List<String> withheld(String what, String body) {
        List<String> out = new ArrayList<>();
        for (String w : WITHHELD) {
            if (body.contains(w)) {
                out.add(what + ": a withheld value left");
            }
        }
        return out;
    }
}
