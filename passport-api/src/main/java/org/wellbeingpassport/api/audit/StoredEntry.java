package org.wellbeingpassport.api.audit;

/** An entry as stored: where it is in the chain, and what it says. */
public record StoredEntry(String entryId, long blockSeq, int index, AuditEntry entry) {
}
