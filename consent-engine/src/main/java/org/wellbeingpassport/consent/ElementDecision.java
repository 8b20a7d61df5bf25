package org.wellbeingpassport.consent;

import java.util.Objects;

/** The decision for one element: disclose or withhold, and the reason that decided it. */
public record ElementDecision(String path, Effect effect, Reason reason) {
    public ElementDecision {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean disclosed() {
        return effect == Effect.DISCLOSE;
    }
}
