package org.wellbeingpassport.fhir.validate;

import java.util.Objects;

/**
 * One problem found in an incoming resource: how bad, where (a FHIRPath-like location such as
 * {@code Observation.value[x]} or {@code Composition.section[2].author}), what, and which rule
 * ({@code base-r4} for HAPI's validator, a {@code passport-*} id for ours).
 */
public record Issue(Severity severity, String location, String message, String rule) {
    public Issue {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(rule, "rule");
    }

    /** Issue severities, as in OperationOutcome.issue.severity. */
    public enum Severity {
        FATAL,
        ERROR,
        WARNING,
        INFORMATION;

        public boolean blocks() {
            return this == FATAL || this == ERROR;
        }
    }

    @Override
    public String toString() {
        return severity + " at " + location + ": " + message + " [" + rule + "]";
    }
}
