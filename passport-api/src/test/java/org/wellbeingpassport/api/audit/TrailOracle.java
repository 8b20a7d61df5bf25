package org.wellbeingpassport.api.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The old, audit-derived computation of who received what (Ledger.recipients and Recipients.entryChanged before the
 * recipients' records; docs/adr/0008 "Amended 2026-12-03 (helper recipients)"), kept here as the oracle the records
 * are compared with: every successful entry about the resident from a search of the trail, oldest first; per
 * recipient the newest disclosing entry; per element and recipient the first time it left.
 */
public final class TrailOracle {
    private static final Set<AuditAction> DISCLOSING = Set.of(AuditAction.READ, AuditAction.EXPORT, AuditAction.SEARCH,
            AuditAction.SHARE_CODE_USE);
    private static final Set<String> RECIPIENT_KINDS = Set.of("professional", "system", "carer");

    private TrailOracle() {
    }

    /** The residents the trail names, sorted. */
    public static Set<String> residents(AuditQueries audit) {
        Set<String> out = new TreeSet<>();
        audit.forEachMatching(AuditQuery.all(), e -> e.entry().residentId().ifPresent(out::add));
        return out;
    }

    private static List<AuditEntry> disclosing(AuditQueries audit, String residentId) {
        List<AuditEntry> entries = new ArrayList<>();
        audit.forEachMatching(AuditQuery.all().withResident(residentId).withOutcome(AuditOutcome.SUCCESS),
                e -> entries.add(e.entry()));
        entries.sort(Comparator.comparing(AuditEntry::at));
        List<AuditEntry> out = new ArrayList<>();
        for (AuditEntry e : entries) {
            if (DISCLOSING.contains(e.action()) && RECIPIENT_KINDS.contains(e.agent().kind())) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<String> elements(AuditEntry e) {
        List<String> out = new ArrayList<>(e.resources());
        for (String path : e.disclosedPaths()) {
            if (path.startsWith("Composition.section[")) {
                out.add(path);
            }
        }
        return out;
    }

    /** As Ledger.recipients computed it: "kind|id" to the newest reception (agent, time, purpose). */
    public static Map<String, RecipientRecords.Recipient> recipients(AuditQueries audit, String residentId) {
        Map<String, RecipientRecords.Recipient> out = new LinkedHashMap<>();
        for (AuditEntry e : disclosing(audit, residentId)) {
            for (String element : elements(e)) {
                out.put(e.agent().kind() + "|" + e.agent().id(),
                        new RecipientRecords.Recipient(e.agent(), e.at(), e.purpose()));
            }
        }
        return out;
    }

    /** Per element, per recipient ("kind|id"), the first time it left to them. */
    public static Map<String, Map<String, Instant>> firstReceived(AuditQueries audit, String residentId) {
        Map<String, Map<String, Instant>> out = new LinkedHashMap<>();
        for (AuditEntry e : disclosing(audit, residentId)) {
            for (String element : elements(e)) {
                out.computeIfAbsent(element, k -> new LinkedHashMap<>())
                        .putIfAbsent(e.agent().kind() + "|" + e.agent().id(), e.at());
            }
        }
        return out;
    }
}
