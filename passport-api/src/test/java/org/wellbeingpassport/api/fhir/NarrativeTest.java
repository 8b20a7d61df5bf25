package org.wellbeingpassport.api.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.example.ExamplePassports;
import org.wellbeingpassport.fhir.validate.PassportValidator;

/**
 * Issue #17: {@code <script>}, {@code onerror}, {@code javascript:} and {@code <iframe>} in FHIR narrative were
 * accepted on /fhir/Patient and served inside a GP's read. Narrative and free text are now checked on the way in: 422
 * naming the path, as OperationOutcome under /fhir and problem+json on the resident's routes.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class NarrativeTest {
    private static final String OPEN = "<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">";

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;

    private static String withNarrative(String div) {
        return Fixtures.amara().replace("{\"resourceType\":\"Patient\",",
                "{\"resourceType\":\"Patient\",\"text\":{\"status\":\"generated\",\"div\":\"" + div + "\"},");
    }

    @Test
    void activeContentInAPartnersPatientIsA422NamingThePath() {
        Http partner = new Http(server.getURI()).as(new TestTokens(tokens).demo(Fixtures.GP_SYSTEM));
        for (String bad : new String[]{OPEN + "<p>Amara</p><script>alert(1)</script></div>",
                OPEN + "<img src='https://example.org/a.png' onerror='alert(1)'/></div>",
                OPEN + "<a href='javascript:alert(1)'>Amara</a></div>",
                OPEN + "<iframe src='https://x.example'/></div>"}) {
            HttpResponse<String> r = partner.post("/fhir/Patient", withNarrative(bad));
            assertEquals(422, r.statusCode(), r.body());
            assertTrue(r.body().contains("OperationOutcome") && r.body().contains("Patient.text.div"), r.body());
        }
        HttpResponse<String> fine = partner.post("/fhir/Patient",
                withNarrative(OPEN + "<p>Amara <b>Okafor</b></p></div>"));
        assertEquals(201, fine.statusCode(), fine.body());
    }

    @Test
    void activeContentInAResidentsOwnWritingIsA422NamingThePath() {
        PassportValidator.shared().warmUp(); // seconds on a busy machine: not the request's to wait for
        Http nasreen = new Http(server.getURI()).as(new TestTokens(tokens).demo("nasreen-akhtar"));
        ObjectNode patient = null;
        for (var e : Fhir.tree(ExamplePassports.named("nasreen-akhtar").passport()).path("entry")) {
            if (e.path("resource").path("resourceType").asText().equals("Patient")) {
                patient = (ObjectNode) e.get("resource");
            }
        }
        ((ObjectNode) patient.withArray("name").get(0)).put("text", "Nasreen<img src=x onerror=alert(1)>");
        HttpResponse<String> r = nasreen.put("/me/passport/Patient/" + patient.path("id").asText(), Fhir.write(patient),
                "Content-Type", "application/fhir+json");
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(r.body().contains("Patient.name[0].text"), r.body());
    }
}
