package org.wellbeingpassport.api.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * Who acted: kind (resident, carer, professional, system, auditor, admin, anonymous), a stable id, a display name,
 * and for professionals the role code and organisation (codes from consent-engine's vocabulary).
 */
public record AuditAgent(String kind, String id, String name, Optional<String> roleCode,
        Optional<String> organisationId, Optional<String> organisationName, Optional<String> organisationType) {

    public AuditAgent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(roleCode, "roleCode");
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(organisationName, "organisationName");
        Objects.requireNonNull(organisationType, "organisationType");
    }

    public static AuditAgent of(String kind, String id, String name) {
        return new AuditAgent(kind, id, name, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static AuditAgent professional(String id, String name, String roleCode, String organisationId,
            String organisationName, String organisationType) {
        return new AuditAgent("professional", id, name, Optional.of(roleCode), Optional.of(organisationId),
                Optional.of(organisationName), Optional.ofNullable(organisationType));
    }

    public static AuditAgent system(String id, String name) {
        return of("system", id, name);
    }

    public static AuditAgent anonymous() {
        return of("anonymous", "anonymous", "unknown caller");
    }
}
