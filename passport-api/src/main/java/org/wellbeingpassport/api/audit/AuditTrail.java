package org.wellbeingpassport.api.audit;

/**
 * The audit trail: every access decision and every change is recorded here before it takes effect.
 *
 * <p>
 * {@link #record} is write-ahead and fail-closed: it returns only once the entry is durably stored in the signed,
 * hash-chained log (group commit: many callers share one insert); when it throws, the caller must not serve the
 * access or apply the change.
 */
public interface AuditTrail {
    /**
     * Durably records the entry (group commit) before returning.
     *
     * @throws AuditUnavailableException if it cannot; the caller must then refuse to serve
     */
    AuditReceipt record(AuditEntry entry);
}
