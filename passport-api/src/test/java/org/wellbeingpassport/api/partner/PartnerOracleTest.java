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

    /** Resources revincluded, and stored Provenances of a page's matches that were withheld (so rightly absent). */
    int revIncluded;
    int withheldProvenances;
    /** Stored Provenances read by id: shown (as $everything sent them) and refused (the 404 of an id never stored). */
    int provenancesShown;
    int provenancesRefused;
    /** Type history answers that took more than one page. */
    int pagedHistories;

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
                // every stored Provenance by id: the content $everything sent, or the very 404 of an id never stored
                String absent = partner.get("/fhir/Provenance/no-such-provenance?purpose=" + purpose.code()).body();
                for (var pe : org.wellbeingpassport.fhir.example.ExamplePassports.named(resident).passport()
                        .getEntry()) {
                    if (pe.getResource() instanceof org.hl7.fhir.r4.model.Provenance pv) {
                        String id = pv.getIdElement().getIdPart();
                        String ref = "Provenance/" + id;
                        cases++;
                        HttpResponse<String> one = partner.get("/fhir/" + ref + "?purpose=" + purpose.code());
                        String shown = disclosed.get(ref);
                        if (shown == null) {
                            provenancesRefused++;
                        } else {
                            provenancesShown++;
                        }
                        boolean right = shown == null
                                ? one.statusCode() == 404 && one.body().replace(id, "no-such-provenance").equals(absent)
                                : one.statusCode() == 200 && Fhir.tree(one.body()).toString().equals(shown);
                        if (!right) {
                            leaks.add(what + ": read " + ref + " answered " + one.statusCode()
                                    + (shown == null
                                            ? " unlike an id never stored"
                                            : " or other content than $everything"));
                        }
                    }
                }
                for (String type : TYPES) {
                    cases++;
                    Map<String, String> expected = new HashMap<>();
                    disclosed.forEach((ref, json) -> {
                        if (ref.startsWith(type + "/")) {
                            expected.put(ref, json);
                        }
                    });
                    Map<String, String> found = new HashMap<>();
                    List<List<String>> plainPages = new ArrayList<>();
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
                        List<String> onPage = new ArrayList<>();
                        for (JsonNode e : b.path("entry")) {
                            JsonNode r = e.path("resource");
                            String ref = type + "/" + r.path("id").asText();
                            onPage.add(ref);
                            if (found.put(ref, r.toString()) != null) {
                                leaks.add(what + ": " + ref + " twice");
                            }
                        }
                        plainPages.add(onPage);
                    }
                    // the same search with _revinclude=Provenance:target and _include:iterate: the same pages of
                    // matches with the same links, and as includes exactly the disclosed Provenances whose target
                    // (as disclosed) is a match on the page, then directory resources only
                    cases++;
                    sent.addAll(revIncludePages(partner, what, type, resident, purpose, disclosed, plainPages, leaks));
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
                // Patient?_id with every _revinclude: exactly the disclosed resources that refer to the Patient
                cases++;
                sent.addAll(patientRevIncludes(partner, resident, purpose, all, leaks));
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
        // type history over the partner's working set: only what it was shown, never a withheld value; paged two at
        // a time to the end it gives exactly the one-page answer, newest first, with no total, every page full but
        // the last and a next link exactly when more follow
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
                List<String> whole = new ArrayList<>();
                for (JsonNode e : Fhir.tree(h.body()).path("entry")) {
                    String ref = type + "/" + e.path("resource").path("id").asText();
                    whole.add(ref + "/_history/" + e.path("resource").path("meta").path("versionId").asText());
                    if (!everSent.contains(ref)) {
                        leaks.add(type + " type history (" + purpose.code() + ") sent " + ref
                                + ", which no read disclosed");
                    }
                }
                if (Fhir.tree(h.body()).has("total")) {
                    leaks.add(type + " type history has a total");
                }
                cases++;
                List<String> paged = new ArrayList<>();
                String next = "/fhir/" + type + "/_history?_count=2&purpose=" + purpose.code();
                int pages = 0;
                while (next != null && pages < 60) {
                    HttpResponse<String> page = partner.get(next);
                    pages++;
                    if (page.statusCode() != 200) {
                        leaks.add(type + " type history page answered " + page.statusCode());
                        break;
                    }
                    leaks.addAll(withheld(type + " type history page", page.body()));
                    JsonNode b = Fhir.tree(page.body());
                    next = null;
                    for (JsonNode l : b.path("link")) {
                        if (l.path("relation").asText().equals("next")) {
                            next = l.path("url").asText().replaceFirst("^https?://[^/]+", "");
                        }
                    }
                    int n = b.path("entry").size();
                    if (b.has("total") || (b.has("entry") && n == 0) || (next != null && n != 2)) {
                        leaks.add(type + " type history (" + purpose.code() + "): a page of " + n + ", a total or"
                                + " an empty entry array before the last");
                    }
                    for (JsonNode e : b.path("entry")) {
                        paged.add(type + "/" + e.path("resource").path("id").asText() + "/_history/"
                                + e.path("resource").path("meta").path("versionId").asText());
                    }
                }
                pagedHistories += pages > 1 ? 1 : 0;
                if (!paged.equals(whole)) {
                    leaks.add(type + " type history (" + purpose.code() + "): paged " + paged + " but whole " + whole);
                }
            }
        }
        for (String bad : List.of("_count=x", "_offset=-1", "_since=yesterday", "_sort=date", "_count=1&_count=2")) {
            cases++;
            HttpResponse<String> r = partner.get("/fhir/Observation/_history?" + bad + "&purpose=direct-care");
            String name = bad.substring(0, bad.indexOf('='));
            if (r.statusCode() != 400 || !r.body().contains("OperationOutcome") || !r.body().contains(name)) {
                leaks.add("type history ?" + bad + " answered " + r.statusCode() + " " + r.body());
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
        // a revinclude needs the scope of what it reaches: a token for Compositions only gets no Provenance
        SmartPartner compositions = SmartPartner.es384("oracle-comp-" + UUID.randomUUID().toString().substring(0, 6));
        compositions.register(anonymous.as(new TestTokens(tokens).admin()), Directory.WIRRAL_GP.id(),
                Directory.WIRRAL_GP.name(), "gp-practice", List.of("system/Composition.rs"), List.of("direct-care"));
        Http compositionsOnly = anonymous.as(compositions.token(anonymous, "system/Composition.rs"));
        cases++;
        HttpResponse<String> noScope = compositionsOnly
                .get("/fhir/Composition?patient=delroy-campbell&_revinclude=Provenance:target");
        if (noScope.statusCode() != 403 || noScope.body().contains("\"entry\"")
                || !noScope.body().contains("Provenance")) {
            leaks.add("scope system/Composition.rs: _revinclude=Provenance:target answered " + noScope.statusCode());
        }
        System.out.println("Partner oracle: " + cases + " cases, " + leaks.size() + " leaks (" + revIncluded
                + " resources revincluded, " + withheldProvenances + " withheld Provenances of a match left out, "
                + pagedHistories + " type histories over several pages, Provenances read by id: " + provenancesShown
                + " shown, " + provenancesRefused + " refused)");
        assertTrue(cases > 300, "the oracle ran " + cases + " cases");
        assertTrue(revIncluded > 0 && withheldProvenances > 0 && pagedHistories > 0 && provenancesShown > 0
                && provenancesRefused > 0, "the revinclude and history checks had something to check");
        assertEquals(List.of(), leaks);
    }

    /**
     * The search of {@code type} with {@code _revinclude=Provenance:target} and {@code _include:iterate}, paged two at
     * a time: returns what it sent of the resident's (the revincluded Provenances), adds each difference from what
     * the plain search and $everything say to {@code leaks}.
     */
    private Set<String> revIncludePages(Http partner, String what, String type, String resident, Purpose purpose,
            Map<String, String> disclosed, List<List<String>> plainPages, List<String> leaks) {
        Set<String> sent = new TreeSet<>();
        String next = "/fhir/" + type + "?patient=" + resident + "&_count=2&_revinclude=Provenance:target"
                + "&_include:iterate=Provenance:agent&_include:iterate=PractitionerRole:organization&purpose="
                + purpose.code();
        List<List<String>> pages = new ArrayList<>();
        while (next != null && pages.size() < 50) {
            HttpResponse<String> page = partner.get(next);
            if (page.statusCode() != 200) {
                leaks.add(what + " " + type + ": _revinclude search answered " + page.statusCode());
                return sent;
            }
            leaks.addAll(withheld(what + " " + type + " _revinclude search", page.body()));
            JsonNode b = Fhir.tree(page.body());
            if (b.has("total")) {
                leaks.add(what + " " + type + ": a total with _revinclude");
            }
            next = null;
            for (JsonNode l : b.path("link")) {
                if (l.path("relation").asText().equals("next")) {
                    next = l.path("url").asText().replaceFirst("^https?://[^/]+", "");
                }
            }
            List<String> matches = new ArrayList<>();
            Set<String> provenances = new TreeSet<>();
            Set<String> inBundle = new TreeSet<>();
            for (JsonNode e : b.path("entry")) {
                JsonNode r = e.path("resource");
                String ref = r.path("resourceType").asText() + "/" + r.path("id").asText();
                inBundle.add(ref);
                if (e.path("search").path("mode").asText().equals("match")) {
                    matches.add(ref);
                } else if (ref.startsWith("Provenance/")) {
                    provenances.add(ref);
                    if (!r.toString().equals(disclosed.get(ref))) {
                        leaks.add(what + " " + type + ": " + ref + " revincluded, not as $everything disclosed it");
                    }
                } else if (!List.of("Organization", "Practitioner", "PractitionerRole")
                        .contains(r.path("resourceType").asText())) {
                    leaks.add(what + " " + type + ": included " + ref);
                }
            }
            Set<String> expected = new TreeSet<>();
            disclosed.forEach((ref, json) -> {
                if (ref.startsWith("Provenance/")) {
                    for (JsonNode t : Fhir.tree(json).path("target")) {
                        String target = t.path("reference").asText().replaceFirst("/_history/.*$", "");
                        if (matches.contains(target)) {
                            expected.add(ref);
                        }
                    }
                }
            });
            revIncluded += provenances.size();
            for (var e : org.wellbeingpassport.fhir.example.ExamplePassports.named(resident).passport().getEntry()) {
                if (e.getResource() instanceof org.hl7.fhir.r4.model.Provenance pv
                        && !disclosed.containsKey("Provenance/" + pv.getIdElement().getIdPart())
                        && pv.getTarget().stream()
                                .anyMatch(t -> matches.contains(t.getReference().replaceFirst("/_history/.*$", "")))) {
                    withheldProvenances++;
                }
            }
            if (!provenances.equals(expected)) {
                leaks.add(what + " " + type + ": revincluded " + provenances + " but the disclosed Provenances of"
                        + " the page are " + expected);
            }
            // every reference to the directory in the bundle resolves inside it (the includes iterate)
            for (JsonNode e : b.path("entry")) {
                if (e.path("resource").path("resourceType").asText().equals("Provenance")) {
                    for (JsonNode a : e.path("resource").path("agent")) {
                        String who = a.path("who").path("reference").asText();
                        if (who.matches("(Organization|Practitioner|PractitionerRole)/.*") && !inBundle.contains(who)) {
                            leaks.add(what + " " + type + ": " + who + " not included by _include:iterate");
                        }
                    }
                }
            }
            sent.addAll(provenances);
            pages.add(matches);
        }
        if (!pages.equals(plainPages)) {
            leaks.add(what + " " + type + ": with _revinclude the pages were " + pages + ", without " + plainPages);
        }
        return sent;
    }

    /** {@code Patient?_id=} with each {@code _revinclude} the Patient takes: exactly what refers to it, disclosed. */
    private Set<String> patientRevIncludes(Http partner, String resident, Purpose purpose,
            HttpResponse<String> everything, List<String> leaks) {
        Set<String> sent = new TreeSet<>();
        Map<String, String> disclosed = new HashMap<>();
        if (everything.statusCode() == 200) {
            for (JsonNode e : Fhir.tree(everything.body()).path("entry")) {
                JsonNode r = e.path("resource");
                disclosed.put(r.path("resourceType").asText() + "/" + r.path("id").asText(), r.toString());
            }
        }
        String what = resident + " / " + purpose.code() + " Patient?_revinclude";
        for (String rev : List.of("Observation:subject", "Condition:patient", "Goal:subject", "RelatedPerson:patient",
                "Provenance:target")) {
            String source = rev.substring(0, rev.indexOf(':'));
            String element = source.equals("RelatedPerson")
                    ? "patient"
                    : source.equals("Provenance") ? "target" : "subject";
            HttpResponse<String> r = partner
                    .get("/fhir/Patient?_id=" + resident + "&_revinclude=" + rev + "&purpose=" + purpose.code());
            if (r.statusCode() != 200) {
                leaks.add(what + "=" + rev + " answered " + r.statusCode());
                continue;
            }
            leaks.addAll(withheld(what, r.body()));
            Set<String> expected = new TreeSet<>();
            if (disclosed.containsKey("Patient/" + resident)) {
                disclosed.forEach((ref, json) -> {
                    JsonNode x = Fhir.tree(json).path(element);
                    for (JsonNode t : x.isArray() ? x : Fhir.json().createArrayNode().add(x)) {
                        if (ref.startsWith(source + "/") && t.path("reference").asText()
                                .replaceFirst("/_history/.*$", "").equals("Patient/" + resident)) {
                            expected.add(ref);
                        }
                    }
                });
            }
            Set<String> included = new TreeSet<>();
            int matches = 0;
            for (JsonNode e : Fhir.tree(r.body()).path("entry")) {
                JsonNode res = e.path("resource");
                String ref = res.path("resourceType").asText() + "/" + res.path("id").asText();
                if (e.path("search").path("mode").asText().equals("include")) {
                    included.add(ref);
                    if (!res.toString().equals(disclosed.get(ref))) {
                        leaks.add(what + "=" + rev + ": " + ref + " not as $everything disclosed it");
                    }
                } else {
                    matches++;
                }
            }
            if (matches != (disclosed.containsKey("Patient/" + resident) ? 1 : 0) || !included.equals(expected)) {
                leaks.add(what + "=" + rev + ": " + matches + " matches, included " + included + " but expected "
                        + expected);
            }
            sent.addAll(included);
            revIncluded += included.size();
        }
        return sent;
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
