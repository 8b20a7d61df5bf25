package org.wellbeingpassport.consent;

import java.time.Instant;
import java.util.Objects;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * Who is asking, for what purpose, when, and on what basis (Cedar's principal, action and
 * context; the data item is the resource).
 */
public record AccessRequest(Actor actor, Purpose purpose, Instant at, AccessBasis basis) {
    public AccessRequest {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(basis, "basis");
    }

    /** The ordinary case: the resident's directives decide. */
    public static AccessRequest of(Actor actor, Purpose purpose, Instant at) {
        return new AccessRequest(actor, purpose, at, new AccessBasis.Consent());
    }

    /** An emergency or safeguarding override; the grant's actor and purpose are the request's. */
    public static AccessRequest breakGlass(BreakGlassGrant grant, Instant at) {
        return new AccessRequest(grant.actor(), grant.purpose(), at, new AccessBasis.BreakGlass(grant));
    }

    /** A recorded lawful basis other than consent (safeguarding duty, court order, statutory gateway). */
    public static AccessRequest lawful(Actor actor, Purpose purpose, Instant at, LawfulBasis basis) {
        return new AccessRequest(actor, purpose, at, new AccessBasis.Lawful(basis));
    }
}
