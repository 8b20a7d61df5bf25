package org.wellbeingpassport.api.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.fhir.example.Directory;

/** SMART Backend Services over real HTTP: registration, discovery, the token endpoint and the tokens it issues. */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class SmartBackendServicesTest {
    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    org.wellbeingpassport.api.passport.DirectiveStore directives;
    Http anonymous;
    Http admin;
    SmartPartner es;
    SmartPartner rs;
    String endpoint;

    @BeforeEach
    void register() {
        anonymous = new Http(server.getURI());
        admin = anonymous.as(new TestTokens(tokens).admin());
        es = SmartPartner.es384("gp-es-" + UUID.randomUUID().toString().substring(0, 8));
        rs = SmartPartner.rs384("gp-rs-" + UUID.randomUUID().toString().substring(0, 8));
        for (SmartPartner p : List.of(es, rs)) {
            p.register(admin, Directory.WIRRAL_GP.id(), Directory.WIRRAL_GP.name(), "gp-practice",
                    List.of("system/Patient.rs", "system/Observation.crs"),
                    List.of("direct-care", "care-coordination"));
        }
        endpoint = SmartPartner.tokenEndpoint(anonymous);
        // consent to a partner system names the system (its client id); a grant to the organisation's staff does not
        // reach its systems
        org.wellbeingpassport.api.Fixtures.shareWithSystem(directives, "jean-whitfield", es.clientId);
        org.wellbeingpassport.api.Fixtures.shareWithSystem(directives, "jean-whitfield", rs.clientId);
    }

    @Test
    void discoveryAtTheRootAndUnderTheFhirBase() throws Exception {
        for (String path : List.of("/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration")) {
            HttpResponse<String> r = anonymous.get(path);
            assertEquals(200, r.statusCode());
            JsonNode c = SmartPartner.JSON.readTree(r.body());
            assertEquals(server.getURI().toString().replaceAll("/$", "") + "/auth/token",
                    c.path("token_endpoint").asText(), "the token endpoint as this caller reaches the server");
            assertTrue(c.path("token_endpoint_auth_methods_supported").toString().contains("private_key_jwt"));
            assertEquals("[\"RS384\",\"ES384\"]",
                    c.path("token_endpoint_auth_signing_alg_values_supported").toString());
            assertTrue(c.path("capabilities").toString().contains("client-confidential-asymmetric"));
            assertEquals("[\"client_credentials\"]", c.path("grant_types_supported").toString());
            // a FHIR client library asks with FHIR's media types (this was a 406)
            for (String accept : List.of("application/fhir+json", "application/json+fhir",
                    "application/fhir+json, application/json;q=0.9")) {
                HttpResponse<String> f = anonymous.get(path, "Accept", accept);
                assertEquals(200, f.statusCode(), accept + ": " + f.body());
                assertEquals(c, SmartPartner.JSON.readTree(f.body()));
                assertTrue(f.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            }
        }
    }

    @Test
    void es384AndRs384AssertionsGetTokensOfAtMost300SecondsWithTheGrantedScopes() throws Exception {
        for (SmartPartner p : List.of(es, rs)) {
            HttpResponse<String> r = SmartPartner.requestToken(anonymous, endpoint, p.assertion(endpoint),
                    "system/Patient.rs system/Observation.rs system/Condition.rs");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());
            JsonNode t = SmartPartner.JSON.readTree(r.body());
            assertEquals("bearer", t.path("token_type").asText());
            assertTrue(t.path("expires_in").asLong() <= 300);
            assertEquals("system/Patient.rs system/Observation.rs", t.path("scope").asText(),
                    "what was asked for, narrowed to what is registered");
            SignedJWT at = SignedJWT.parse(t.path("access_token").asText());
            long life = at.getJWTClaimsSet().getExpirationTime().getTime()
                    - at.getJWTClaimsSet().getIssueTime().getTime();
            assertTrue(life <= 300_000, "lifetime " + life);
            assertEquals(p.clientId, at.getJWTClaimsSet().getSubject());
            assertEquals("ES256", at.getHeader().getAlgorithm().getName(), "signed by the service's own key");
            // the token works: the registration's default purpose applies
            Http partner = anonymous.as(t.path("access_token").asText());
            assertEquals(200, partner.get("/fhir/Patient/jean-whitfield").statusCode());
        }
    }

    @Test
    void anAssertionIsNeverAcceptedTwice() {
        String a = es.assertion(endpoint);
        assertEquals(200, SmartPartner.requestToken(anonymous, endpoint, a, "system/Patient.rs").statusCode());
        HttpResponse<String> again = SmartPartner.requestToken(anonymous, endpoint, a, "system/Patient.rs");
        assertEquals(401, again.statusCode());
        assertTrue(again.body().contains("\"error\":\"invalid_client\""), again.body());
    }

    @Test
    void badAssertionsAreInvalidClient() {
        Instant ok = Instant.now().plus(Duration.ofMinutes(4));
        SmartPartner stranger = SmartPartner.es384(es.clientId); // same client id, a key nobody registered
        List<String> bad = List.of(es.assertion(es.clientId, es.clientId, endpoint + "/other", ok, jti()),
                es.assertion(es.clientId, es.clientId, endpoint, Instant.now().plus(Duration.ofMinutes(7)), jti()),
                es.assertion(es.clientId, es.clientId, endpoint, Instant.now().minus(Duration.ofMinutes(5)), jti()),
                es.assertion(es.clientId, "someone-else", endpoint, ok, jti()),
                es.assertion("not-registered", "not-registered", endpoint, ok, jti()), stranger.assertion(endpoint),
                "not-a-jwt");
        for (String a : bad) {
            HttpResponse<String> r = SmartPartner.requestToken(anonymous, endpoint, a, "system/Patient.rs");
            assertEquals(401, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"error\":\"invalid_client\""), r.body());
            assertFalse(r.body().contains("eyJ"), "never echoes the assertion");
        }
    }

    @Test
    void requestErrorsFollowRfc6749() {
        HttpResponse<String> r = anonymous.post("/auth/token", "grant_type=password&username=x", "Content-Type",
                "application/x-www-form-urlencoded");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("unsupported_grant_type"), r.body());
        r = anonymous.post("/auth/token", "grant_type=client_credentials&scope=system%2FPatient.rs", "Content-Type",
                "application/x-www-form-urlencoded");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("invalid_request"), r.body());
        r = SmartPartner.requestToken(anonymous, endpoint, es.assertion(endpoint), "user/Patient.read");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("invalid_scope"), r.body());
        r = SmartPartner.requestToken(anonymous, endpoint, es.assertion(endpoint), "system/Goal.rs");
        assertEquals(400, r.statusCode(), "not registered for Goal");
        assertTrue(r.body().contains("invalid_scope"), r.body());
    }

    @Test
    void scopesAndPurposesBindTheToken() {
        HttpResponse<String> t = SmartPartner.requestToken(anonymous, endpoint, es.assertion(endpoint),
                "system/Patient.rs");
        String token = t.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
        Http partner = anonymous.as(token);
        HttpResponse<String> r = partner.get("/fhir/Observation?patient=jean-whitfield");
        assertEquals(403, r.statusCode(), "no Observation scope");
        assertTrue(r.body().contains("OperationOutcome"));
        assertEquals(403, partner.get("/fhir/Patient/jean-whitfield?purpose=safeguarding").statusCode(),
                "a purpose the registration does not allow");
        assertEquals(200, partner.get("/fhir/Patient/jean-whitfield", "X-Purpose-Of-Use", "direct-care").statusCode());
        assertEquals(404,
                partner.get("/fhir/Patient/jean-whitfield", "X-Purpose-Of-Use", "care-coordination").statusCode(),
                "allowed by the registration, but Jean shared with this system for direct care only");
    }

    @Test
    void registrationIsAdminOnlyAndClosed() {
        SmartPartner p = SmartPartner.es384("reg-" + UUID.randomUUID().toString().substring(0, 8));
        String body = p.registration("org-x", "Org X", "gp-practice", List.of("system/Patient.rs"),
                List.of("direct-care"));
        Http system = anonymous.as(new TestTokens(tokens).demo("system-leasowe-gp"));
        assertEquals(403, system.post("/admin/partners", body, "Content-Type", "application/json").statusCode());
        assertEquals(401, anonymous.post("/admin/partners", body, "Content-Type", "application/json").statusCode());
        HttpResponse<String> unknown = admin.post("/admin/partners",
                body.replace("{\"clientId\"", "{\"extra\":1,\"clientId\""), "Content-Type", "application/json");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("extra"), unknown.body());
        String withPrivate = body.replace(p.publicJwks().replace(" ", ""),
                new com.nimbusds.jose.jwk.JWKSet(p.key).toString(false));
        assertEquals(422, admin.post("/admin/partners", withPrivate, "Content-Type", "application/json").statusCode(),
                withPrivate);
        assertEquals(201, admin.post("/admin/partners", body, "Content-Type", "application/json").statusCode());
        assertEquals(409, admin.post("/admin/partners", body, "Content-Type", "application/json").statusCode());
        HttpResponse<String> read = admin.get("/admin/partners/" + p.clientId);
        assertEquals(200, read.statusCode());
        assertFalse(read.body().contains("\"d\""), "no private key material");
    }

    private static String jti() {
        return UUID.randomUUID().toString();
    }
}
