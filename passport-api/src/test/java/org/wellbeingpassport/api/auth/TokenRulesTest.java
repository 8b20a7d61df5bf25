package org.wellbeingpassport.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.keys.KeyHierarchy;

/**
 * Token validation to RFC 8725 and the SMART profile, with real tokens: ES256 tokens signed by the service's own
 * token key (the keystore's, through the same call the service uses), and tokens from a trusted identity provider
 * whose keys are served by a real JWKS endpoint. Each refused token differs from an accepted one in one claim or
 * header only.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenRulesTest implements TestPropertyProvider {
    static final String IDP = "https://login.example-idp.test";
    static final String AUD = "urn:wellbeing-passport:api";
    static ECKey idpEc;
    static RSAKey idpRsa;
    static HttpServer jwks;

    @Inject
    EmbeddedServer server;
    @Inject
    KeyHierarchy keys;
    @Inject
    ServiceTokens tokens;
    @Inject
    AuthSettings settings;

    @Override
    public Map<String, String> getProperties() {
        try {
            idpEc = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
            idpRsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
            jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(List.<JWK>of(idpEc.toPublicJWK(), idpRsa.toPublicJWK())).toString()
                    .getBytes(StandardCharsets.UTF_8);
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
        // this provider signs with ES256 only: its RSA key in the same JWKS must not be usable
        return Map.of("passport.auth.trusted-issuers.idp.issuer", IDP, "passport.auth.trusted-issuers.idp.jwks-url",
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks", "passport.auth.trusted-issuers.idp.kinds",
                "system", "passport.auth.trusted-issuers.idp.algorithms", "ES256");
    }

    @AfterAll
    void stop() {
        jwks.stop(0);
    }

    /** 201 when the partner system's token is accepted, 401 when refused (a partner-system FHIR create). */
    int status(String token) {
        return new Http(server.getURI()).as(token).post("/fhir/Patient", Fixtures.amara()).statusCode();
    }

    /** Our own issuer's token with exactly these claims, signed by the keystore's token key. */
    String own(String claimsJson) {
        return keys.tokens().compactJws(claimsJson);
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }

    String ownClaims(String registered) {
        return "{\"iss\":\"" + tokens.issuer()
                + "\",\"sub\":\"system-1\",\"wp_kind\":\"system\",\"name\":\"Token Practice system\","
                + "\"wp_org\":\"org-t\",\"wp_org_name\":\"Token Practice\",\"wp_org_type\":\"gp-practice\"" + registered
                + "}";
    }

    @Test
    void aCompleteTokenIsAccepted() {
        long now = now();
        assertEquals(201, status(own(
                ownClaims(",\"aud\":\"" + AUD + "\",\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":" + (now + 300)))));
        // aud as an array naming us among others
        assertEquals(201, status(own(ownClaims(
                ",\"aud\":[\"https://other.test\",\"" + AUD + "\"],\"iat\":" + now + ",\"exp\":" + (now + 300)))));
        // and the service's own tokens carry all of it
        assertEquals(201, status(tokens.issue("system-1", Map.of("wp_kind", "system", "name", "Token Practice system",
                "wp_org", "org-t", "wp_org_name", "Token Practice", "wp_org_type", "gp-practice"))));
    }

    @Test
    void aTokenWithoutExpIsRefused() {
        assertEquals(401, status(own(ownClaims(",\"aud\":\"" + AUD + "\",\"iat\":" + now()))));
    }

    @Test
    void aTokenLivingLongerThanAllowedIsRefused() {
        long now = now();
        long max = settings.getMaxTokenLifetime().toSeconds();
        assertEquals(201,
                status(own(ownClaims(",\"aud\":\"" + AUD + "\",\"iat\":" + now + ",\"exp\":" + (now + max)))));
        assertEquals(401,
                status(own(ownClaims(",\"aud\":\"" + AUD + "\",\"iat\":" + now + ",\"exp\":" + (now + max + 60)))));
        // a year-long token, however it was signed
        assertEquals(401, status(
                own(ownClaims(",\"aud\":\"" + AUD + "\",\"iat\":" + now + ",\"exp\":" + (now + 365L * 24 * 3600)))));
    }

    @Test
    void aTokenWithoutIatIsRefused() {
        assertEquals(401, status(own(ownClaims(",\"aud\":\"" + AUD + "\",\"exp\":" + (now() + 300)))));
    }

    @Test
    void aTokenNotYetValidIsRefusedBeyondTheStatedSkew() {
        long now = now();
        long skew = settings.getClockSkew().toSeconds();
        assertEquals(60, skew, "the README states a 60-second skew");
        String base = ",\"aud\":\"" + AUD + "\",\"iat\":" + now + ",\"exp\":" + (now + 600);
        assertEquals(401, status(own(ownClaims(base + ",\"nbf\":" + (now + 300)))));
        // within the skew: another clock a little ahead of ours
        assertEquals(201, status(own(ownClaims(base + ",\"nbf\":" + (now + 20)))));
    }

    @Test
    void aTokenIssuedInTheFutureIsRefusedBeyondTheStatedSkew() {
        long now = now();
        assertEquals(401,
                status(own(ownClaims(",\"aud\":\"" + AUD + "\",\"iat\":" + (now + 300) + ",\"exp\":" + (now + 600)))));
        assertEquals(201,
                status(own(ownClaims(",\"aud\":\"" + AUD + "\",\"iat\":" + (now + 20) + ",\"exp\":" + (now + 600)))));
    }

    @Test
    void aTokenWithoutAudienceOrForAnotherServiceIsRefused() {
        long now = now();
        String times = ",\"iat\":" + now + ",\"exp\":" + (now + 300);
        assertEquals(401, status(own(ownClaims(times))));
        assertEquals(401, status(own(ownClaims(times + ",\"aud\":\"https://another-service.test\""))));
        assertEquals(401, status(own(ownClaims(times + ",\"aud\":[]"))));
        assertEquals(401, status(own(ownClaims(times + ",\"aud\":42"))));
    }

    @Test
    void aTrustedProviderIsPinnedToItsAlgorithm() throws Exception {
        JWTClaimsSet claims = idpClaims(AUD);
        assertEquals(201,
                status(sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").type(JOSEObjectType.JWT).build(),
                        claims, new ECDSASigner(idpEc))));
        // a real key of the same provider, published in its JWKS, but an algorithm it is not pinned to
        assertEquals(401,
                status(sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").type(JOSEObjectType.JWT).build(),
                        claims, new RSASSASigner(idpRsa))));
    }

    @Test
    void aTrustedProviderTokenMustNameUsAsAudience() throws Exception {
        assertEquals(401, status(sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(),
                idpClaims("https://another-service.test"), new ECDSASigner(idpEc))));
    }

    @Test
    void aTokenOfAnotherTypeIsRefused() throws Exception {
        assertEquals(401, status(sign(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").type(new JOSEObjectType("dpop+jwt")).build(),
                idpClaims(AUD), new ECDSASigner(idpEc))));
        assertEquals(201, status(
                sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").type(new JOSEObjectType("at+jwt")).build(),
                        idpClaims(AUD), new ECDSASigner(idpEc))));
    }

    @Test
    void theDefaultIssuerIsTheOneTheReadmeDocuments() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher row = Pattern.compile("\\| `PASSPORT_ISSUER` \\| `([^`]+)` \\|").matcher(readme);
        assertTrue(row.find(), "the README's configuration table documents PASSPORT_ISSUER and its default");
        assertEquals(row.group(1), settings.getIssuer());
        String payload = new String(
                Base64.getUrlDecoder().decode(tokens.issue("x", Map.of("wp_kind", "admin")).split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertTrue(payload.contains("\"iss\":\"" + row.group(1) + "\""), payload);
        Matcher aud = Pattern.compile("\\| `PASSPORT_AUDIENCE` \\| `([^`]+)` \\|").matcher(readme);
        assertTrue(aud.find(), "the README documents PASSPORT_AUDIENCE and its default");
        assertEquals(List.of(aud.group(1)), settings.getAudiences());
    }

    static JWTClaimsSet idpClaims(String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(IDP).subject("ops-1").audience(audience).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).claim("wp_kind", "system").claim("name", "Ops system")
                .claim("wp_org", "org-t").claim("wp_org_name", "Token Practice").claim("wp_org_type", "gp-practice")
                .build();
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, com.nimbusds.jose.JWSSigner signer) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
