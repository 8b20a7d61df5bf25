package org.wellbeingpassport.api.notices;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.RecipientRecords;
import org.wellbeingpassport.api.audit.AuditAgent;
import org.wellbeingpassport.api.audit.AuditEntry;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;

/**
 * The disclosure ledger. The resident's view of it is derived from the audit trail: for one resident, every successful
 * disclosure to someone else (a professional, carer or partner system), with the elements that left (the resources
 * and story sections the gate listed as disclosed, never a withheld one) and the version of each resource that was
 * current at that moment (from the resource's history: the newest version recorded at or before the disclosure).
 * And the notices sent to recipients since (also from the audit trail). Who received something, which notices need on
 * every consent change, correction and erasure, comes from the recipients' records the audit writer keeps beside the
 * trail ({@link RecipientRecords}: two documents per resident, both read by {@code _id}), not from a search of the trail.
 */
@Singleton
public final class Ledger {
    /** One element one recipient received. {@code element} is "Type/id" or a story-section path. */
    public record Received(AuditAgent recipient, String element, Optional<Long> version, Instant at,
            Optional<String> purpose) {
    }

    /** A notice recorded for a recipient. */
    public record Told(AuditAgent recipient, String about, String kind, Instant at) {
    }

    private final AuditQueries audit;
    private final PassportStore store;
    private final RecipientRecords records;

    public Ledger(AuditQueries audit, PassportStore store, RecipientRecords records) {
        this.audit = audit;
        this.store = store;
        this.records = records;
    }

    /** Everything others received of this resident, oldest first (from the audit trail: the resident's ledger). */
    public List<Received> received(String residentId) {
        List<AuditEntry> entries = new ArrayList<>();
        audit.forEachMatching(AuditQuery.all().withResident(residentId).withOutcome(AuditOutcome.SUCCESS),
                e -> entries.add(e.entry()));
        entries.sort(Comparator.comparing(AuditEntry::at));
        Map<String, List<StoredResource>> histories = new HashMap<>();
        List<Received> out = new ArrayList<>();
        for (AuditEntry e : entries) {
            if (!RecipientRecords.discloses(e)) {
                continue;
            }
            for (String ref : e.resources()) {
                out.add(new Received(e.agent(), ref, versionAt(residentId, ref, e.at(), histories), e.at(),
                        e.purpose()));
            }
            for (String path : e.disclosedPaths()) {
                if (path.startsWith("Composition.section[")) {
                    out.add(new Received(e.agent(), path, Optional.empty(), e.at(), e.purpose()));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The notices recorded for this resident's recipients, oldest first. */
    public List<Told> told(String residentId) {
        List<Told> out = new ArrayList<>();
        audit.forEachMatching(AuditQuery.all().withResident(residentId).withAction(AuditAction.NOTICE),
                e -> out.add(
                        new Told(e.entry().agent(), e.entry().resources().isEmpty() ? "" : e.entry().resources().get(0),
                                e.entry().detail().orElse(""), e.entry().at())));
        out.sort(Comparator.comparing(Told::at));
        return List.copyOf(out);
    }

    /**
     * Each recipient (by "kind|id") with the newest time they received anything, and the purpose used: one read of
     * the resident's record by {@code _id}, whatever the size of the audit trail.
     */
    public Map<String, RecipientRecords.Recipient> recipients(String residentId) {
        return records.of(residentId).recipients();
    }

    /** The resident was erased: their recipients' record goes. */
    public void forget(String residentId) {
        records.erase(residentId);
    }

    /** The resident's recipients' record: who received what, and when each element first left to each. */
    public RecipientRecords.Record record(String residentId) {
        return records.of(residentId);
    }

    private Optional<Long> versionAt(String residentId, String ref, Instant at,
            Map<String, List<StoredResource>> histories) {
        String[] p = ref.split("/", 2);
        if (p.length != 2) {
            return Optional.empty();
        }
        List<StoredResource> history = histories.computeIfAbsent(ref, k -> store.history(residentId, p[0], p[1], 100));
        for (StoredResource v : history) { // newest first
            if (!v.lastUpdated().isAfter(at)) {
                return Optional.of(v.version());
            }
        }
        return Optional.empty();
    }
}
