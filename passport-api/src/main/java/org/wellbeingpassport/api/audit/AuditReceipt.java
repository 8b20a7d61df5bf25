package org.wellbeingpassport.api.audit;

/**
 * Where an entry was recorded: its id, the chain, the block sequence number and its index in the block, and its
 * chained hash (hex).
 */
public record AuditReceipt(String entryId, String chain, long blockSeq, int index, String entryHash) {
}
