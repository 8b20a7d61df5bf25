package org.wellbeingpassport.api.partner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SMART Backend Services (SMART App Launch 2): the discovery document, at {@code /.well-known/smart-configuration}
 * and under the FHIR base, and the token endpoint ({@code client_credentials} with a {@code private_key_jwt} client
 * assertion). Errors are RFC 6749 section 5.2 JSON ({@code error}, {@code error_description}).
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden // SMART's own discovery document describes these
public class SmartController {
    public static final String TOKEN_PATH = "/auth/token";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final PublicBase base;
    private final PartnerTokens tokens;

    public SmartController(PublicBase base, PartnerTokens tokens) {
        this.base = base;
        this.tokens = tokens;
    }

    /**
     * The discovery document. SMART says it is {@code application/json}, but a FHIR client library asks everything
     * under its FHIR base with {@code Accept: application/fhir+json} (or the older {@code application/json+fhir}):
     * with {@code application/json} alone in {@code produces}, Micronaut's content negotiation refused those with 406.
     * Both are accepted; the answer is {@code application/json} either way (JSON is what the client parses).
     */
    @Get(uris = {"/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration"}, produces = {
            MediaType.APPLICATION_JSON, "application/fhir+json", "application/json+fhir"})
    public HttpResponse<String> configuration(HttpRequest<?> request) throws JsonProcessingException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("issuer", tokens.issuer());
        c.put("jwks_uri", base.of(request) + "/.well-known/jwks.json");
        c.put("token_endpoint", base.tokenEndpoint(request));
        c.put("grant_types_supported", List.of("client_credentials"));
        c.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        c.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
        c.put("scopes_supported", PartnerTokens.SCOPES_SUPPORTED);
        c.put("response_types_supported", List.of("token"));
        c.put("capabilities", List.of("client-confidential-asymmetric", "permission-v2"));
        // a String body: written as it is for either media type (FHIR clients ask for application/fhir+json)
        return HttpResponse.ok(JSON.writeValueAsString(c)).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "public, max-age=300");
    }

    @Post(uri = TOKEN_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> token(HttpRequest<?> request, @Nullable @Body String body) {
        Map<String, String> form;
        try {
            form = form(body);
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return form.containsKey("grant_type")
                    ? error(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "only client_credentials is supported")
                    : error(HttpStatus.BAD_REQUEST, "invalid_request", "grant_type is required");
        }
        if (!ASSERTION_TYPE.equals(form.get("client_assertion_type")) || !form.containsKey("client_assertion")) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request",
                    "send client_assertion_type=" + ASSERTION_TYPE + " and a client_assertion");
        }
        if (!form.containsKey("scope")) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "scope is required");
        }
        PartnerTokens.Outcome outcome = tokens.issue(form.get("client_assertion"),
                Optional.ofNullable(form.get("client_id")), form.get("scope"), Set.of(base.tokenEndpoint(request)));
        if (outcome instanceof PartnerTokens.Outcome.Refused r) {
            return error(r.error().equals("invalid_client") ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST,
                    r.error(), r.description());
        }
        PartnerTokens.Outcome.Issued issued = (PartnerTokens.Outcome.Issued) outcome;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access_token", issued.token());
        out.put("token_type", "bearer");
        out.put("expires_in", issued.expiresIn());
        out.put("scope", issued.scope());
        return noStore(HttpResponse.ok(out));
    }

    private static MutableHttpResponse<Map<String, Object>> error(HttpStatus status, String error, String why) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", error);
        out.put("error_description", why);
        return noStore(HttpResponse.<Map<String, Object>>status(status).body(out));
    }

    private static MutableHttpResponse<Map<String, Object>> noStore(MutableHttpResponse<Map<String, Object>> r) {
        return r.header("Cache-Control", "no-store").header("Pragma", "no-cache")
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** An application/x-www-form-urlencoded body; a parameter given twice is refused (RFC 6749 section 3.2). */
    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return out;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (out.put(k, v) != null) {
                throw new IllegalArgumentException(k + " is given more than once");
            }
        }
        return out;
    }
}
