package org.wellbeingpassport.api.auth;

import java.util.Optional;
import org.wellbeingpassport.api.audit.AuditAgent;

/** How a caller appears in the audit trail. */
public final class AuditAgents {
    private AuditAgents() {
    }

    public static AuditAgent of(Caller caller) {
        if (caller instanceof Caller.Professional p) {
            return AuditAgent.professional(p.subject(), p.name(), p.role().code(), p.organisationId(),
                    p.organisationName(), p.organisationType().code());
        }
        if (caller instanceof Caller.PartnerSystem s) {
            return new AuditAgent("system", s.subject(), s.name(), Optional.empty(), Optional.of(s.organisationId()),
                    Optional.of(s.organisationName()), Optional.of(s.organisationType().code()));
        }
        return AuditAgent.of(caller.kind().code(), caller.account(), caller.name());
    }
}
