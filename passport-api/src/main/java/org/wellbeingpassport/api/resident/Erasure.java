package org.wellbeingpassport.api.resident;

import org.wellbeingpassport.api.auth.ResidentAccounts;

import jakarta.inject.Singleton;
import org.wellbeingpassport.api.passport.IdentifierIndex;
import org.wellbeingpassport.api.passport.PreparedPassports;
import org.wellbeingpassport.api.contribution.ProfessionalNotifications;
import org.wellbeingpassport.api.fhir.ResourceLocator;
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
    private final IdentifierIndex identifiers;
    private final ResourceLocator locator;

    public Erasure(KeyHierarchy keys, PassportStore store, ResidentAccounts accounts, PreparedPassports prepared,
            ProfessionalNotifications professionals, Recipients recipients, IdentifierIndex identifiers,
            ResourceLocator locator) {
        this.locator = locator;
        this.recipients = recipients;
        this.identifiers = identifiers;
        this.professionals = professionals;
        this.keys = keys;
        this.store = store;
        this.accounts = accounts;
        this.prepared = prepared;
    }

    /** Erases a resident; idempotent. Returns the number of resource versions removed. */
    public long erase(String residentId, String account) {
        // read while the key still opens it (everything stored is sealed under it): who was told, which NHS number
        PassportSnapshot snapshot = store.snapshot(residentId).orElse(null);
        keys.residents().destroy(residentId);
        long removed = 0;
        if (snapshot != null) {
            for (String practitioner : ProfessionalNotifications.told(snapshot)) {
                professionals.forget(practitioner, residentId);
            }
            // the NHS number leads nowhere any more: new access requests cannot be routed to the erased id
            snapshot.find("Patient", residentId).ifPresent(p -> identifiers.remove(residentId, p.tree()));
            removed = store.erase(snapshot);
            // partners' working sets and the Type/id index forget the resident (each by key)
            locator.forgetResident(residentId,
                    snapshot.resources().stream().map(r -> r.type() + "/" + r.id()).toList());
        } else {
            locator.forgetResident(residentId, java.util.List.of());
        }
        prepared.forget(residentId);
        accounts.unlink(account);
        recipients.residentErased(residentId, java.time.Instant.now()); // recipients told (from the audit trail: ids only)
        return removed;
    }
}
