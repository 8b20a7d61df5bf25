package org.wellbeingpassport.api.audit;

import java.util.Optional;

/**
 * The result of verifying a chain: how many blocks, entries and checkpoints were checked, and the first break if any.
 * Verification stops at the first break: what follows it cannot be trusted to be in place either.
 */
public record VerificationReport(String chain, long blocks, long entries, int checkpoints, long expectedBlocks,
        Optional<ChainBreak> firstBreak, long millis) {

    public boolean valid() {
        return firstBreak.isEmpty();
    }

    public String summary() {
        return firstBreak.map(b -> "BROKEN at " + b.describe()).orElse("OK: chain '" + chain + "', " + blocks
                + " blocks, " + entries + " entries, " + checkpoints + " checkpoints verified in " + millis + " ms");
    }
}
