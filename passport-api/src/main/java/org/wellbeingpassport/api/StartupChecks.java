package org.wellbeingpassport.api;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditAgent;
import org.wellbeingpassport.api.audit.AuditEntry;
import org.wellbeingpassport.api.audit.AuditLog;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditTrail;
import org.wellbeingpassport.api.keys.MongoWrappedKeyStore;
import org.wellbeingpassport.api.audit.AuditRecovery;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.fhir.validate.PassportValidator;
import org.wellbeingpassport.keys.KeyHierarchy;

/**
 * Opens what every request needs before the port opens: the store (and that it answers), the key hierarchy
 * (passphrase, key store) and the audit trail (repaired after a crash, or the start stops naming the fault:
 * {@link AuditRecovery}); then does the expensive first-call work (the FHIR validator's support chain, HAPI's
 * parser), so that {@code /health} answers UP only once a first write is as quick as any other. A failure here stops
 * the start (see {@link Application}) instead of failing every request later. Only when the service itself starts ({@link Application} sets {@value #PROPERTY}): the key and
 * audit command lines open what they need themselves.
 */
@Singleton
@Requires(property = StartupChecks.PROPERTY, value = "true")
public final class StartupChecks implements ApplicationEventListener<StartupEvent> {
    static final String PROPERTY = "passport.startup-checks";
    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);
    private final BeanContext beans;

    public StartupChecks(BeanContext beans) {
        this.beans = beans;
    }

    /**
     * Passports stored before every resource was sealed at rest (ADR 0014) are sealed now, once: the pass is recorded
     * and not repeated. Progress is logged; what was sealed is audited (counts only).
     */
    private void sealWhatIsStoredInTheClear() {
        long started = System.nanoTime();
        beans.getBean(PassportStore.class).sealStoredInTheClearOnce(n -> {
            if (n % 1000 == 0) {
                LOG.info("Store: sealing what was stored in the clear: {} documents visited", n);
            }
        }).ifPresent(report -> {
            LOG.info("Store: sealed at rest {} resources of {} passports and {} history versions in {} ms",
                    report.resources(), report.passports(), report.historyVersions(),
                    (System.nanoTime() - started) / 1_000_000);
            if (report.resources() + report.historyVersions() > 0) {
                beans.getBean(
                        AuditTrail.class).record(
                                AuditEntry
                                        .builder(AuditAction.KEY_ROTATION, AuditOutcome.SUCCESS,
                                                AuditAgent.system("store", "sealing at rest"))
                                        .at(java.time.Instant.now())
                                        .detail("stored in the clear before, now sealed under each resident's key: "
                                                + report.resources() + " resources of " + report.passports()
                                                + " passports, " + report.historyVersions() + " history versions")
                                        .build());
            }
        });
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        MongoStore store = beans.getBean(MongoStore.class);
        if (store.pingMicros().isEmpty()) {
            throw new io.micronaut.context.exceptions.ConfigurationException(
                    "the store does not answer (" + store.backend().description()
                            + "); check MONGODB_URI, or that no other process holds the data directory");
        }
        beans.getBean(KeyHierarchy.class);
        beans.getBean(AuditLog.class);
        long moved = beans.getBean(MongoWrappedKeyStore.class).migratedAtStart();
        if (moved > 0) {
            // ADR 0014: wrapped data keys that lived beside the data were moved into the key store of their own
            beans.getBean(
                    AuditTrail.class).record(
                            AuditEntry
                                    .builder(AuditAction.KEY_ROTATION, AuditOutcome.SUCCESS,
                                            AuditAgent.system("key-store", "key store migration"))
                                    .at(java.time.Instant.now())
                                    .detail("wrapped data keys of " + moved
                                            + " residents moved out of the data's database into the" + " key store")
                                    .build());
        }
        sealWhatIsStoredInTheClear();
        long started = System.nanoTime();
        // the first validation builds HAPI's validator support chain and converts every StructureDefinition: seconds,
        // which the first resident write used to wait for (11-24 s on a loaded machine)
        PassportValidator.shared().warmUp();
        LOG.info("Start-up: validator and FHIR parser ready in {} ms", (System.nanoTime() - started) / 1_000_000);
    }
}
