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
import org.wellbeingpassport.fhir.codes.CodeSystems;
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
        // a partner's engineer learns from the statement what a transaction may carry (README, ADR 0012)
        String transaction = cs.getRestFirstRep().getInteraction().stream()
                .filter(i -> i.getCode() == CapabilityStatement.SystemRestfulInteraction.TRANSACTION).findFirst()
                .orElseThrow().getDocumentation();
        for (String type : List.of("Observation", "Condition", "Goal", "ServiceRequest", "RelatedPerson", "CarePlan")) {
            assertTrue(transaction.contains(type), "a transaction may carry " + type + ": " + transaction);
        }
        assertTrue(transaction.contains("no Composition"), transaction);
        // one id of each type Jean shared, from $everything
        Map<String, String> ids = new HashMap<>();
        Map<String, String> urls = new HashMap<>();
        HttpResponse<String> everything = gp.get("/fhir/Patient/jean-whitfield/$everything");
        assertEquals(200, everything.statusCode(), everything.body());
        for (JsonNode e : Fhir.tree(everything.body()).path("entry")) {
            ids.putIfAbsent(e.path("resource").path("resourceType").asText(), e.path("resource").path("id").asText());
        }
        ids.put("Organization", Directory.WIRRAL_GP.id());
        ids.put("Practitioner", Directory.WIRRAL_GP_DR.id());
        ids.put("PractitionerRole", Directory.WIRRAL_GP_DR.id() + "-role");
        for (String t : List.of("StructureDefinition", "CodeSystem", "ValueSet")) {
            JsonNode all = Fhir.tree(anonymous.get("/fhir/" + t).body());
            assertTrue(all.path("entry").size() > 0, t + " served");
            ids.put(t, all.path("entry").get(0).path("resource").path("id").asText());
            urls.put(t, all.path("entry").get(0).path("resource").path("url").asText());
        }
        String nhs = "";
        for (JsonNode e : Fhir.tree(everything.body()).path("entry")) {
            for (JsonNode i : e.path("resource").path("identifier")) {
                if (e.path("resource").path("resourceType").asText().equals("Patient")
                        && i.path("system").asText().equals(CodeSystems.NHS_NUMBER)) {
                    nhs = i.path("value").asText();
                }
            }
        }
        List<String> wrong = new ArrayList<>();
        Map<String, Boolean> revIncluded = new HashMap<>();
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
                    case SEARCHTYPE -> gp.get("/fhir/" + type
                            + (type.equals("Patient")
                                    ? "?_id=jean-whitfield"
                                    : urls.containsKey(type) ? "" : "?patient=Patient/jean-whitfield"));
                    case HISTORYTYPE -> gp.get("/fhir/" + type + "/_history");
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
            String within = type.equals("Patient") || urls.containsKey(type) ? "" : "patient=Patient/jean-whitfield&";
            for (var sp : r.getSearchParam()) {
                claims++;
                String query = switch (sp.getName()) {
                    case "patient", "subject" -> sp.getName() + "=Patient/jean-whitfield";
                    case "_id" -> within + "_id=" + id;
                    case "identifier" -> within + "identifier="
                            + (type.equals("Patient")
                                    ? SmartPartner.enc(CodeSystems.NHS_NUMBER + "|" + nhs)
                                    : SmartPartner.enc("https://example.org|x"));
                    case "code" -> within + "code=x";
                    case "date", "_lastUpdated" -> within + sp.getName() + "=ge2000-01-01";
                    case "url" -> "url=" + SmartPartner.enc(urls.get(type));
                    default -> null;
                };
                HttpResponse<String> res = query == null ? null : gp.get("/fhir/" + type + "?" + query);
                if (res == null || res.statusCode() != 200) {
                    wrong.add(type + "?" + sp.getName() + " answered " + (res == null ? "untested" : res.statusCode()));
                } else if (List.of("_id", "url").contains(sp.getName())
                        || (type.equals("Patient") && sp.getName().equals("identifier"))) {
                    if (Fhir.tree(res.body()).path("entry").size() != 1) {
                        wrong.add(type + "?" + sp.getName() + " did not find the one it names");
                    }
                }
            }
            for (String include : r.getSearchInclude().stream().map(x -> x.getValue()).toList()) {
                claims++;
                // another type's include applies to what was included: _include:iterate
                String param = include.startsWith(type + ":") ? "_include=" : "_include:iterate=";
                String query = within.isEmpty() && type.equals("Patient") ? "_id=jean-whitfield&" : within;
                HttpResponse<String> res = gp.get("/fhir/" + type + "?" + query + param + include);
                if (res.statusCode() != 200) {
                    wrong.add(type + " " + param + include + " answered " + res.statusCode());
                }
            }
            for (String rev : r.getSearchRevInclude().stream().map(x -> x.getValue()).toList()) {
                claims++;
                String query = type.equals("Patient") ? "_id=jean-whitfield&" : within;
                HttpResponse<String> res = gp.get("/fhir/" + type + "?" + query + "_revinclude=" + rev);
                if (res.statusCode() != 200) {
                    wrong.add(type + " _revinclude=" + rev + " answered " + res.statusCode());
                    continue;
                }
                boolean reached = false;
                for (JsonNode e : Fhir.tree(res.body()).path("entry")) {
                    reached |= e.path("search").path("mode").asText().equals("include") && e.path("resource")
                            .path("resourceType").asText().equals(rev.substring(0, rev.indexOf(':')));
                }
                revIncluded.merge(rev, reached, Boolean::logicalOr);
            }
            for (var op : r.getOperation()) {
                claims++;
                HttpResponse<String> res = switch (op.getName()) {
                    case "validate" -> gp.post("/fhir/" + type + "/$validate",
                            type.equals("Observation")
                                    ? HapiClientTest.measureJson()
                                    : "{\"resourceType\":\"" + type + "\"}",
                            "Content-Type", "application/fhir+json");
                    default -> gp.get("/fhir/" + type + "/" + id + "/$" + op.getName());
                };
                if (res.statusCode() != 200) {
                    wrong.add(type + "/$" + op.getName() + " answered " + res.statusCode() + ": " + res.body());
                } else if (op.getName().equals("validate")
                        && !Fhir.tree(res.body()).path("resourceType").asText().equals("OperationOutcome")) {
                    wrong.add(type + "/$validate did not answer an OperationOutcome");
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
        assertTrue(claims > 100, "claims exercised: " + claims);
        // Jean shares everything with this partner: what refers to her Patient, and who wrote her story, is reached
        for (String rev : List.of("Observation:subject", "Goal:subject", "Condition:patient", "Provenance:target")) {
            assertEquals(Boolean.TRUE, revIncluded.get(rev), rev + " claimed and reaching something: " + revIncluded);
        }
        // a sample of what is not claimed
        String obs = ids.get("Observation");
        Map<String, HttpResponse<String>> unclaimed = new HashMap<>();
        unclaimed.put("DELETE Observation", gp.delete("/fhir/Observation/" + obs));
        unclaimed.put("PUT Observation", gp.put("/fhir/Observation/" + obs, HapiClientTest.measureJson()));
        unclaimed.put("GET Medication", gp.get("/fhir/Medication/x"));
        unclaimed.put("Goal?code=", gp.get("/fhir/Goal?patient=jean-whitfield&code=x"));
        unclaimed.put("Goal?date=", gp.get("/fhir/Goal?patient=jean-whitfield&date=2026"));
        unclaimed.put("Observation?_has", gp.get("/fhir/Observation?patient=jean-whitfield&_has=x"));
        unclaimed.put("Observation?_include=*", gp.get("/fhir/Observation?patient=jean-whitfield&_include=*"));
        unclaimed.put("Observation?_summary=text", gp.get("/fhir/Observation?patient=jean-whitfield&_summary=text"));
        unclaimed.put("Patient type history", gp.get("/fhir/Patient/_history"));
        unclaimed.put("Observation?_revinclude=Observation:subject",
                gp.get("/fhir/Observation?patient=jean-whitfield&_revinclude=Observation:subject"));
        unclaimed.put("Patient?_revinclude=Observation:performer",
                gp.get("/fhir/Patient?_id=jean-whitfield&_revinclude=Observation:performer"));
        unclaimed.put("Patient?_revinclude:iterate",
                gp.get("/fhir/Patient?_id=jean-whitfield&_revinclude:iterate=Provenance:target"));
        unclaimed.put("Observation?_include=PractitionerRole:organization (not iterate)",
                gp.get("/fhir/Observation?patient=jean-whitfield&_include=PractitionerRole:organization"));
        unclaimed.put("Provenance search", gp.get("/fhir/Provenance?patient=jean-whitfield"));
        unclaimed.put("Provenance type history", gp.get("/fhir/Provenance/_history"));
        unclaimed.put("Patient/$document", gp.get("/fhir/Patient/jean-whitfield/$document"));
        unclaimed.put("Goal/$document", gp.get("/fhir/Goal/" + ids.get("Goal") + "/$document"));
        unclaimed.put("GET StructureDefinition?name", gp.get("/fhir/StructureDefinition?name=x"));
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
