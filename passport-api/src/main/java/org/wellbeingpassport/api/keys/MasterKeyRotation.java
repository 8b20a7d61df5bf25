package org.wellbeingpassport.api.keys;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditAgent;
import org.wellbeingpassport.api.audit.AuditEntry;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditTrail;
import org.wellbeingpassport.keys.KeyHierarchy;
import org.wellbeingpassport.keys.MasterKeys;
import org.wellbeingpassport.keys.RewrapReport;
import org.wellbeingpassport.keys.RotationProgress;

/**
 * The scheduled master-key rotation that makes an erasure reach copies (ADR 0014): once the current master key is
 * older than {@code passport.key-store.rotation-period} (default 30 days), a new master key is made current, every
 * resident's data key is re-wrapped under it (compare-and-set per resident, resumable), and every older master key
 * is then <b>retired</b>: deleted from the keystore. From then on no copy of the key store made before the rotation
 * can be unwrapped with anything the service holds, so an erased resident's data key, destroyed in the live key
 * store, is gone from every copy the service could use: a copy of the data made before an erasure is unreadable at
 * most R_k + P after it (key-store copy retention plus this period).
 *
 * <p>
 * Checked every {@code passport.key-store.rotation-check} (default 1 hour) so that the period holds across restarts
 * (the current key's age comes from the keystore, not from this process's uptime). Progress is logged; the
 * rotation is audited (ids and counts, never key material). With master keys from the environment
 * ({@code WP_MASTER_KEY}) the service cannot rotate them itself and says so once per check.
 */
@Singleton
public class MasterKeyRotation {
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyRotation.class);
    private final KeyHierarchy keys;
    private final KeyStoreConfiguration config;
    private final AuditTrail audit;
    private final Clock clock;

    public MasterKeyRotation(KeyHierarchy keys, KeyStoreConfiguration config, AuditTrail audit) {
        this.keys = keys;
        this.config = config;
        this.audit = audit;
        this.clock = Clock.systemUTC();
    }

    /** What a rotation did. */
    public record Outcome(String masterKeyId, RewrapReport rewrap, List<String> retired, long millis) {
    }

    @Scheduled(fixedDelay = "${passport.key-store.rotation-check:1h}", initialDelay = "${passport.key-store.rotation-check-delay:10m}")
    void scheduled() {
        if (!config.isRotationEnabled()) {
            return;
        }
        try {
            keys.reload(); // another instance may have rotated already
            if (due()) {
                rotateNow("scheduled: the master key is older than " + config.getRotationPeriod());
            }
        } catch (RuntimeException e) {
            LOG.error("Keys: scheduled master-key rotation failed ({}); it is tried again at the next check",
                    e.getClass().getSimpleName());
        }
    }

    /** Whether the current master key is older than the rotation period. */
    public boolean due() {
        MasterKeys master = keys.master();
        if (master.fromEnvironment()) {
            LOG.warn("Keys: master keys come from the environment; rotate them there (see README) - erasure reaches"
                    + " copies of the key store only after that");
            return false;
        }
        Duration age = Duration.ofMillis(clock.millis() - master.currentKeyCreatedAtEpochMilli());
        return age.compareTo(config.getRotationPeriod()) >= 0;
    }

    /**
     * Rotates now: a new master key, every data key re-wrapped under it, every older master key retired, and an audit
     * entry. Empty when master keys come from the environment.
     */
    public synchronized Optional<Outcome> rotateNow(String why) {
        MasterKeys master = keys.master();
        if (master.fromEnvironment()) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        List<String> old = master.keyIds();
        LOG.info("Keys: master-key rotation started ({}); {} master key(s) to retire after re-wrapping", why,
                old.size());
        RewrapReport report = master.rotate(progress());
        String current = master.currentKeyId();
        List<String> retired = new ArrayList<>();
        for (String kid : old) {
            if (kid.equals(current)) {
                continue;
            }
            if (master.countWrappedUnder(kid) > 0) {
                // a data key wrapped under it while re-wrapping (another instance before it reloaded): once more
                master.rewrapAll(progress());
            }
            master.retire(kid);
            retired.add(kid);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("Keys: master-key rotation done in {} ms: current {}, {} of {} residents' keys re-wrapped, retired {}",
                millis, current, report.rewrapped(), report.residents(), retired);
        audit.record(AuditEntry
                .builder(AuditAction.KEY_ROTATION, AuditOutcome.SUCCESS,
                        AuditAgent.system("master-key-rotation", "scheduled master-key rotation"))
                .at(Instant.now()).detail("master key rotated to " + current + "; " + report.rewrapped() + " of "
                        + report.residents() + " residents' data keys re-wrapped; retired " + retired)
                .build());
        return Optional.of(new Outcome(current, report, List.copyOf(retired), millis));
    }

    /** Logs about every tenth of the way (and at least every 10,000 residents), never a resident's id. */
    private static RotationProgress progress() {
        return new RotationProgress() {
            private long next;

            @Override
            public void update(long done, long total) {
                if (done >= next || done == total) {
                    LOG.info("Keys: re-wrapped {} of {} residents' keys", done, total);
                    next = done + Math.max(1, Math.min(10_000, total / 10));
                }
            }
        };
    }
}
