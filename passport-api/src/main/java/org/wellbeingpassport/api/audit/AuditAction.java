package org.wellbeingpassport.api.audit;

/** What was done. {@link #fhirAction()} is AuditEvent.action (C, R, U, D, E). */
public enum AuditAction {
    READ("R"),
    SEARCH("E"),
    CREATE("C"),
    UPDATE("U"),
    DELETE("D"),
    CONSENT_CHANGE("U"),
    ACCESS_REQUEST("C"),
    ACCESS_DECISION("E"),
    SHARE_CODE_CREATE("C"),
    SHARE_CODE_USE("E"),
    BREAK_GLASS("E"),
    CORRECTION("U"),
    DELEGATION("U"),
    KEY_ROTATION("E"),
    ERASURE("D"),
    AUTH_FAILURE("E"),
    EXPORT("R"),
    PREVIEW("E"),
    /** Someone was told which parts of a passport are shared with them ("why can't I see this?"), no content. */
    EXPLANATION("E"),
    /** An auditor's disposition of a break-glass event. */
    REVIEW("C"),
    /** An auditor's query or verification of the audit trail itself. */
    AUDIT_QUERY("E"),
    /** The service repaired its own audit trail at start-up (a head pointer left ahead of the stored blocks). */
    AUDIT_REPAIR("U"),
    /** A professional proposed an entry for a resident's passport (the resident confirms or disputes it). */
    CONTRIBUTION("C"),
    /** A resident confirmed an entry someone else proposed. */
    CONFIRMATION("U"),
    /** A resident disputed an entry; the dispute is linked to it and travels with it. */
    DISPUTE("C"),
    /** A resident resolved or withdrew a dispute. */
    DISPUTE_RESOLUTION("U"),
    /** The author of an entry (or their organisation) reviewed, asked about, accepted or declined a correction. */
    CORRECTION_REVIEW("U"),
    /** The resident logged their disagreement with a declined correction, or answered a question about one. */
    DISAGREEMENT("C"),
    /** Recipients of a resident's data were told that what they received changed meaning (no content leaves). */
    NOTICE("E"),
    /**
     * Someone was shown a listing about a resident that is not the record itself (their choices, notices, requests,
     * ledger, access history, carers; a correction queue): references and statuses, nothing listed as disclosed.
     */
    LISTING("E");

    private final String fhirAction;

    AuditAction(String fhirAction) {
        this.fhirAction = fhirAction;
    }

    public String fhirAction() {
        return fhirAction;
    }

    /** Lower-case, dash-separated code used in storage and JSON (e.g. "break-glass"). */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static java.util.Optional<AuditAction> fromCode(String code) {
        for (AuditAction a : values()) {
            if (a.code().equals(code)) {
                return java.util.Optional.of(a);
            }
        }
        return java.util.Optional.empty();
    }
}
