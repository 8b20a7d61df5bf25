package org.wellbeingpassport.api.passport;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.wellbeingpassport.api.audit.AuditConfig;
import org.wellbeingpassport.api.audit.AuditLog;
import org.wellbeingpassport.api.audit.AuditTrail;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.keys.KeyHierarchy;

/** The service's audit trail: the signed, chained log in the same store, signed with the keystore's audit key. */
@Factory
class AuditTrailFactory {
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(missingBeans = AuditTrail.class)
    AuditLog auditTrail(MongoStore store, KeyHierarchy keys) {
        return new AuditLog(store.database(), keys.audit(), new AuditConfig());
    }
}
