package org.wellbeingpassport.api.partner;

import org.wellbeingpassport.api.http.Refuses;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * Administrators register partner systems for SMART Backend Services. The body is parsed closed: an unknown field is
 * a 400 naming it. Only public keys are accepted (a JWKS holding private key material is refused, never stored).
 *
 * <pre>
 * POST /admin/partners
 * {"clientId": "emis-leasowe", "name": "Leasowe Lane GP system", "organisationId": "...",
 *  "organisationName": "...", "organisationType": "gp-practice",
 *  "jwksUrl": "https://..." | "jwks": {"keys": [...]},
 *  "scopes": ["system/Patient.rs", "system/Observation.crs"], "purposes": ["direct-care"],
 *  "statutoryGateway": "Welfare Reform Act 2012 s131" (optional), "restHook": "https://..." (optional)}
 * </pre>
 */
@Controller("/admin/partners")
@Secured("admin")
public class PartnerAdminController {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("clientId", "name", "organisationId", "organisationName",
            "organisationType", "jwksUrl", "jwks", "scopes", "purposes", "statutoryGateway", "restHook");

    private final PartnerRegistrations partners;

    public PartnerAdminController(PartnerRegistrations partners) {
        this.partners = partners;
    }

    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(mediaType = io.micronaut.http.MediaType.APPLICATION_JSON, schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = PartnerRegistrationForm.class)))
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Refuses.Malformed
    @Refuses.Caller
    @Refuses.Conflict
    @Refuses.Invalid
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> register(@Nullable @Body String body) {
        PartnerRegistration r = parse(body);
        if (!partners.register(r)) {
            throw new Problem(HttpStatus.CONFLICT, "Conflict", "A partner with this client id is registered already");
        }
        return HttpResponse.created(view(r)).header("Location", "/admin/partners/" + r.clientId());
    }

    @Refuses.Caller
    @Refuses.NotFound
    @Get(uri = "/{clientId}", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> one(@PathVariable String clientId) {
        return partners.find(clientId).map(PartnerAdminController::view)
                .orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "Not found", "No partner with this client id"));
    }

    @Refuses.Caller
    @Get(produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> all() {
        return Map.of("partners", partners.all().stream().map(PartnerAdminController::view).toList());
    }

    private static Map<String, Object> view(PartnerRegistration r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clientId", r.clientId());
        m.put("name", r.name());
        m.put("organisationId", r.organisationId());
        m.put("organisationName", r.organisationName());
        m.put("organisationType", r.organisationType().code());
        r.jwksUrl().ifPresent(u -> m.put("jwksUrl", u));
        r.jwks().ifPresent(j -> m.put("jwks", tree(j)));
        m.put("scopes", r.scopes());
        m.put("purposes", r.purposes().stream().map(Purpose::code).toList());
        r.statutoryGateway().ifPresent(g -> m.put("statutoryGateway", g));
        r.restHook().ifPresent(h -> m.put("restHook", h));
        m.put("registered", r.registered().toString());
        return m;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored JWKS does not parse");
        }
    }

    static PartnerRegistration parse(String body) {
        JsonNode node;
        try {
            node = body == null ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("The body is not JSON");
        }
        if (!(node instanceof ObjectNode o)) {
            throw Problem.badRequest("Send the registration as a JSON object");
        }
        List<String> errors = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                errors.add(f + ": not a field of a partner registration");
            }
        }
        String clientId = text(o, "clientId", errors, true);
        if (clientId != null && !clientId.matches("[A-Za-z0-9._\\-]{3,64}")) {
            errors.add("clientId: 3 to 64 of A-Z a-z 0-9 . _ -");
        }
        String name = text(o, "name", errors, true);
        String org = text(o, "organisationId", errors, true);
        String orgName = text(o, "organisationName", errors, true);
        Optional<OrganisationType> orgType = Optional.ofNullable(text(o, "organisationType", errors, true))
                .flatMap(OrganisationType::fromCode);
        if (orgType.isEmpty() && o.has("organisationType")) {
            errors.add("organisationType: not a known organisation type");
        }
        Optional<String> jwksUrl = Optional.ofNullable(text(o, "jwksUrl", errors, false));
        jwksUrl.filter(u -> !httpUrl(u)).ifPresent(u -> errors.add("jwksUrl: an http(s) URL"));
        Optional<String> jwks = Optional.empty();
        if (o.has("jwks")) {
            try {
                JWKSet set = JWKSet.parse(o.get("jwks").toString());
                if (set.getKeys().isEmpty()) {
                    errors.add("jwks: holds no key");
                }
                for (JWK k : set.getKeys()) {
                    if (k.isPrivate()) {
                        errors.add("jwks: send public keys only");
                        break;
                    }
                }
                jwks = Optional.of(set.toString(true));
            } catch (java.text.ParseException | RuntimeException e) {
                errors.add("jwks: not a JWK Set");
            }
        }
        if (jwksUrl.isPresent() == jwks.isPresent()) {
            errors.add("jwksUrl or jwks: give exactly one");
        }
        List<String> scopes = new ArrayList<>();
        for (String s : list(o, "scopes", errors)) {
            if (SmartScopes.isValid(s)) {
                scopes.add(s);
            } else {
                errors.add("scopes: '" + s + "' is not a system scope such as system/Observation.rs");
            }
        }
        List<Purpose> purposes = new ArrayList<>();
        for (String p : list(o, "purposes", errors)) {
            Purpose.fromCode(p).ifPresentOrElse(purposes::add,
                    () -> errors.add("purposes: '" + p + "' is not a purpose of use"));
        }
        if (purposes.isEmpty() && o.has("purposes")) {
            errors.add("purposes: name at least one (the first is the default)");
        }
        Optional<String> gateway = Optional.ofNullable(text(o, "statutoryGateway", errors, false));
        Optional<String> restHook = Optional.ofNullable(text(o, "restHook", errors, false));
        restHook.filter(u -> !httpUrl(u)).ifPresent(u -> errors.add("restHook: an http(s) URL"));
        if (!errors.isEmpty()) {
            throw new Problem(HttpStatus.BAD_REQUEST, "Bad request", "The registration is not valid", errors);
        }
        return new PartnerRegistration(clientId, name, org, orgName, orgType.get(), jwksUrl, jwks, scopes, purposes,
                gateway, restHook, Instant.now());
    }

    private static boolean httpUrl(String u) {
        try {
            URI uri = URI.create(u);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String text(ObjectNode o, String field, List<String> errors, boolean required) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(field + ": required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            errors.add(field + ": a non-empty string");
            return null;
        }
        return v.asText().trim();
    }

    private static List<String> list(ObjectNode o, String field, List<String> errors) {
        JsonNode v = o.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || !v.isArray() || v.isEmpty()) {
            errors.add(field + ": a non-empty array of strings");
            return out;
        }
        for (JsonNode x : v) {
            if (!x.isTextual()) {
                errors.add(field + ": strings only");
            } else {
                out.add(x.asText());
            }
        }
        return out;
    }
}
