package org.wellbeingpassport.consent;

import java.util.Objects;

/** The basis a request relies on. Anything but consent is explicit and recorded, never implied. */
public sealed interface AccessBasis {

    /** The resident's directives decide (the usual case). */
    record Consent() implements AccessBasis {
    }

    /** Break-glass: the configured minimal set for a limited time, with notice and review. */
    record BreakGlass(BreakGlassGrant grant) implements AccessBasis {
        public BreakGlass {
            Objects.requireNonNull(grant, "grant");
        }
    }

    /** A recorded lawful basis other than consent, which discloses its scope whatever the directives say. */
    record Lawful(LawfulBasis basis) implements AccessBasis {
        public Lawful {
            Objects.requireNonNull(basis, "basis");
        }
    }
}
