package org.wellbeingpassport.api.partner;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import org.wellbeingpassport.api.http.codes.PurposeCode;
import org.wellbeingpassport.api.http.Refuses;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.api.http.Problem;
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

    private final PartnerRegistrations partners;

    public PartnerAdminController(PartnerRegistrations partners) {
        this.partners = partners;
    }

    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Refuses.Malformed
    @Refuses.Caller
    @Refuses.Conflict
    @Refuses.Invalid
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<PartnerView> register(@Valid @Body PartnerRegistrationForm body) {
        PartnerRegistration r = registration(body);
        if (!partners.register(r)) {
            throw new Problem(HttpStatus.CONFLICT, "Conflict", "A partner with this client id is registered already");
        }
        return HttpResponse.created(view(r)).header("Location", "/admin/partners/" + r.clientId());
    }

    @Refuses.Caller
    @Refuses.NotFound
    @Get(uri = "/{clientId}", produces = MediaType.APPLICATION_JSON)
    public PartnerView one(@PathVariable String clientId) {
        return partners.find(clientId).map(PartnerAdminController::view)
                .orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "Not found", "No partner with this client id"));
    }

    @Refuses.Caller
    @Get(produces = MediaType.APPLICATION_JSON)
    public Partners all() {
        return new Partners(partners.all().stream().map(PartnerAdminController::view).toList());
    }

    /** Every registered partner system. */
    public record Partners(List<PartnerView> partners) {
    }

    /** A partner registration as stored (public keys only), with when it was registered. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartnerView(String clientId, String name, String organisationId, String organisationName,
            String organisationType, @Nullable String jwksUrl,
            @Nullable @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.JwkSet.class) JsonNode jwks,
            List<String> scopes, List<String> purposes, @Nullable String statutoryGateway, @Nullable String restHook,
            String registered) {
    }

    private static PartnerView view(PartnerRegistration r) {
        return new PartnerView(r.clientId(), r.name(), r.organisationId(), r.organisationName(),
                r.organisationType().code(), r.jwksUrl().orElse(null),
                r.jwks().map(PartnerAdminController::tree).orElse(null), r.scopes(),
                r.purposes().stream().map(Purpose::code).toList(), r.statutoryGateway().orElse(null),
                r.restHook().orElse(null), r.registered().toString());
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored JWKS does not parse");
        }
    }

    /**
     * The registration the form asks for. The form's constraints were checked at the door; what is left needs more
     * than one field or a parser: exactly one of jwksUrl and jwks, a JWK Set of public keys, SMART system scopes, and
     * http(s) URLs. Each problem is named by its field (422).
     */
    static PartnerRegistration registration(PartnerRegistrationForm f) {
        List<String> errors = new ArrayList<>();
        Optional<String> jwksUrl = Optional.ofNullable(f.jwksUrl()).map(String::strip);
        jwksUrl.filter(u -> !httpUrl(u)).ifPresent(u -> errors.add("jwksUrl: an http(s) URL"));
        Optional<String> jwks = Optional.empty();
        if (f.jwks() != null) {
            try {
                JWKSet set = JWKSet.parse(f.jwks());
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
        for (String s : f.scopes()) {
            if (!SmartScopes.isValid(s)) {
                errors.add("scopes: '" + s + "' is not a system scope such as system/Observation.rs");
            }
        }
        Optional<String> restHook = Optional.ofNullable(f.restHook()).map(String::strip);
        restHook.filter(u -> !httpUrl(u)).ifPresent(u -> errors.add("restHook: an http(s) URL"));
        if (!errors.isEmpty()) {
            throw Problem.invalid("The registration is not valid", errors);
        }
        return new PartnerRegistration(f.clientId(), f.name().strip(), f.organisationId().strip(),
                f.organisationName().strip(), f.organisationType().vocabulary(), jwksUrl, jwks, List.copyOf(f.scopes()),
                f.purposes().stream().map(PurposeCode::vocabulary).toList(),
                Optional.ofNullable(f.statutoryGateway()).map(String::strip), restHook, Instant.now());
    }

    private static boolean httpUrl(String u) {
        try {
            URI uri = URI.create(u);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
