package org.wellbeingpassport.api.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.wellbeingpassport.api.Http;

/**
 * A partner system as a real one would be: its own key pair (ES384 or RS384), registered by an administrator with
 * the public half, discovering the SMART configuration and signing a fresh client assertion for every token.
 */
public final class SmartPartner {
    static final ObjectMapper JSON = new ObjectMapper();
    public final String clientId;
    public final JWK key;
    public final JWSAlgorithm alg;

    private SmartPartner(String clientId, JWK key, JWSAlgorithm alg) {
        this.clientId = clientId;
        this.key = key;
        this.alg = alg;
    }

    public static SmartPartner es384(String clientId) {
        try {
            return new SmartPartner(clientId, new ECKeyGenerator(Curve.P_384).keyID(clientId + "-es").generate(),
                    JWSAlgorithm.ES384);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static SmartPartner rs384(String clientId) {
        try {
            return new SmartPartner(clientId, new RSAKeyGenerator(2048).keyID(clientId + "-rs").generate(),
                    JWSAlgorithm.RS384);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWKS the partner would publish. */
    public String publicJwks() {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    /** The registration an administrator posts for this partner. */
    public String registration(String orgId, String orgName, String orgType, List<String> scopes,
            List<String> purposes) {
        try {
            ObjectNode r = JSON.createObjectNode().put("clientId", clientId).put("name", clientId + " system")
                    .put("organisationId", orgId).put("organisationName", orgName).put("organisationType", orgType);
            r.set("jwks", JSON.readTree(publicJwks()));
            ArrayNode s = r.putArray("scopes");
            scopes.forEach(s::add);
            ArrayNode p = r.putArray("purposes");
            purposes.forEach(p::add);
            return JSON.writeValueAsString(r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void register(Http admin, String orgId, String orgName, String orgType, List<String> scopes,
            List<String> purposes) {
        HttpResponse<String> r = admin.post("/admin/partners", registration(orgId, orgName, orgType, scopes, purposes),
                "Content-Type", "application/json");
        assertEquals(201, r.statusCode(), r.body());
    }

    /** A client assertion, with these claims (the tests vary them). */
    public String assertion(String iss, String sub, String aud, Instant exp, String jti) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(iss).subject(sub).audience(aud)
                    .expirationTime(Date.from(exp)).issueTime(new Date()).jwtID(jti).build();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String assertion(String tokenEndpoint) {
        return assertion(clientId, clientId, tokenEndpoint, Instant.now().plus(Duration.ofMinutes(4)),
                UUID.randomUUID().toString());
    }

    /** The token endpoint named by the server's SMART configuration (discovered under the FHIR base). */
    public static String tokenEndpoint(Http anonymous) {
        try {
            HttpResponse<String> r = anonymous.get("/fhir/.well-known/smart-configuration");
            assertEquals(200, r.statusCode(), r.body());
            return JSON.readTree(r.body()).path("token_endpoint").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token response to a request with this assertion and scope. */
    public static HttpResponse<String> requestToken(Http anonymous, String tokenEndpoint, String assertion,
            String scope) {
        String form = "grant_type=client_credentials&scope=" + enc(scope) + "&client_assertion_type="
                + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") + "&client_assertion=" + enc(assertion);
        String path = tokenEndpoint.replaceFirst("^https?://[^/]+", "");
        return anonymous.post(path, form, "Content-Type", "application/x-www-form-urlencoded");
    }

    /** Discover, sign, ask: the access token. */
    public String token(Http anonymous, String scope) {
        String endpoint = tokenEndpoint(anonymous);
        HttpResponse<String> r = requestToken(anonymous, endpoint, assertion(endpoint), scope);
        assertEquals(200, r.statusCode(), r.body());
        try {
            JsonNode t = JSON.readTree(r.body());
            return t.path("access_token").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
