package org.wellbeingpassport.api.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.fhir.example.Directory;
import org.wellbeingpassport.fhir.validate.PassportValidator;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/**
 * npm's fhir-kit-client 2.0.3 and fhirclient 2.6.3, unchanged, installed by the build from src/test/node's
 * package-lock.json and run with the machine's Node (src/test/node/partner-clients.mjs): discovery, a token from a
 * signed client assertion, $everything, Observations by patient two at a time to the end, a conditional create (twice),
 * a transaction. Every FHIR body they received is validated here (base R4 and the passport's rules): 0 errors.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class PartnerNodeClientsTest {
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

    @ParameterizedTest
    @ValueSource(strings = {"fhir-kit-client", "fhirclient"})
    void anUnchangedNpmClientDoesThePartnerPath(String which) throws Exception {
        Http anonymous = new Http(server.getURI());
        SmartPartner p = which.equals("fhirclient")
                ? SmartPartner.rs384("npm-" + UUID.randomUUID().toString().substring(0, 8))
                : SmartPartner.es384("npm-" + UUID.randomUUID().toString().substring(0, 8));
        p.register(anonymous.as(new TestTokens(tokens).admin()), Directory.WIRRAL_GP.id(), Directory.WIRRAL_GP.name(),
                "gp-practice", List.of("system/*.rs", "system/Observation.c", "system/Bundle.c"),
                List.of("direct-care"));
        Fixtures.shareWithSystem(directives, "jean-whitfield", p.clientId);

        Path out = Files.createTempFile("partner-" + which, ".json");
        ProcessBuilder pb = new ProcessBuilder("node", "partner-clients.mjs", which)
                .directory(new File("src/test/node")).redirectErrorStream(true);
        pb.environment().put("FHIR_BASE", server.getURI().toString().replaceAll("/$", "") + "/fhir");
        pb.environment().put("CLIENT_ID", p.clientId);
        pb.environment().put("PRIVATE_JWK", p.key.toJSONString());
        pb.environment().put("SCOPE", "system/*.rs system/Observation.c system/Bundle.c");
        pb.environment().put("PATIENT", "jean-whitfield");
        pb.environment().put("OUT", out.toString());
        Process node = pb.start();
        String log = new String(node.getInputStream().readAllBytes());
        assertTrue(node.waitFor(180, TimeUnit.SECONDS), "node finished");
        assertEquals(0, node.exitValue(), log);

        JsonNode result = SmartPartner.JSON.readTree(Files.readString(out));
        JsonNode summary = result.path("summary");
        int observations = 0;
        int validated = 0;
        for (JsonNode r : result.path("received")) {
            String what = r.path("what").asText();
            String body = r.path("body").asText();
            if (what.equals("smart-configuration")) {
                assertTrue(SmartPartner.JSON.readTree(body).path("token_endpoint").asText().endsWith("/auth/token"));
                continue;
            }
            JsonNode tree = SmartPartner.JSON.readTree(body);
            assertFalse(tree.has("total"), what + ": no total");
            if (what.equals("$everything")) {
                for (JsonNode e : tree.path("entry")) {
                    observations += e.path("resource").path("resourceType").asText().equals("Observation") ? 1 : 0;
                }
            }
            ValidationReport report = PassportValidator.shared().validate(body);
            assertEquals(List.of(), report.errors(), which + " " + what);
            validated++;
        }
        assertTrue(validated >= 5, "bodies validated: " + validated);
        Set<String> seen = new HashSet<>();
        for (JsonNode id : summary.path("seen")) {
            assertTrue(seen.add(id.asText()), "no result twice");
        }
        assertTrue(observations > 2);
        assertEquals(observations, seen.size(), "paging reaches exactly what $everything discloses");
        assertEquals((observations + 1) / 2, summary.path("pages").asInt());
    }
}
