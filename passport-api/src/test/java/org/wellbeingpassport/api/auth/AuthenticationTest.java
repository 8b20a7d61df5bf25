package org.wellbeingpassport.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;

/**
 * Which tokens get in: real ES256 tokens from the service's own key and from a trusted identity provider that
 * publishes its keys at a JWKS URL (served here by a real HTTP server); everything else is 401.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationTest implements TestPropertyProvider {
    static final String IDP = "https://login.example-resident-idp.test";
    static ECKey idpKey;
    static HttpServer jwks;

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    org.wellbeingpassport.api.audit.AuditQueries queries;

    @Override
    public Map<String, String> getProperties() {
        try {
            idpKey = new ECKeyGenerator(Curve.P_256).keyID("idp-key-1").generate();
            jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(idpKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            jwks.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            jwks.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("passport.auth.trusted-issuers.residents.issuer", IDP,
                "passport.auth.trusted-issuers.residents.jwks-url",
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks",
                "passport.auth.trusted-issuers.residents.kinds", "resident,carer");
    }

    @AfterAll
    void stop() {
        jwks.stop(0);
    }

    Http http() {
        return new Http(server.getURI());
    }

    /** A partner-system FHIR route: 401 vs 201 tells whether the token was accepted. */
    int fhirCreateWith(String token) {
        return (token == null ? http() : http().as(token)).post("/fhir/Patient", Fixtures.amara()).statusCode();
    }

    @Test
    void aValidServiceTokenIsAccepted() {
        assertEquals(201, fhirCreateWith(new TestTokens(tokens).demo(Fixtures.GP_SYSTEM)));
    }

    @Test
    void noTokenIs401WithOperationOutcomeUnderFhir() {
        HttpResponse<String> r = http().post("/fhir/Patient", Fixtures.amara());
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("OperationOutcome"), r.body());
        assertEquals("Bearer realm=\"wellbeing-passport\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void aRefusedTokenIs401WithWwwAuthenticateNamingTheToken() {
        HttpResponse<String> r = http().as("not.a.token").get("/me/consent");
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals("Bearer realm=\"wellbeing-passport\", error=\"invalid_token\"",
                r.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void aRefusedSignInIsAudited() {
        java.util.function.Supplier<Long> failures = () -> queries
                .search(org.wellbeingpassport.api.audit.AuditQuery.all()).stream()
                .filter(e -> e.entry().action() == org.wellbeingpassport.api.audit.AuditAction.AUTH_FAILURE).count();
        long before = failures.get();
        assertEquals(401, fhirCreateWith("not.a.token"));
        assertEquals(before + 1, failures.get(), "the failed authentication is in the audit trail");
    }

    @Test
    void expiredTokenIs401() {
        String expired = tokens.issue("admin-1", Map.of("wp_kind", "admin"), Duration.ofSeconds(-120));
        assertEquals(401, fhirCreateWith(expired));
    }

    @Test
    void garbageTokenIs401() {
        assertEquals(401, fhirCreateWith("not.a.token"));
    }

    @Test
    void unsignedAlgNoneTokenIs401() throws Exception {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        String payload = Base64URL.encode(claims(tokens.issuer(), "admin-1", "admin").toString()).toString();
        assertEquals(401, fhirCreateWith(header + "." + payload + "."));
    }

    @Test
    void ourIssuerSignedWithAnotherKeyIs401() throws Exception {
        ECKey forger = new ECKeyGenerator(Curve.P_256).generate();
        String kid = tokens.issue("x", Map.of("wp_kind", "admin")).split("\\.")[0];
        String ourKid = new String(Base64URL.from(kid).decode(), StandardCharsets.UTF_8)
                .replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
        assertEquals(401, fhirCreateWith(sign(forger, ourKid, claims(tokens.issuer(), "admin-1", "admin"))));
    }

    @Test
    void unknownIssuerIs401() throws Exception {
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
        assertEquals(401, fhirCreateWith(sign(other, "k", claims("https://unknown-issuer.test", "admin-1", "admin"))));
    }

    @Test
    void trustedIdentityProviderMayVouchOnlyForItsKinds() throws Exception {
        // a resident token from the residents' provider is accepted (authenticated), but is not an admin
        String resident = sign(idpKey, "idp-key-1", claims(IDP, "nhs-login-123", "resident"));
        assertEquals(403, fhirCreateWith(resident));
        // the same provider cannot mint an administrator or a professional
        assertEquals(401, fhirCreateWith(sign(idpKey, "idp-key-1", claims(IDP, "nhs-login-123", "admin"))));
        // and a token naming the provider but signed by someone else is refused
        ECKey forger = new ECKeyGenerator(Curve.P_256).keyID("idp-key-1").generate();
        assertEquals(401, fhirCreateWith(sign(forger, "idp-key-1", claims(IDP, "nhs-login-123", "resident"))));
    }

    @Test
    void incompleteProfessionalClaimsAre401() {
        String noRole = tokens.issue("prof-1",
                Map.of("wp_kind", "professional", "wp_org", "org-1", "wp_org_type", "gp-practice"));
        assertEquals(401, fhirCreateWith(noRole));
        String unknownRole = tokens.issue("prof-1",
                Map.of("wp_kind", "professional", "wp_role", "CC", "wp_org", "org-1", "wp_org_type", "gp-practice"));
        assertEquals(401, fhirCreateWith(unknownRole));
    }

    @Test
    void theServiceKeysArePublished() {
        HttpResponse<String> r = http().get("/.well-known/jwks.json");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"kty\":\"EC\"") && r.body().contains("\"crv\":\"P-256\""), r.body());
        assertTrue(!r.body().contains("\"d\""), "no private key material");
    }

    static JWTClaimsSet claims(String issuer, String subject, String kind) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience("urn:wellbeing-passport:api")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("wp_kind", kind)
                .claim("name", "Someone").build();
    }

    static String sign(ECKey key, String kid, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
