package org.wellbeingpassport.api.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;
import org.bson.Document;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.store.MongoStore;

/** Every kind of bad input gets a 4xx with an OperationOutcome that says what is wrong, and stores nothing. */
@MicronautTest
class BadInputTest {
    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    org.wellbeingpassport.api.passport.DirectiveStore directives;
    @Inject
    MongoStore store;
    Http http;
    String existing;

    @BeforeEach
    void setUp() {
        http = new Http(server.getURI()).as(new TestTokens(tokens).demo(Fixtures.GP_SYSTEM));
        existing = Fixtures.idOf(http.post("/fhir/Patient", Fixtures.amara()));
        Fixtures.shareWithSystem(directives, existing, Fixtures.GP_SYSTEM);
    }

    @Test
    void malformedJson() {
        refused(() -> http.post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":"), 400,
                "not a valid FHIR R4 JSON resource");
    }

    @Test
    void wrongResourceType() {
        refused(() -> http.post("/fhir/Patient",
                "{\"resourceType\":\"Observation\",\"status\":\"final\"," + "\"code\":{\"text\":\"mood\"}}"), 400,
                "Expected a Patient but the body is a Observation");
    }

    @Test
    void unknownResourceType() {
        refused(() -> http.post("/fhir/Patient", "{\"resourceType\":\"Passport\"}"), 400, "not a valid FHIR R4");
    }

    @Test
    void unknownElement() {
        refused(() -> http.post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"favouriteColour\":\"blue\"}"), 400,
                "favouriteColour");
    }

    @Test
    void wrongValueType() {
        refused(() -> http.post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"birthDate\":\"last tuesday\"}"), 400,
                "last tuesday");
    }

    @Test
    void idInBodyDoesNotMatchUrl() {
        String body = "{\"resourceType\":\"Patient\",\"id\":\"someone-else\",\"name\":[{\"family\":\"X\"}]}";
        HttpResponse<String> r = refused(() -> http.put("/fhir/Patient/" + existing + "?" + Fixtures.DIRECT_CARE, body),
                400, "does not match the id in the URL");
        assertTrue(r.body().contains("Patient.id"), "the issue names its location");
    }

    @Test
    void updateWithoutId() {
        refused(() -> http.put("/fhir/Patient/" + existing + "?" + Fixtures.DIRECT_CARE,
                "{\"resourceType\":\"Patient\"}"), 400, "must carry the resource id");
    }

    @Test
    void invalidIdInUrl() {
        refused(() -> http.put("/fhir/Patient/not_valid!?" + Fixtures.DIRECT_CARE,
                "{\"resourceType\":\"Patient\",\"id\":\"not_valid!\"}"), 400, "not a valid FHIR id");
    }

    @Test
    void badIfMatch() {
        String body = http.get("/fhir/Patient/" + existing + "?" + Fixtures.DIRECT_CARE).body();
        refused(() -> http.put("/fhir/Patient/" + existing + "?" + Fixtures.DIRECT_CARE, body, "If-Match", "yesterday"),
                400, "If-Match");
    }

    @Test
    void emptyBody() {
        refused(() -> http.post("/fhir/Patient", ""), 400, null);
    }

    @Test
    void oversizedBody() {
        String big = "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}]}";
        refused(() -> http.post("/fhir/Patient", big), 413, null);
    }

    @Test
    void unsupportedMediaType() {
        refused(() -> http.post("/fhir/Patient", Fixtures.amara(), "Content-Type", "text/plain"), 415, null);
    }

    @Test
    void unsupportedMethodAndUnknownPath() {
        HttpResponse<String> delete = http.send(HttpRequest
                .newBuilder(server.getURI().resolve("/fhir/Patient/" + existing + "?" + Fixtures.DIRECT_CARE))
                .DELETE());
        assertTrue(delete.statusCode() == 405 || delete.statusCode() == 404, "DELETE is not offered");
        assertTrue(delete.body().contains("OperationOutcome"));
        refused(() -> http.get("/fhir/NoSuchType/1"), 404, null);
    }

    /** Sends the request and checks the refusal; counts are taken before the request, so "nothing stored" bites. */
    private HttpResponse<String> refused(Supplier<HttpResponse<String>> request, int status, String mentions) {
        long passports = count("passports");
        long history = count("resource_history");
        HttpResponse<String> r = request.get();
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/fhir+json"),
                "OperationOutcome media type, got " + r.headers().firstValue("Content-Type"));
        OperationOutcome oo = FhirContext.forR4Cached().newJsonParser().parseResource(OperationOutcome.class, r.body());
        assertTrue(oo.hasIssue());
        assertEquals(OperationOutcome.IssueSeverity.ERROR, oo.getIssueFirstRep().getSeverity());
        assertTrue(oo.getIssueFirstRep().hasDiagnostics());
        if (mentions != null) {
            assertTrue(oo.getIssueFirstRep().getDiagnostics().contains(mentions),
                    oo.getIssueFirstRep().getDiagnostics());
        }
        assertTrue(!r.body().contains("Exception") && !r.body().contains("\tat "), "no stack trace: " + r.body());
        assertEquals(passports, count("passports"), "nothing stored");
        assertEquals(history, count("resource_history"), "nothing stored");
        assertEquals("W/\"1\"", http.get("/fhir/Patient/" + existing + "?" + Fixtures.DIRECT_CARE).headers()
                .firstValue("ETag").orElseThrow(), "the existing record is untouched");
        return r;
    }

    private long count(String collection) {
        return store.database().getCollection(collection).countDocuments(new Document());
    }
}
