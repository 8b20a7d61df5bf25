package org.wellbeingpassport.api.passport;

import jakarta.inject.Singleton;
import java.time.Instant;
import org.wellbeingpassport.consent.AccessRequest;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * The basis a read relies on: consent, unless the actor holds an active break-glass grant or a recorded lawful
 * basis for this resident and purpose (never implied).
 */
@Singleton
public class AccessBases {
    public AccessRequest requestFor(String residentId, Actor actor, Purpose purpose, Instant at) {
        return AccessRequest.of(actor, purpose, at);
    }
}
