package org.wellbeingpassport.api.resident;

import org.wellbeingpassport.api.auth.ResidentAccounts;

import jakarta.inject.Singleton;
import org.wellbeingpassport.api.passport.PreparedPassports;
import org.wellbeingpassport.api.contribution.ProfessionalNotifications;
import org.wellbeingpassport.api.notices.Recipients;
import org.wellbeingpassport.api.store.PassportSnapshot;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.keys.KeyHierarchy;

/**
 * A resident leaves and is erased. First their data key is destroyed, so every sealed element of theirs is
 * unreadable wherever a copy lives (backups included); then the passport, its history and the sign-in link go.
 * Notices that told professionals about their disputes go too. The audit trail keeps that it happened (paths and
 * actors, never values).
 */
@Singleton
public final class Erasure {
    private final KeyHierarchy keys;
    private final PassportStore store;
    private final ResidentAccounts accounts;
    private final PreparedPassports prepared;
    private final ProfessionalNotifications professionals;
    private final Recipients recipients;

    public Erasure(KeyHierarchy keys, PassportStore store, ResidentAccounts accounts, PreparedPassports prepared,
            ProfessionalNotifications professionals, Recipients recipients) {
        this.recipients = recipients;
        this.professionals = professionals;
        this.keys = keys;
        this.store = store;
        this.accounts = accounts;
        this.prepared = prepared;
    }

    /** Erases a resident; idempotent. Returns the number of resource versions removed. */
    public long erase(String residentId, String account) {
        keys.residents().destroy(residentId);
        long removed = 0;
        PassportSnapshot snapshot = store.snapshot(residentId).orElse(null);
        if (snapshot != null) {
            for (String practitioner : ProfessionalNotifications.told(snapshot)) {
                professionals.forget(practitioner, residentId);
            }
            removed = store.erase(snapshot);
        }
        prepared.forget(residentId);
        accounts.unlink(account);
        recipients.residentErased(residentId, java.time.Instant.now()); // recipients told (from the audit trail: ids only)
        return removed;
    }
}
