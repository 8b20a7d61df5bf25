package org.wellbeingpassport.api.audit;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.keys.KeyHierarchy;

/** Wires the audit trail: one log (one writer thread) per instance, on the service's MongoDB and audit key. */
@Factory
public class AuditBeans {

    @Singleton
    @Bean(preDestroy = "close")
    AuditLog auditLog(MongoStore store, KeyHierarchy keys, AuditConfig config, AuditVerifier verifier,
            RecipientRecords records) {
        // before the first append: a crash's leftovers are repaired (and the repair recorded), or the start stops;
        // then the recipients' records are brought up to the end of the chain
        var repair = new AuditRecovery(store.database(), verifier).recover(config.getChain());
        AuditLog log = new AuditLog(store.database(), keys.audit(), config, records);
        repair.ifPresent(r -> log.record(AuditRecovery.entryFor(r)));
        return log;
    }

    @Singleton
    @Bean(preDestroy = "close")
    RecipientRecords recipientRecords(MongoStore store, AuditConfig config) {
        return new RecipientRecords(store.database(), config.getRecipientsFlushInterval());
    }

    @Singleton
    AuditQueries auditQueries(MongoStore store, AuditConfig config) {
        return new AuditQueries(store.database(), config.getChain());
    }

    @Singleton
    AuditVerifier auditVerifier(MongoStore store, KeyHierarchy keys) {
        return new AuditVerifier(store.database(), keys.audit());
    }

    @Singleton
    ResidentHistory residentHistory(AuditQueries queries) {
        return new ResidentHistory(queries);
    }

    @Singleton
    BreakGlassReviews breakGlassReviews(MongoStore store, AuditQueries queries, AuditTrail trail) {
        return new BreakGlassReviews(store.database(), queries, trail);
    }

    @Singleton
    UnusualAccessReport unusualAccessReport(AuditQueries queries) {
        return new UnusualAccessReport(queries);
    }
}
