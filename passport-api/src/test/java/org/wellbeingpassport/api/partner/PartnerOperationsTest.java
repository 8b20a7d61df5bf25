package org.wellbeingpassport.api.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.example.Directory;
import org.wellbeingpassport.fhir.validate.PassportValidator;

/**
 * Type-level history, $validate, Composition/$document, the project's conformance resources and the atomicity of
 * transactions, against a running server with real SMART partners: a full grant and a narrow one (Jean's goals only).
 * Every 200 body is valid R4 with 0 errors; withheld values never appear; what is sent is audited as read.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class PartnerOperationsTest {
    static final String JEAN = "jean-whitfield";
    /** In Jean's health section: not granted to the narrow partner. */
    static final String WITHHELD = "Arthritis in my knees";

    @BeforeAll
    static void warmValidator() {
        PassportValidator.shared().warmUp();
    }

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    DirectiveStore directives;
    @Inject
    AuditQueries queries;
    @Inject
    PassportStore store;

    final List<String> bodies = new ArrayList<>();
    Http anonymous;

    Http partner(String name, List<String> scopes, Scope grant) {
        SmartPartner p = SmartPartner.es384(name + "-" + UUID.randomUUID().toString().substring(0, 8));
        p.register(anonymous.as(new TestTokens(tokens).admin()), Directory.WIRRAL_GP.id(), Directory.WIRRAL_GP.name(),
                "gp-practice", scopes, List.of("direct-care"));
        var current = directives.current(JEAN);
        var provisions = new ArrayList<>(current.provisions());
        provisions.add(Provision.permit("ops-" + p.clientId).to(Recipient.system(p.clientId, p.clientId))
                .covering(grant).forPurposes(Purpose.DIRECT_CARE).grantedAt(Instant.now().minusSeconds(60)).build());
        assertTrue(directives.save(JEAN, OptionalLong.of(current.version()),
                provisions) instanceof DirectiveStore.Saved.Written);
        lastClient = p.clientId;
        return anonymous.as(p.token(anonymous, String.join(" ", scopes)));
    }

    String lastClient;

    /**
     * A whole-passport answer holds the Provenances that say who wrote each resource: a token that may read the
     * passport's types but not Provenance is told the scope it lacks (403, before anything is decided or recorded),
     * never sent the passport with or without them.
     */
    @Test
    void wholePassportAnswersNeedTheProvenanceScopeToo() {
        anonymous = new Http(server.getURI());
        List<String> noProvenance = List.of("system/Patient.rs", "system/Composition.rs", "system/CarePlan.rs",
                "system/Goal.rs", "system/Condition.rs", "system/Observation.rs", "system/RelatedPerson.rs",
                "system/ServiceRequest.rs");
        Http narrow = partner("ops-noprov", noProvenance, Scope.everything());
        Http full = partner("ops-prov", List.of("system/*.rs"), Scope.everything());
        JsonNode everything = ok(full.get("/fhir/Patient/" + JEAN + "/$everything"));
        assertTrue(everything.toString().contains("\"resourceType\":\"Provenance\""),
                "the whole passport carries Provenances");
        String composition = null;
        for (JsonNode e : everything.path("entry")) {
            if ("Composition".equals(e.path("resource").path("resourceType").asText())) {
                composition = e.path("resource").path("id").asText();
            }
        }
        assertTrue(composition != null);
        for (String path : List.of("/fhir/Patient/" + JEAN + "/$everything",
                "/fhir/Composition/" + composition + "/$document")) {
            HttpResponse<String> r = narrow.get(path);
            assertEquals(403, r.statusCode(), path + ": " + r.body());
            assertTrue(r.body().contains("OperationOutcome") && r.body().contains("system/Provenance.r"), r.body());
            assertFalse(r.body().contains(JEAN), "nothing of the resident: " + r.body());
        }
        // the same scopes with Provenance's read are answered
        Http withProvenance = partner(
                "ops-withprov", java.util.stream.Stream
                        .concat(noProvenance.stream(), java.util.stream.Stream.of("system/Provenance.r")).toList(),
                Scope.everything());
        assertEquals(everything.path("entry").size(),
                ok(withProvenance.get("/fhir/Patient/" + JEAN + "/$everything")).path("entry").size());
    }

    @Test
    void typeHistoryValidateDocumentConformanceAndAtomicTransactions() {
        anonymous = new Http(server.getURI());
        Http gp = partner("ops", List.of("system/*.cruds"), Scope.everything());
        String gpClient = lastClient;
        Http goalsOnly = partner("ops-narrow", List.of("system/*.rs"), Scope.sections(StorySection.GOALS));
        String narrowClient = lastClient;

        // ---- type history: nothing before the partner has been given anything of anyone
        JsonNode empty = ok(gp.get("/fhir/Observation/_history"));
        assertEquals("history", empty.path("type").asText());
        assertFalse(empty.has("entry"));
        JsonNode everything = ok(gp.get("/fhir/Patient/" + JEAN + "/$everything"));
        Map<String, String> disclosed = new HashMap<>();
        for (JsonNode e : everything.path("entry")) {
            JsonNode r = e.path("resource");
            disclosed.put(r.path("resourceType").asText() + "/" + r.path("id").asText(), r.toString());
        }
        JsonNode history = ok(gp.get("/fhir/Observation/_history?_count=100"));
        Set<String> inHistory = new TreeSet<>();
        Instant previous = Instant.MAX;
        for (JsonNode e : history.path("entry")) {
            JsonNode r = e.path("resource");
            assertEquals("Observation", r.path("resourceType").asText());
            assertEquals("Patient/" + JEAN, r.path("subject").path("reference").asText());
            assertTrue(e.has("request") && e.has("response"), "bdl-3/bdl-4: " + e);
            assertFalse(e.path("fullUrl").asText().contains("_history"), "bdl-8");
            Instant updated = Instant.parse(r.path("meta").path("lastUpdated").asText());
            assertFalse(updated.isAfter(previous), "newest first");
            previous = updated;
            inHistory.add("Observation/" + r.path("id").asText());
        }
        Set<String> observations = new TreeSet<>();
        disclosed.keySet().stream().filter(k -> k.startsWith("Observation/")).forEach(observations::add);
        assertEquals(observations, inHistory, "every version of what it sees in full, of its working set");
        assertEquals(2, ok(gp.get("/fhir/Observation/_history?_count=2")).path("entry").size());
        assertFalse(ok(gp.get("/fhir/Observation/_history?_since=2999-01-01T00:00:00Z")).has("entry"));
        assertEquals(400, gp.get("/fhir/Observation/_history?colour=blue").statusCode());
        // the narrow partner: goals it sees, no Observation at all
        ok(goalsOnly.get("/fhir/Patient/" + JEAN + "/$everything"));
        assertFalse(ok(goalsOnly.get("/fhir/Observation/_history")).has("entry"));
        JsonNode goals = ok(goalsOnly.get("/fhir/Goal/_history"));
        assertTrue(goals.path("entry").size() > 0);
        for (JsonNode e : goals.path("entry")) {
            assertEquals("Goal", e.path("resource").path("resourceType").asText());
        }

        // ---- $validate: an OperationOutcome, nothing written
        int before = count(gp);
        JsonNode valid = ok(gp.post("/fhir/Observation/$validate", HapiClientTest.measureJson(), "Content-Type",
                "application/fhir+json"));
        assertEquals("OperationOutcome", valid.path("resourceType").asText());
        assertFalse(valid.toString().contains("\"error\""), valid.toString());
        JsonNode invalid = ok(gp.post("/fhir/Observation/$validate",
                "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/" + JEAN + "\"}}",
                "Content-Type", "application/fhir+json"));
        assertTrue(invalid.toString().contains("\"error\"") && invalid.toString().contains("Observation.status"),
                invalid.toString());
        JsonNode parameters = ok(gp.post("/fhir/Goal/$validate",
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"resource\":"
                        + "{\"resourceType\":\"Goal\",\"unknownThing\":1}}]}",
                "Content-Type", "application/fhir+json"));
        assertTrue(parameters.toString().contains("unknownThing"), parameters.toString());
        assertEquals(400,
                gp.post("/fhir/Goal/$validate", HapiClientTest.measureJson(), "Content-Type", "application/fhir+json")
                        .statusCode(),
                "a Goal's $validate takes a Goal");
        assertEquals(400,
                gp.post("/fhir/Observation/other-id/$validate", "{\"resourceType\":\"Observation\",\"id\":\"this-id\"}",
                        "Content-Type", "application/fhir+json").statusCode());
        assertEquals(before, count(gp), "$validate writes nothing");

        // ---- Composition/$document: the $everything disclosure as a document, every reference inside
        String composition = disclosed.keySet().stream().filter(k -> k.startsWith("Composition/")).findFirst()
                .orElseThrow().substring("Composition/".length());
        JsonNode document = ok(gp.get("/fhir/Composition/" + composition + "/$document"));
        assertDocument(document, composition, disclosed);
        HttpResponse<String> unknown = gp.get("/fhir/Composition/no-such-composition/$document");
        assertEquals(404, unknown.statusCode());
        // the narrow partner: its own disclosure only; the Composition it may see or the one 404
        Map<String, String> narrowDisclosed = new HashMap<>();
        for (JsonNode e : ok(goalsOnly.get("/fhir/Patient/" + JEAN + "/$everything")).path("entry")) {
            JsonNode r = e.path("resource");
            narrowDisclosed.put(r.path("resourceType").asText() + "/" + r.path("id").asText(), r.toString());
        }
        HttpResponse<String> narrowDoc = goalsOnly.get("/fhir/Composition/" + composition + "/$document");
        assertFalse(narrowDoc.body().contains(WITHHELD));
        if (narrowDisclosed.containsKey("Composition/" + composition)) {
            assertDocument(ok(narrowDoc), composition, narrowDisclosed);
        } else {
            assertEquals(404, narrowDoc.statusCode());
        }

        // ---- the project's conformance resources, served and found by url
        JsonNode sd = ok(
                anonymous.get("/fhir/StructureDefinition?url=" + SmartPartner.enc(CodeSystems.EXT_ASSERTED_ON)));
        assertEquals(1, sd.path("entry").size());
        String sdId = sd.path("entry").get(0).path("resource").path("id").asText();
        assertEquals(CodeSystems.EXT_ASSERTED_ON,
                ok(anonymous.get("/fhir/StructureDefinition/" + sdId)).path("url").asText());
        JsonNode cs = ok(anonymous.get("/fhir/CodeSystem?url=" + SmartPartner.enc(CodeSystems.WELLBEING_MEASURE)));
        assertEquals(1, cs.path("entry").size());
        assertTrue(ok(anonymous.get("/fhir/ValueSet")).path("entry").size() > 5);
        assertEquals(404, anonymous.get("/fhir/CodeSystem/no-such-system").statusCode());

        // ---- transactions: a later entry that fails leaves nothing of the earlier ones
        int n = count(gp);
        long version = store.version(JEAN).orElseThrow().ver();
        String good = "{\"resource\":" + HapiClientTest.measureJson()
                + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}";
        String invalidEntry = "{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"subject\":"
                + "{\"reference\":\"Patient/" + JEAN
                + "\"}},\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}";
        String notShared = "{\"resource\":" + HapiClientTest.measureJson().replace(JEAN, "kayleigh-brennan")
                + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}";
        for (String later : List.of(invalidEntry, notShared)) {
            HttpResponse<String> r = gp.post("/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\","
                    + "\"entry\":[" + good + "," + good + "," + later + "]}", "Content-Type", "application/fhir+json");
            assertTrue(r.statusCode() == 422 || r.statusCode() == 404, r.statusCode() + ": " + r.body());
            assertTrue(r.body().contains("OperationOutcome"));
            assertEquals(n, count(gp), "nothing of the earlier entries was written");
            assertEquals(version, store.version(JEAN).orElseThrow().ver(), "Jean's passport is unchanged");
        }
        // and one that holds lands whole: every entry written, each audited as a contribution
        HttpResponse<String> whole = gp.post("/fhir",
                "{\"resourceType\":\"Bundle\",\"type\":\"transaction\"," + "\"entry\":[" + good + "," + good + "]}",
                "Content-Type", "application/fhir+json");
        assertEquals(200, whole.statusCode(), whole.body());
        bodies.add(whole.body());
        assertEquals(n + 2, count(gp));

        // ---- every response of these disclosure routes is audited: what type history sent is recorded as read
        Set<String> audited = new HashSet<>();
        for (var e : queries
                .search(AuditQuery.all().withResident(JEAN).withActor(gpClient).withAction(AuditAction.READ))) {
            audited.addAll(e.entry().resources());
        }
        assertTrue(audited.containsAll(inHistory), "type history audited as read");
        long narrowReads = queries.search(AuditQuery.all().withActor(narrowClient).withAction(AuditAction.READ)).size();
        assertTrue(narrowReads >= 4, "narrow partner's reads recorded: " + narrowReads);

        assertTrue(bodies.size() > 15, "bodies: " + bodies.size());
        for (String b : bodies) {
            assertFalse(b.contains("\"entry\":[]"));
            List<String> errors = new ArrayList<>();
            for (var e : PassportValidator.shared().validate(b).errors()) {
                // HAPI 8.8's instance validator cannot check a StructureDefinition resource itself: it regenerates
                // the snapshot and its in-memory context has no package id for the base definitions. Only that
                // message is let through, for StructureDefinitions only; they are parsed strictly instead.
                if (!(e.location().contains("StructureDefinition") && e.message()
                        .contains("Error generating Snapshot: Unable to resolve package id hl7.fhir.r4.core#null"))) {
                    errors.add(e.toString());
                }
            }
            assertEquals(List.of(), errors, b);
            if (b.contains("\"StructureDefinition\"")) {
                ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser()
                        .setParserErrorHandler(new ca.uhn.fhir.parser.StrictErrorHandler()).parseResource(b);
            }
        }
    }

    private void assertDocument(JsonNode document, String composition, Map<String, String> disclosed) {
        assertEquals("document", document.path("type").asText());
        assertTrue(document.has("identifier") && document.has("timestamp"), "bdl-9, bdl-10");
        JsonNode first = document.path("entry").get(0).path("resource");
        assertEquals("Composition/" + composition,
                first.path("resourceType").asText() + "/" + first.path("id").asText());
        Set<String> inside = new HashSet<>();
        Map<String, String> clinical = new HashMap<>();
        for (JsonNode e : document.path("entry")) {
            JsonNode r = e.path("resource");
            String ref = r.path("resourceType").asText() + "/" + r.path("id").asText();
            inside.add(ref);
            assertTrue(e.path("fullUrl").asText().endsWith("/fhir/" + ref));
            if (!List.of("Organization", "Practitioner", "PractitionerRole")
                    .contains(r.path("resourceType").asText())) {
                clinical.put(ref, r.toString());
            }
        }
        assertEquals(disclosed, clinical, "redacted exactly as $everything");
        Set<String> refs = new TreeSet<>();
        references(document.path("entry"), refs);
        refs.removeAll(inside);
        assertEquals(Set.of(), refs, "every reference resolves inside the document");
    }

    private static void references(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            JsonNode r = node.get("reference");
            if (r != null && r.isTextual() && r.asText().matches("[A-Za-z]+/[A-Za-z0-9\\-.]+")) {
                out.add(r.asText());
            }
            node.forEach(c -> references(c, out));
        } else if (node.isArray()) {
            node.forEach(c -> references(c, out));
        }
    }

    private int count(Http gp) {
        HttpResponse<String> r = gp.get("/fhir/Observation?patient=Patient/" + JEAN + "&_summary=count");
        assertEquals(200, r.statusCode(), r.body());
        return Fhir.tree(r.body()).path("total").asInt();
    }

    private JsonNode ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        bodies.add(r.body());
        return Fhir.tree(r.body());
    }
}
