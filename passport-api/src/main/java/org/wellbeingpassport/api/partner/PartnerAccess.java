package org.wellbeingpassport.api.partner;

import io.micronaut.security.authentication.Authentication;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * What a partner system's access token allows: the SMART scopes granted and the purposes of use its registration
 * allows (the first being the default). A system token without a {@code scope} claim was not issued by the token
 * endpoint (the demo sign-in, a trusted identity provider): it is held to consent alone, as before SMART, and names
 * its purpose on every request.
 */
public record PartnerAccess(Optional<SmartScopes> scopes, List<Purpose> purposes) {
    public static final String SCOPE = "scope";
    public static final String PURPOSES = "wp_purposes";
    public static final String CLIENT_ID = "client_id";

    public PartnerAccess {
        purposes = List.copyOf(purposes);
    }

    public static PartnerAccess of(Authentication auth) {
        Object scope = auth.getAttributes().get(SCOPE);
        Optional<SmartScopes> scopes = scope == null
                ? Optional.empty()
                : Optional.of(SmartScopes.parse(scope.toString()).orElse(SmartScopes.none()));
        Object p = auth.getAttributes().get(PURPOSES);
        List<Purpose> purposes = p instanceof Collection<?> c
                ? c.stream().map(x -> Purpose.fromCode(String.valueOf(x))).flatMap(Optional::stream).toList()
                : List.of();
        return new PartnerAccess(scopes, purposes);
    }

    /** May this token do {@code permission} (one of c, r, u, d, s) on {@code type}? */
    public boolean permits(String type, char permission) {
        return scopes.map(s -> s.permits(type, permission)).orElse(true);
    }

    /** The purpose a request without one states: the registration's default; empty for tokens without one. */
    public Optional<Purpose> defaultPurpose() {
        return purposes.isEmpty() ? Optional.empty() : Optional.of(purposes.get(0));
    }

    /** Whether the token may state this purpose (tokens from the token endpoint: only the registered ones). */
    public boolean allows(Purpose purpose) {
        return scopes.isEmpty() || purposes.contains(purpose);
    }
}
