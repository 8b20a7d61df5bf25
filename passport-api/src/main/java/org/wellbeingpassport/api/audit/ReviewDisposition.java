package org.wellbeingpassport.api.audit;

/** An auditor's finding on a break-glass access. */
public enum ReviewDisposition {
    /** The emergency and the scope were justified. */
    APPROPRIATE,
    /** Justified, but something needs follow-up (scope, duration, notice to the resident). */
    FOLLOW_UP,
    /** Not justified: the case goes to the organisation's information governance lead. */
    INAPPROPRIATE
}
