package org.wellbeingpassport.api.gate;

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
import java.util.List;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditLog;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditOutage;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.audit.StoredEntry;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.BreakGlassGrants;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.Organisation;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.example.Directory;

/**
 * Issue 11, the routes that did their own audit: the resident's own read, the preview, "why", access requests and
 * their answers, share codes, carers and break-glass. Each is recorded by the gate before anything is sent or changed;
 * with the audit store down each answers 503 and nothing changes (the passport, the directives, the request, the
 * code, the grant).
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "passport.demo.enabled", value = "true")
class GateRoutesTest {
    static final String JEAN = "jean-whitfield";
    static final String IKENNA = "ikenna-eze";

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    AuditLog log;
    @Inject
    AuditQueries queries;
    @Inject
    PassportStore store;
    @Inject
    DirectiveStore directives;
    @Inject
    MongoStore mongo;
    @Inject
    BreakGlassGrants breakGlass;

    @AfterEach
    void restore() {
        AuditOutage.set(log, false);
    }

    Http as(String demoUser) {
        return new Http(server.getURI()).as(new TestTokens(tokens).demo(demoUser));
    }

    HttpResponse<String> down(Supplier<HttpResponse<String>> call) {
        AuditOutage.set(log, true);
        try {
            return call.get();
        } finally {
            AuditOutage.set(log, false);
        }
    }

    // reads: recorded before a byte is sent, 503 with nothing of the record when the audit store is down

    @Test
    void theResidentsOwnReadIsRecordedFirstAndRefusedWhenTheAuditStoreIsDown() {
        long before = count(JEAN, JEAN, AuditAction.READ);
        HttpResponse<String> r = as(JEAN).get("/me/passport");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(before + 1, count(JEAN, JEAN, AuditAction.READ));
        StoredEntry e = last(JEAN, JEAN, AuditAction.READ);
        assertEquals("resident", e.entry().basis().orElseThrow());
        assertTrue(e.entry().resources().contains("Patient/" + JEAN), e.entry().resources().toString());

        HttpResponse<String> refused = down(() -> as(JEAN).get("/me/passport"));
        assertEquals(503, refused.statusCode(), refused.body());
        assertFalse(refused.body().contains("Whitfield"), refused.body());
    }

    @Test
    void aPreviewIsRecordedFirstAndRefusedWhenTheAuditStoreIsDown() {
        String path = "/me/preview?purpose=support-planning&role=gp&organisationType=gp-practice";
        long before = count(JEAN, JEAN, AuditAction.PREVIEW);
        assertEquals(200, as(JEAN).get(path).statusCode());
        assertEquals(before + 1, count(JEAN, JEAN, AuditAction.PREVIEW));
        HttpResponse<String> refused = down(() -> as(JEAN).get(path));
        assertEquals(503, refused.statusCode(), refused.body());
        assertFalse(refused.body().contains("wouldSee"), refused.body());
    }

    @Test
    void whyIsRecordedAsAnExplanationAndRefusedWhenTheAuditStoreIsDown() {
        String path = "/passports/" + JEAN + "/why?purpose=support-planning";
        HttpResponse<String> r = as("prac-sam-okoro").get(path);
        assertEquals(200, r.statusCode(), r.body());
        StoredEntry e = last(JEAN, "prac-sam-okoro", AuditAction.EXPLANATION);
        assertEquals(AuditOutcome.SUCCESS, e.entry().outcome());
        assertTrue(e.entry().disclosedPaths().isEmpty(), "no content left: " + e.entry().disclosedPaths());
        assertEquals("consent", e.entry().basis().orElseThrow());

        HttpResponse<String> nobody = as("prac-daniel-osei").get(path);
        assertEquals(404, nobody.statusCode());
        assertEquals(AuditOutcome.DENIED, last(JEAN, "prac-daniel-osei", AuditAction.EXPLANATION).entry().outcome());

        HttpResponse<String> refused = down(() -> as("prac-sam-okoro").get(path));
        assertEquals(503, refused.statusCode(), refused.body());
        assertFalse(refused.body().contains("youCanSee"), refused.body());
    }

    // changes: recorded first; audit store down means 503 and nothing changed

    @Test
    void anAccessRequestWithTheAuditStoreDownIsNotFiledAndDoesNotReachTheResident() {
        long pending = as(JEAN).get("/me/requests").body().split("\"id\"").length;
        HttpResponse<String> r = down(() -> askForJean("prac-aisha-begum"));
        assertEquals(503, r.statusCode(), r.body());
        assertEquals(pending, as(JEAN).get("/me/requests").body().split("\"id\"").length, "the request reached her");
    }

    @Test
    void approvingOrRefusingWithTheAuditStoreDownChangesNothingAndCanBeDoneAfterwards() {
        HttpResponse<String> asked = askForJean("prac-aisha-begum");
        assertEquals(202, asked.statusCode(), asked.body());
        String id = Fhir.tree(asked.body()).path("id").asText();
        long version = directives.current(JEAN).version();

        HttpResponse<String> approve = down(
                () -> as(JEAN).post("/me/requests/" + id + "/approve", "{}", "Content-Type", "application/json"));
        assertEquals(503, approve.statusCode(), approve.body());
        assertEquals(version, directives.current(JEAN).version(), "a permit was added without an audit entry");
        HttpResponse<String> refuse = down(
                () -> as(JEAN).post("/me/requests/" + id + "/refuse", "{}", "Content-Type", "application/json"));
        assertEquals(503, refuse.statusCode(), refuse.body());
        assertTrue(as(JEAN).get("/me/requests").body().contains(id), "the request is still pending");
        assertEquals("pending",
                Fhir.tree(as("prac-aisha-begum").get("/access-requests/" + id).body()).path("status").asText());

        HttpResponse<String> refused = as(JEAN).post("/me/requests/" + id + "/refuse", "{}", "Content-Type",
                "application/json");
        assertEquals(200, refused.statusCode(), refused.body());
        StoredEntry e = last(JEAN, JEAN, AuditAction.ACCESS_DECISION);
        assertEquals("refused", e.entry().detail().orElseThrow());
        assertEquals("resident", e.entry().basis().orElseThrow());
    }

    @Test
    void aShareCodeWithTheAuditStoreDownIsNotMadeAndARedemptionGrantsNothingAndUsesNothing() {
        long codes = mongo.database().getCollection("share_codes").countDocuments(new Document("rid", JEAN));
        String body = "{\"sections\":[\"goals\"],\"purpose\":\"support-planning\",\"minutes\":30,\"uses\":1}";
        HttpResponse<String> made = down(
                () -> as(JEAN).post("/me/share-codes", body, "Content-Type", "application/json"));
        assertEquals(503, made.statusCode(), made.body());
        assertEquals(codes, mongo.database().getCollection("share_codes").countDocuments(new Document("rid", JEAN)));

        HttpResponse<String> ok = as(JEAN).post("/me/share-codes", body, "Content-Type", "application/json");
        assertEquals(201, ok.statusCode(), ok.body());
        String code = Fhir.tree(ok.body()).path("code").asText();
        long version = directives.current(JEAN).version();
        String redeem = "{\"code\":\"" + code + "\",\"purpose\":\"support-planning\"}";
        HttpResponse<String> used = down(
                () -> as("prac-aisha-begum").post("/share-codes/redeem", redeem, "Content-Type", "application/json"));
        assertEquals(503, used.statusCode(), used.body());
        assertEquals(version, directives.current(JEAN).version(), "a permit was added without an audit entry");
        // the one use was given back: the code still works once
        HttpResponse<String> again = as("prac-aisha-begum").post("/share-codes/redeem", redeem, "Content-Type",
                "application/json");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("consent",
                last(JEAN, "prac-aisha-begum", AuditAction.SHARE_CODE_USE).entry().basis().orElseThrow());
    }

    @Test
    void addingOrEndingACarerWithTheAuditStoreDownChangesNothing() {
        long version = directives.current(IKENNA).version();
        String carer = "{\"carerAccount\":\"https://issuer.test|carer:someone\",\"name\":\"A Friend\","
                + "\"sections\":[\"goals\"],\"purposes\":[\"support-planning\"]}";
        HttpResponse<String> add = down(() -> as(IKENNA).post("/me/carers", carer, "Content-Type", "application/json"));
        assertEquals(503, add.statusCode(), add.body());
        assertEquals(version, directives.current(IKENNA).version(), "a delegation was added without an audit entry");
        HttpResponse<String> end = down(() -> as(IKENNA).delete("/me/carers/mum-helps"));
        assertEquals(503, end.statusCode(), end.body());
        assertEquals(version, directives.current(IKENNA).version(), "a delegation ended without an audit entry");
        assertTrue(as(IKENNA).get("/me/carers").body().contains("mum-helps"));
    }

    @Test
    void breakingTheGlassWithTheAuditStoreDownGivesNoGrant() {
        HttpResponse<String> r = down(() -> as("prac-marcus-bell").post("/passports/" + JEAN + "/break-glass",
                "{\"reason\":\"Found unwell at home\",\"minutes\":30}", "Content-Type", "application/json"));
        assertEquals(503, r.statusCode(), r.body());
        Directory.Worker w = Directory.HACKNEY_SAFEGUARDING_LEAD;
        Actor marcus = new Actor.Professional(w.id(), "Marcus Bell", w.role(),
                new Organisation(w.org().id(), w.org().name(), w.org().type()));
        assertTrue(breakGlass.active(JEAN, marcus, Purpose.SAFEGUARDING, Instant.now()).isEmpty(),
                "a break-glass grant exists without an audit entry");
        HttpResponse<String> ok = as("prac-marcus-bell").post("/passports/" + JEAN + "/break-glass",
                "{\"reason\":\"Found unwell at home\",\"minutes\":30}", "Content-Type", "application/json");
        assertEquals(201, ok.statusCode(), ok.body());
        StoredEntry e = last(JEAN, "prac-marcus-bell", AuditAction.BREAK_GLASS);
        assertTrue(e.entry().breakGlass());
        assertEquals("Found unwell at home", e.entry().reason().orElseThrow());
        assertEquals("break-glass", e.entry().basis().orElseThrow());
    }

    // grants never wider, nor silently narrower, than the resident wrote

    @Test
    void aConsentProvisionMixingSectionsWithResourceTypesIsA422NamingThePathAndNothingChanges() {
        HttpResponse<String> current = as(JEAN).get("/me/consent");
        com.fasterxml.jackson.databind.node.ObjectNode consent = (com.fasterxml.jackson.databind.node.ObjectNode) Fhir
                .tree(current.body());
        JsonNode provisions = consent.path("provision").path("provision");
        int at = -1;
        for (int i = 0; i < provisions.size() && at < 0; i++) {
            if (provisions.get(i).has("code")) {
                at = i;
            }
        }
        assertTrue(at >= 0, "Jean has a provision naming story sections");
        ((com.fasterxml.jackson.databind.node.ObjectNode) provisions.get(at)).putArray("class").addObject()
                .put("system", "http://hl7.org/fhir/resource-types").put("code", "Goal");
        long version = directives.current(JEAN).version();
        HttpResponse<String> r = as(JEAN).put("/me/consent", Fhir.write(consent), "Content-Type",
                "application/fhir+json");
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(r.body().contains("Consent.provision.provision[" + at + "].class[0]"), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(version, directives.current(JEAN).version(), "her choices changed");
    }

    private HttpResponse<String> askForJean(String professional) {
        JsonNode p = Fhir.tree(store.read(JEAN, "Patient", JEAN).orElseThrow().json());
        String nhs = "";
        for (JsonNode i : p.path("identifier")) {
            if (CodeSystems.NHS_NUMBER.equals(i.path("system").asText())) {
                nhs = i.path("value").asText();
            }
        }
        String body = "{\"nhsNumber\":\"" + nhs + "\",\"birthDate\":\"" + p.path("birthDate").asText()
                + "\",\"purpose\":\"support-planning\",\"sections\":[\"goals\"],\"reason\":\"Referred by her GP\"}";
        return as(professional).post("/access-requests", body, "Content-Type", "application/json");
    }

    private long count(String resident, String actor, AuditAction action) {
        return entries(resident, actor, action).size();
    }

    /** Entries by this actor (a demo key; the resident themself when it is the resident's key). */
    private List<StoredEntry> entries(String resident, String actor, AuditAction action) {
        AuditQuery q = AuditQuery.all().withResident(resident).withAction(action);
        if (actor.equals(resident)) {
            return queries.search(q).stream().filter(s -> s.entry().agent().kind().equals("resident")).toList();
        }
        return queries.search(q.withActor(actor));
    }

    private StoredEntry last(String resident, String actor, AuditAction action) {
        List<StoredEntry> found = entries(resident, actor, action);
        assertFalse(found.isEmpty(), "no " + action + " entry by " + actor);
        return found.get(found.size() - 1);
    }
}
