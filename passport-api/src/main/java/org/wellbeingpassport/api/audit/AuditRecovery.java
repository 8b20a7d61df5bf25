package org.wellbeingpassport.api.audit;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up check of the audit trail's end, before anything is appended (docs/adr/0014-durability-and-erasure.md).
 *
 * <p>
 * The chain must reach max(head pointer, newest signed checkpoint). When the block there is stored (the usual case:
 * two point reads and the checkpoints' list) nothing else is done. When it is not, the store lost its newest blocks
 * (a crash of a store that acknowledged before it was on disk) or someone deleted them, and no entry can be appended
 * after a block that is not there: every audited request would be refused. Then the whole chain is verified:
 * <ul>
 * <li>if every stored block verifies and the only fault is that the stored chain ends before the pointer or a
 * checkpoint (no block stored after the gap), the trail is <b>repaired</b>: the pointers beyond the last stored
 * block are set aside into {@code audit_repairs} (kept, with what they said), the head pointer is set to the last
 * verifiable block, and the repair is itself recorded in the chain ({@link AuditAction#AUDIT_REPAIR}) as its next
 * entry;</li>
 * <li>anything else (an altered, inserted, reordered block or entry, a gap with blocks after it, a bad signature) is
 * not a crash's doing: the service refuses to start, naming the block, entry and fault, so that an operator looks
 * ({@code audit verify}) before anything is added to a chain that does not verify.</li>
 * </ul>
 */
public final class AuditRecovery {
    static final String REPAIRS = "audit_repairs";
    private static final Logger LOG = LoggerFactory.getLogger(AuditRecovery.class);

    private final MongoCollection<Document> blocks;
    private final MongoCollection<Document> checkpoints;
    private final MongoCollection<Document> heads;
    private final MongoCollection<Document> repairs;
    private final AuditVerifier verifier;

    public AuditRecovery(MongoDatabase database, AuditVerifier verifier) {
        this.blocks = database.getCollection(AuditLog.BLOCKS);
        this.checkpoints = database.getCollection(AuditLog.CHECKPOINTS);
        this.heads = database.getCollection(AuditLog.HEADS);
        this.repairs = database.getCollection(REPAIRS);
        this.verifier = verifier;
    }

    /** What start-up found and did. */
    public record Repair(long expected, long lastVerified, List<Long> checkpointsSetAside) {
        public String describe() {
            return "the audit head pointer / signed checkpoints reached block " + expected
                    + " but the stored chain ends at block " + lastVerified + " (which verifies); rolled back to block "
                    + lastVerified
                    + (checkpointsSetAside.isEmpty()
                            ? ""
                            : ", checkpoints " + checkpointsSetAside + " set aside in " + REPAIRS);
        }
    }

    /** The trail cannot be repaired safely; the message names the fault. */
    public static final class Unrecoverable extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Unrecoverable(String message) {
            super(message);
        }
    }

    /**
     * Checks the end of the chain and repairs a crash's leftovers; empty when nothing had to be done.
     *
     * @throws Unrecoverable when the stored chain does not verify other than by ending early
     */
    public Optional<Repair> recover(String chain) {
        Document pointer = heads.find(eq("_id", chain)).first();
        long pointed = pointer == null ? 0 : ((Number) pointer.get("s")).longValue();
        List<Long> cps = new ArrayList<>();
        for (Document cp : checkpoints.find(eq("c", chain)).projection(new Document("s", 1))) {
            cps.add(((Number) cp.get("s")).longValue());
        }
        long expected = Math.max(pointed, cps.stream().mapToLong(Long::longValue).max().orElse(0));
        if (expected == 0 || block(chain, expected) != null) {
            return Optional.empty();
        }
        LOG.warn("Audit: the chain must reach block {} but that block is not stored; verifying the stored chain",
                expected);
        VerificationReport report = verifier.verify(chain);
        long last = report.blocks();
        ChainBreak b = report.firstBreak().orElse(null);
        if (b == null || b.kind() != ChainBreak.Kind.MISSING || b.index() >= 0 || last >= expected) {
            throw new Unrecoverable(
                    "the audit trail does not verify: " + (b == null ? "inconsistent head pointer" : b.describe())
                            + "; nothing was changed. Run 'audit verify' and investigate before starting the service");
        }
        for (long s = last + 1; s <= expected; s++) {
            if (block(chain, s) != null) {
                throw new Unrecoverable(
                        "the audit trail does not verify: block " + (last + 1) + " is missing but block " + s
                                + " is stored (a gap, not a crash's lost tail); nothing was changed."
                                + " Run 'audit verify' and investigate before starting the service");
            }
        }
        List<Long> setAside = new ArrayList<>();
        List<Document> kept = new ArrayList<>();
        for (long s : cps) {
            if (s > last) {
                Document cp = checkpoints.find(eq("_id", AuditCodec.blockId(chain, s))).first();
                if (cp != null) {
                    kept.add(cp);
                }
                setAside.add(s);
            }
        }
        setAside.sort(null);
        Date now = Date.from(Instant.now());
        // evidence first: what the pointers said is kept, so the repair can be reviewed later
        repairs.insertOne(new Document("c", chain).append("at", now).append("expected", expected)
                .append("pointer", pointed).append("lastVerified", last).append("checkpoints", kept));
        for (long s : setAside) {
            checkpoints.deleteOne(eq("_id", AuditCodec.blockId(chain, s)));
        }
        heads.updateOne(eq("_id", chain), Updates.set("s", last), new UpdateOptions().upsert(true));
        Repair repair = new Repair(expected, last, List.copyOf(setAside));
        LOG.warn("Audit: repaired at start-up: {}", repair.describe());
        return Optional.of(repair);
    }

    /** The entry that records a repair in the chain itself, appended right after it. */
    static AuditEntry entryFor(Repair r) {
        return AuditEntry
                .builder(AuditAction.AUDIT_REPAIR, AuditOutcome.SUCCESS,
                        AuditAgent.system("passport-api", "the passport service at start-up"))
                .at(Instant.now()).detail(r.describe()).build();
    }

    private Document block(String chain, long seq) {
        return blocks.find(eq("_id", AuditCodec.blockId(chain, seq))).projection(new Document("s", 1)).first();
    }
}
