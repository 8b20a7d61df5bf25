package org.wellbeingpassport.api.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.DirectiveStore;
import static org.wellbeingpassport.api.Fixtures.DIRECT_CARE;
import static org.wellbeingpassport.api.Fixtures.GP_SYSTEM;
import static org.wellbeingpassport.api.Fixtures.amara;
import static org.wellbeingpassport.api.Fixtures.shareWithSystem;
import static org.wellbeingpassport.api.Fixtures.idOf;

@MicronautTest
class PatientApiTest {
    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    DirectiveStore directives;
    Http http;
    final IParser parser = FhirContext.forR4Cached().newJsonParser();

    @BeforeEach
    void client() {
        http = new Http(server.getURI()).as(new TestTokens(tokens).demo(GP_SYSTEM));
    }

    @Test
    void metadataIsACapabilityStatementHapiReads() {
        HttpResponse<String> r = http.get("/fhir/metadata");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/fhir+json"));
        CapabilityStatement cs = parser.parseResource(CapabilityStatement.class, r.body());
        assertEquals("4.0.1", cs.getFhirVersion().toCode());
        var patient = cs.getRestFirstRep().getResource().stream().filter(x -> x.getType().equals("Patient")).findFirst()
                .orElseThrow();
        assertEquals(6, patient.getInteraction().size(), "read, vread, update, create, history-instance, search-type");
        assertEquals(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE, patient.getVersioning());
    }

    @Test
    void createReadVreadUpdateHistory() {
        HttpResponse<String> created = http.post("/fhir/Patient", amara());
        assertEquals(201, created.statusCode(), created.body());
        Patient p1 = parser.parseResource(Patient.class, created.body());
        String id = p1.getIdElement().getIdPart();
        assertEquals(404, http.get("/fhir/Patient/" + id + "?" + DIRECT_CARE).statusCode(),
                "registering a passport is not consent to read it");
        shareWithSystem(directives, id, GP_SYSTEM);
        assertEquals("1", p1.getMeta().getVersionId());
        assertTrue(p1.getMeta().hasLastUpdated());
        assertEquals("W/\"1\"", created.headers().firstValue("ETag").orElseThrow());
        assertTrue(
                created.headers().firstValue("Location").orElseThrow().endsWith("/fhir/Patient/" + id + "/_history/1"));

        HttpResponse<String> read = http.get("/fhir/Patient/" + id + "?" + DIRECT_CARE);
        assertEquals(200, read.statusCode());
        assertEquals("Okafor", parser.parseResource(Patient.class, read.body()).getNameFirstRep().getFamily());

        Patient changed = parser.parseResource(Patient.class, read.body());
        changed.getNameFirstRep().setFamily("Okafor-Reid");
        HttpResponse<String> updated = http.put("/fhir/Patient/" + id + "?" + DIRECT_CARE,
                parser.encodeResourceToString(changed), "If-Match", "W/\"1\"");
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals("W/\"2\"", updated.headers().firstValue("ETag").orElseThrow());
        Patient p2 = parser.parseResource(Patient.class, updated.body());
        assertEquals("2", p2.getMeta().getVersionId());
        assertTrue(!p2.getMeta().getLastUpdated().before(p1.getMeta().getLastUpdated()));

        HttpResponse<String> v1 = http.get("/fhir/Patient/" + id + "/_history/1?" + DIRECT_CARE);
        assertEquals(200, v1.statusCode());
        assertEquals("Okafor", parser.parseResource(Patient.class, v1.body()).getNameFirstRep().getFamily());
        HttpResponse<String> v2 = http.get("/fhir/Patient/" + id + "/_history/2?" + DIRECT_CARE);
        assertEquals("Okafor-Reid", parser.parseResource(Patient.class, v2.body()).getNameFirstRep().getFamily());
        assertEquals(404, http.get("/fhir/Patient/" + id + "/_history/3?" + DIRECT_CARE).statusCode());

        HttpResponse<String> history = http.get("/fhir/Patient/" + id + "/_history?" + DIRECT_CARE);
        assertEquals(200, history.statusCode());
        Bundle bundle = parser.parseResource(Bundle.class, history.body());
        assertEquals(Bundle.BundleType.HISTORY, bundle.getType());
        assertEquals(2, bundle.getTotal());
        assertEquals(2, bundle.getEntry().size());
        assertEquals("2", bundle.getEntry().get(0).getResource().getMeta().getVersionId(), "newest first");
        assertEquals("1", bundle.getEntry().get(1).getResource().getMeta().getVersionId());
        // paged one version at a time: the newest, then a next link to the one before, then no next
        Bundle first = parser.parseResource(Bundle.class,
                http.get("/fhir/Patient/" + id + "/_history?_count=1&" + DIRECT_CARE).body());
        assertEquals(2, first.getTotal());
        assertEquals(List.of("2"),
                first.getEntry().stream().map(e -> e.getResource().getMeta().getVersionId()).toList());
        String next = first.getLink(Bundle.LINK_NEXT).getUrl().replaceFirst("^https?://[^/]+", "");
        Bundle second = parser.parseResource(Bundle.class, http.get(next + "&" + DIRECT_CARE).body());
        assertEquals(List.of("1"),
                second.getEntry().stream().map(e -> e.getResource().getMeta().getVersionId()).toList());
        assertNull(second.getLink(Bundle.LINK_NEXT), "the oldest version ends it");
        for (String bad : List.of("_count=x", "_offset=-2", "_since=2026-01-01", "colour=blue")) {
            HttpResponse<String> r = http.get("/fhir/Patient/" + id + "/_history?" + bad + "&" + DIRECT_CARE);
            assertEquals(400, r.statusCode(), bad);
            assertTrue(r.body().contains("OperationOutcome") && r.body().contains(bad.substring(0, bad.indexOf('='))),
                    r.body());
        }
    }

