package org.wellbeingpassport.api.audit;

/** The outcome of an audited action, as decided when it was recorded. */
public enum AuditOutcome {
    SUCCESS("0", "success"),
    DENIED("4", "denied"),
    FAILED("8", "failed");

    private final String fhirCode;
    private final String label;

    AuditOutcome(String fhirCode, String label) {
        this.fhirCode = fhirCode;
        this.label = label;
    }

    /** AuditEvent.outcome (0 success, 4 minor failure: refused, 8 serious failure). */
    public String fhirCode() {
        return fhirCode;
    }

    public String label() {
        return label;
    }
}
