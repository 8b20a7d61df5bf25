package org.wellbeingpassport.api.audit;

/**
 * The first place where the audit chain does not verify: which block, which entry (index and id, when known), and
 * what is wrong.
 */
public record ChainBreak(Kind kind, long blockSeq, int index, String entryId, String message) {

    public enum Kind {
        /** An entry's content no longer matches the hash recorded for it. */
        ALTERED,
        /** An entry or a whole block that was recorded is gone. */
        MISSING,
        /** An entry or block is present that was never recorded. */
        INSERTED,
        /** Entries or blocks are present but not in the order recorded. */
        REORDERED,
        /** A block's or checkpoint's hash or signature does not verify. */
        BAD_SIGNATURE,
        /** A signed checkpoint disagrees with the chain. */
        CHECKPOINT_MISMATCH,
        /** A block cannot be read as a block. */
        MALFORMED
    }

    /** One line for people: "block 12, entry 3 (id ab12-7f): ALTERED: ...". */
    public String describe() {
        StringBuilder b = new StringBuilder("block ").append(blockSeq);
        if (index >= 0) {
            b.append(", entry ").append(index);
        }
        if (entryId != null && !entryId.isEmpty()) {
            b.append(" (id ").append(entryId).append(')');
        }
        return b.append(": ").append(kind).append(": ").append(message).toString();
    }
}
