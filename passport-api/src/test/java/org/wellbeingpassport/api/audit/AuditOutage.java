package org.wellbeingpassport.api.audit;

/** Lets tests outside this package take the audit store down and bring it back (AuditLog.simulateOutage). */
public final class AuditOutage {
    private AuditOutage() {
    }

    public static void set(AuditLog log, boolean down) {
        log.simulateOutage(down);
    }
}
