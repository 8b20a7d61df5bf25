package org.wellbeingpassport.api.audit;

import java.util.function.Supplier;

/**
 * Write-ahead, fail-closed serving: records the entry first and only then produces what is disclosed. If the entry
 * cannot be recorded, {@code disclose} is never called and {@link AuditUnavailableException} propagates (map it to
 * 503 at the edge, with no record content in the body).
 */
public final class Audited {
    private Audited() {
    }

    public static <T> T serve(AuditTrail trail, AuditEntry entry, Supplier<T> disclose) {
        trail.record(entry);
        return disclose.get();
    }
}
