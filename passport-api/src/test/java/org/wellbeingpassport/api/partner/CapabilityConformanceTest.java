package org.wellbeingpassport.api.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceInteractionComponent;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.example.Directory;

/**
 * The CapabilityStatement is true: every interaction, search parameter and operation it claims answers as claimed for
 * a partner with a token and consent, and a sample of what it does not claim answers 4xx (never 5xx).
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class CapabilityConformanceTest {
    /** The validator's first use takes seconds (tens of seconds on a loaded machine): not inside a request. */
    @org.junit.jupiter.api.BeforeAll
    static void warmValidator() {
        org.wellbeingpassport.fhir.validate.PassportValidator.shared().warmUp();
    }

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    DirectiveStore directives;

    @Test
    void everyClaimHoldsAndASampleOfTheUnclaimedIs4xx() throws Exception {
        Http anonymous = new Http(server.getURI());
        SmartPartner p = SmartPartner.es384("conf-" + UUID.randomUUID().toString().substring(0, 8));
        p.register(anonymous.as(new TestTokens(tokens).admin()), Directory.WIRRAL_GP.id(), Directory.WIRRAL_GP.name(),
                "gp-practice", List.of("system/*.cruds"), List.of("direct-care"));
        Fixtures.shareWithSystem(directives, "jean-whitfield", p.clientId);
        Http gp = anonymous.as(p.token(anonymous, "system/*.cruds"));

        CapabilityStatement cs = FhirContext.forR4Cached().newJsonParser().parseResource(CapabilityStatement.class,
                anonymous.get("/fhir/metadata").body());
        assertEquals("SMART-on-FHIR",
                cs.getRestFirstRep().getSecurity().getServiceFirstRep().getCodingFirstRep().getCode());
        // one id of each type Jean shared, from $everything
        Map<String, String> ids = new HashMap<>();
        HttpResponse<String> everything = gp.get("/fhir/Patient/jean-whitfield/$everything");
        assertEquals(200, everything.statusCode(), everything.body());
        for (JsonNode e : Fhir.tree(everything.body()).path("entry")) {
            ids.putIfAbsent(e.path("resource").path("resourceType").asText(), e.path("resource").path("id").asText());
        }
        ids.put("Organization", Directory.WIRRAL_GP.id());
        ids.put("Practitioner", Directory.WIRRAL_GP_DR.id());
        ids.put("PractitionerRole", Directory.WIRRAL_GP_DR.id() + "-role");
        List<String> wrong = new ArrayList<>();
        int claims = 0;
        for (CapabilityStatementRestResourceComponent r : cs.getRestFirstRep().getResource()) {
            String type = r.getType();
            if (!ids.containsKey(type)) {
                // Task and Subscription (issue 15's correction queue and notices): CorrectionScenarioTest,
                // LeavingScenarioTest; every type this API serves has an id here
                assertTrue(List.of("Task", "Subscription").contains(type), type + " is claimed but not tested");
                continue;
            }
            String id = ids.get(type);
            for (ResourceInteractionComponent i : r.getInteraction()) {
                claims++;
                HttpResponse<String> res = switch (i.getCode()) {
                    case READ -> gp.get("/fhir/" + type + "/" + id);
                    case VREAD -> gp.get("/fhir/" + type + "/" + id + "/_history/1");
                    case HISTORYINSTANCE -> gp.get("/fhir/" + type + "/" + id + "/_history");
                    case SEARCHTYPE -> gp.get("/fhir/" + type + "?patient=Patient/jean-whitfield");
                    case CREATE -> type.equals("Patient")
                            ? gp.post("/fhir/Patient", Fixtures.amara())
                            : gp.post("/fhir/" + type, HapiClientTest.measureJson());
                    case UPDATE -> {
                        HttpResponse<String> read = gp.get("/fhir/" + type + "/" + id);
                        yield gp.put("/fhir/" + type + "/" + id, read.body());
                    }
                    default -> null;
                };
                if (res == null) {
                    wrong.add(type + " claims " + i.getCode().toCode() + ", which this test does not know");
                } else if (res.statusCode() / 100 != 2) {
                    wrong.add(type + " " + i.getCode().toCode() + " answered " + res.statusCode() + ": " + res.body());
                }
            }
            for (var sp : r.getSearchParam()) {
                claims++;
                String value = sp.getName().equals("_id") ? "&_id=" + id : "";
                String param = sp.getName().equals("_id") ? "patient" : sp.getName();
                HttpResponse<String> res = gp.get("/fhir/" + type + "?" + param + "=Patient/jean-whitfield" + value);
                if (res.statusCode() != 200) {
                    wrong.add(type + "?" + sp.getName() + " answered " + res.statusCode());
                }
            }
            for (var op : r.getOperation()) {
                claims++;
                HttpResponse<String> res = gp.get("/fhir/" + type + "/" + id + "/$" + op.getName());
                if (res.statusCode() != 200) {
                    wrong.add(type + "/$" + op.getName() + " answered " + res.statusCode());
                }
            }
        }
        for (var i : cs.getRestFirstRep().getInteraction()) {
            claims++;
            String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"" + i.getCode().toCode() + "\",\"entry\":[{"
                    + "\"resource\":" + HapiClientTest.measureJson()
                    + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
            HttpResponse<String> res = gp.post("/fhir", bundle);
            if (res.statusCode() != 200) {
                wrong.add("system " + i.getCode().toCode() + " answered " + res.statusCode() + ": " + res.body());
            }
        }
        assertTrue(claims > 40, "claims exercised: " + claims);
        // a sample of what is not claimed
        String obs = ids.get("Observation");
        Map<String, HttpResponse<String>> unclaimed = new HashMap<>();
        unclaimed.put("DELETE Observation", gp.delete("/fhir/Observation/" + obs));
        unclaimed.put("PUT Observation", gp.put("/fhir/Observation/" + obs, HapiClientTest.measureJson()));
        unclaimed.put("GET Medication", gp.get("/fhir/Medication/x"));
        unclaimed.put("Observation?code=", gp.get("/fhir/Observation?patient=jean-whitfield&code=x"));
        unclaimed.put("Patient type history", gp.get("/fhir/Patient/_history"));
        unclaimed.put("system history", gp.get("/fhir/_history"));
        unclaimed.put("POST Goal", gp.post("/fhir/Goal", "{\"resourceType\":\"Goal\"}"));
        unclaimed
                .put("PATCH Observation",
                        gp.send(HttpRequest.newBuilder(server.getURI().resolve("/fhir/Observation/" + obs))
                                .method("PATCH", HttpRequest.BodyPublishers.ofString("[]")), "Content-Type",
                                "application/json-patch+json"));
        unclaimed.forEach((what, res) -> {
            if (res.statusCode() / 100 != 4) {
                wrong.add(what + " (not claimed) answered " + res.statusCode());
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