    @Test
    void staleIfMatchGets412AndChangesNothing() {
        String id = idOf(http.post("/fhir/Patient", amara()));
        shareWithSystem(directives, id, GP_SYSTEM);
        Patient p = parser.parseResource(Patient.class, http.get("/fhir/Patient/" + id + "?" + DIRECT_CARE).body());
        p.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
        assertEquals(200, http
                .put("/fhir/Patient/" + id + "?" + DIRECT_CARE, parser.encodeResourceToString(p), "If-Match", "W/\"1\"")
                .statusCode());
        p.setBirthDate(new java.util.Date(0));
        HttpResponse<String> stale = http.put("/fhir/Patient/" + id + "?" + DIRECT_CARE,
                parser.encodeResourceToString(p), "If-Match", "W/\"1\"");
        assertEquals(412, stale.statusCode());
        assertTrue(stale.body().contains("\"OperationOutcome\""));
        assertTrue(stale.body().contains("current version is 2"), stale.body());
        assertEquals("W/\"2\"",
                http.get("/fhir/Patient/" + id + "?" + DIRECT_CARE).headers().firstValue("ETag").orElseThrow());
    }

    @Test
    void updateWithoutIfMatchWritesTheNextVersion() {
        String id = idOf(http.post("/fhir/Patient", amara()));
        shareWithSystem(directives, id, GP_SYSTEM);
        Patient p = parser.parseResource(Patient.class, http.get("/fhir/Patient/" + id + "?" + DIRECT_CARE).body());
        HttpResponse<String> r = http.put("/fhir/Patient/" + id + "?" + DIRECT_CARE, parser.encodeResourceToString(p));
        assertEquals(200, r.statusCode());
        assertEquals("W/\"2\"", r.headers().firstValue("ETag").orElseThrow());
    }

    @Test
    void anUpdateOfAPatientNotSharedIsTheSame404AsNotThere() {
        String body = Fixtures.amara().replace("{\"resourceType\":\"Patient\",",
                "{\"resourceType\":\"Patient\",\"id\":\"client-chosen-1\",");
        HttpResponse<String> r = http.put("/fhir/Patient/client-chosen-1?" + DIRECT_CARE, body);
        assertEquals(404, r.statusCode(), r.body());
        assertEquals(404, http.get("/fhir/Patient/client-chosen-1?" + DIRECT_CARE).statusCode());
    }

    @Test
    void preferReturnMinimalSendsNoBody() {
        HttpResponse<String> r = http.post("/fhir/Patient", amara(), "Prefer", "return=minimal");
        assertEquals(201, r.statusCode());
        assertEquals("", r.body());
        assertTrue(r.headers().firstValue("Location").isPresent());
    }

    @Test
    void unknownPatientIs404WithOperationOutcome() {
        HttpResponse<String> r = http.get("/fhir/Patient/no-such-person?" + DIRECT_CARE);
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("\"OperationOutcome\""));
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/fhir+json"));
    }
}
