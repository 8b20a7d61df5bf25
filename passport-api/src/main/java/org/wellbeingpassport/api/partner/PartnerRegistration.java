package org.wellbeingpassport.api.partner;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * A partner system an administrator registered for SMART Backend Services: who it is (client id, organisation), how it
 * proves it (a JWKS URL or an inline JWKS of its public keys), what it may ask for (system scopes, purposes of use,
 * the first purpose being the default when a request names none), and, for a source that sends data under a
 * statutory gateway, that gateway. {@code restHook} is where the service may notify the system (for example of a
 * correction to what it received); optional, http(s) only.
 */
public record PartnerRegistration(String clientId, String name, String organisationId, String organisationName,
        OrganisationType organisationType, Optional<String> jwksUrl, Optional<String> jwks, List<String> scopes,
        List<Purpose> purposes, Optional<String> statutoryGateway, Optional<String> restHook, Instant registered) {
    public PartnerRegistration {
        scopes = List.copyOf(scopes);
        purposes = List.copyOf(purposes);
        if (purposes.isEmpty()) {
            throw new IllegalArgumentException("a partner needs at least one purpose of use");
        }
        if (jwksUrl.isPresent() == jwks.isPresent()) {
            throw new IllegalArgumentException(
                    "a partner proves itself with a JWKS URL or an inline JWKS, one of them");
        }
    }

    /** The purpose a request states when it names none: the first one registered. */
    public Purpose defaultPurpose() {
        return purposes.get(0);
    }
}
