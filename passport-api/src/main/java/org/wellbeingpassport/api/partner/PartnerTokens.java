package org.wellbeingpassport.api.partner;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wellbeingpassport.api.auth.CallerKind;
import org.wellbeingpassport.api.auth.CallerClaims;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * Access tokens for partner systems: for an accepted client assertion, a token of at most 300 seconds signed with
 * the service's own token key, describing the partner as a system caller of its organisation, with the scopes
 * granted (what it asked for, narrowed to what it is registered for) and its registered purposes of use.
 */
@Singleton
public final class PartnerTokens {
    static final Duration LIFETIME = Duration.ofSeconds(300);
    /** The scopes a partner can be registered for and ask for (SMART v2). */
    public static final List<String> SCOPES_SUPPORTED = List.of("system/Patient.rs", "system/Observation.crs",
            "system/Condition.rs", "system/Goal.rs", "system/CarePlan.rs", "system/Composition.rs",
            "system/RelatedPerson.rs", "system/Consent.rs", "system/ServiceRequest.rs", "system/Practitioner.rs",
            "system/Organization.rs", "system/Bundle.c", "system/*.rs");

    private final ClientAssertions assertions;
    private final ServiceTokens tokens;

    public PartnerTokens(ClientAssertions assertions, ServiceTokens tokens) {
        this.assertions = assertions;
        this.tokens = tokens;
    }

    public sealed interface Outcome {
        record Issued(String token, long expiresIn, String scope) implements Outcome {
        }

        record Refused(String error, String description) implements Outcome {
        }
    }

    public Outcome issue(String assertion, Optional<String> clientId, String scope, Set<String> tokenEndpoints) {
        Optional<SmartScopes> requested = SmartScopes.parse(scope);
        if (requested.isEmpty() || requested.get().isEmpty()) {
            return new Outcome.Refused("invalid_scope", "ask for system scopes such as system/Patient.rs");
        }
        ClientAssertions.Result checked = assertions.check(assertion, clientId, tokenEndpoints);
        if (checked instanceof ClientAssertions.Result.Refused r) {
            return new Outcome.Refused(r.refusal().error(), r.refusal().description());
        }
        PartnerRegistration p = ((ClientAssertions.Result.Accepted) checked).partner();
        SmartScopes registered = SmartScopes.parse(String.join(" ", p.scopes())).orElse(SmartScopes.none());
        SmartScopes granted = registered.grant(requested.get());
        if (granted.isEmpty()) {
            return new Outcome.Refused("invalid_scope", "none of the scopes asked for is registered for this client");
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(CallerKind.CLAIM, CallerKind.SYSTEM.code());
        claims.put(CallerClaims.NAME, p.name());
        claims.put(CallerClaims.ORG, p.organisationId());
        claims.put(CallerClaims.ORG_NAME, p.organisationName());
        claims.put(CallerClaims.ORG_TYPE, p.organisationType().code());
        claims.put(PartnerAccess.SCOPE, granted.text());
        claims.put(PartnerAccess.CLIENT_ID, p.clientId());
        claims.put(PartnerAccess.PURPOSES, p.purposes().stream().map(Purpose::code).toList());
        return new Outcome.Issued(tokens.issue(p.clientId(), claims, LIFETIME), LIFETIME.toSeconds(), granted.text());
    }

    public String issuer() {
        return tokens.issuer();
    }
}
