package org.wellbeingpassport.api.passport;

import jakarta.inject.Singleton;
import java.time.Instant;
import org.wellbeingpassport.consent.AccessRequest;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * The basis a read relies on: consent, unless the actor holds an active break-glass grant or a recorded lawful
 * basis for this resident and purpose (never implied). Break-glass grants are looked up by full key, and only for
 * safeguarding or emergency-treatment reads by a role that may break the glass, so other reads cost nothing more.
 */
@Singleton
public class AccessBases {
    private final BreakGlassGrants breakGlass;

    public AccessBases(BreakGlassGrants breakGlass) {
        this.breakGlass = breakGlass;
    }

    public AccessRequest requestFor(String residentId, Actor actor, Purpose purpose, Instant at) {
        return breakGlass.active(residentId, actor, purpose, at).map(g -> AccessRequest.breakGlass(g, at))
                .orElseGet(() -> AccessRequest.of(actor, purpose, at));
    }
}
