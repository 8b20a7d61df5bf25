package org.wellbeingpassport.consent;

import java.util.Objects;

/** One thing wrong with an input, where it is (e.g. "provision p1/p1.2") and a message for people. */
public record Problem(String where, ProblemKind kind, String message) {
    public Problem {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
