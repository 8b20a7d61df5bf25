package org.wellbeingpassport.api.audit;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;
import org.bson.Document;
import org.wellbeingpassport.api.audit.ChainBreak.Kind;
import org.wellbeingpassport.keys.RecordSignature;
import org.wellbeingpassport.keys.RecordSigner;

/**
 * Walks a chain from block 1 by {@code _id}, recomputes every entry hash and block hash, checks every link, block
 * signature and signed checkpoint, and reports the first break, naming the block and entry. How far the chain must
 * reach comes from the head pointer and the last signed checkpoint, so deleting the newest blocks is caught too
 * (up to the last checkpoint if the head pointer is also rolled back).
 */
public final class AuditVerifier {
    private static final int BATCH = 16;
    private static final int AHEAD = 4;

    private final MongoCollection<Document> blocks;
    private final MongoCollection<Document> checkpoints;
    private final MongoCollection<Document> heads;
    private final RecordSigner signer;

    public AuditVerifier(MongoDatabase database, RecordSigner signer) {
        this.blocks = database.getCollection(AuditLog.BLOCKS);
        this.checkpoints = database.getCollection(AuditLog.CHECKPOINTS);
        this.heads = database.getCollection(AuditLog.HEADS);
        this.signer = signer;
    }

    /** A block fetched and pre-hashed off the main thread. */
    private record Fetched(long seq, Document doc, byte[] packed, int[] slices, byte[][] contentHashes) {
        int size() {
            return contentHashes.length;
        }

        /** The id of entry i, decoded only when a break must be named. */
        String id(int i) {
            try {
                return AuditCodec.entryId(AuditCodec.decode(packed, slices[2 * i], slices[2 * i + 1]));
            } catch (RuntimeException e) {
                return "(unreadable entry)";
            }
        }
    }

    public VerificationReport verify(String chain) {
        return verify(chain, n -> {
        });
    }

    /** @param progress called with the number of entries verified so far, after every batch of blocks */
    public VerificationReport verify(String chain, LongConsumer progress) {
        long start = System.nanoTime();
        TreeMap<Long, Document> cps = new TreeMap<>();
        for (Document cp : checkpoints.find(eq("c", chain))) {
            cps.put(((Number) cp.get("s")).longValue(), cp);
        }
        Document pointer = heads.find(eq("_id", chain)).first();
        long expected = Math.max(pointer == null ? 0 : ((Number) pointer.get("s")).longValue(),
                cps.isEmpty() ? 0 : cps.lastKey());

        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "audit-verify");
            t.setDaemon(true);
            return t;
        });
        long blocksChecked = 0;
        long entries = 0;
        int checkpointsChecked = 0;
        Optional<ChainBreak> broken = Optional.empty();
        try {
            byte[] prevBlock = AuditCodec.GENESIS;
            byte[] prevEntry = AuditCodec.GENESIS;
            long total = 0;
            List<CompletableFuture<List<Fetched>>> window = new ArrayList<>();
            long nextToFetch = 1;
            for (int i = 0; i < AHEAD; i++, nextToFetch += BATCH) {
                window.add(fetch(pool, chain, nextToFetch));
            }
            outer : while (true) {
                List<Fetched> batch = window.remove(0).join();
                window.add(fetch(pool, chain, nextToFetch));
                nextToFetch += BATCH;
                for (Fetched f : batch) {
                    if (f.doc == null) {
                        if (f.seq <= expected) {
                            broken = Optional.of(new ChainBreak(Kind.MISSING, f.seq, -1, "",
                                    "block " + f.seq + " is missing, but the chain reaches block " + expected
                                            + " (head pointer / signed checkpoint)"));
                        }
                        break outer;
                    }
                    Optional<ChainBreak> b = checkBlock(chain, f, prevBlock, prevEntry, total);
                    if (b.isPresent()) {
                        broken = b;
                        break outer;
                    }
                    Document d = f.doc;
                    prevBlock = AuditCodec.bytes(d.get("bh"));
                    byte[] h = AuditCodec.bytes(d.get("h"));
                    prevEntry = Arrays.copyOfRange(h, h.length - AuditCodec.HASH_BYTES, h.length);
                    total += f.size();
                    blocksChecked++;
                    entries += f.size();
                    Document cp = cps.get(f.seq);
                    if (cp != null) {
                        Optional<ChainBreak> c = checkCheckpoint(chain, f.seq, cp, prevBlock, total);
                        if (c.isPresent()) {
                            broken = c;
                            break outer;
                        }
                        checkpointsChecked++;
                    }
                }
                progress.accept(entries);
            }
            if (broken.isEmpty() && !cps.isEmpty() && cps.lastKey() > blocksChecked) {
                long s = cps.lastKey();
                broken = Optional.of(new ChainBreak(Kind.MISSING, s, -1, "",
                        "a signed checkpoint covers block " + s + " but the chain ends at block " + blocksChecked));
            }
            for (CompletableFuture<List<Fetched>> f : window) {
                f.cancel(true);
            }
        } finally {
            pool.shutdownNow();
        }
        return new VerificationReport(chain, blocksChecked, entries, checkpointsChecked, expected, broken,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Reads BATCH blocks by their full _id and hashes their entries' contents. */
    private CompletableFuture<List<Fetched>> fetch(ExecutorService pool, String chain, long from) {
        return CompletableFuture.supplyAsync(() -> {
            // point reads by full _id: indexed on the stand-in too (an $in on _id scans it)
            Map<Long, Document> found = new HashMap<>();
            for (long s = from; s < from + BATCH; s++) {
                Document d = blocks.find(eq("_id", AuditCodec.blockId(chain, s))).first();
                if (d == null) {
                    break;
                }
                found.put(s, d);
            }
            List<Fetched> out = new ArrayList<>(BATCH);
            for (long s = from; s < from + BATCH; s++) {
                Document d = found.get(s);
                byte[] packed = d == null ? null : AuditCodec.packedOf(d);
                int[] slices = packed == null ? null : AuditCodec.unpack(packed);
                if (slices == null) {
                    out.add(new Fetched(s, d, packed, new int[0], new byte[0][]));
                    continue;
                }
                byte[][] hashes = new byte[slices.length / 2][];
                for (int i = 0; i < hashes.length; i++) {
                    hashes[i] = AuditCodec.contentHash(packed, slices[2 * i], slices[2 * i + 1]);
                }
                out.add(new Fetched(s, d, packed, slices, hashes));
            }
            return out;
        }, pool);
    }

    private Optional<ChainBreak> checkBlock(String chain, Fetched f, byte[] prevBlock, byte[] prevEntry, long total) {
        Document d = f.doc;
        long seq = f.seq;
        byte[] recorded = AuditCodec.bytes(d.get("h"));
        byte[] prev = AuditCodec.bytes(d.get("prev"));
        byte[] bh = AuditCodec.bytes(d.get("bh"));
        Object sigField = d.get("sig");
        if (f.packed == null || f.slices.length == 0) {
            return Optional.of(new ChainBreak(Kind.MALFORMED, seq, -1, "", "the block's entries are unreadable"));
        }
        if (recorded == null || prev == null || bh == null || !(sigField instanceof String)
                || recorded.length % AuditCodec.HASH_BYTES != 0 || recorded.length == 0
                || !(d.get("s") instanceof Number) || !(d.get("t") instanceof Number)) {
            return Optional.of(new ChainBreak(Kind.MALFORMED, seq, -1, "", "the block lacks its hashes or signature"));
        }
        long statedSeq = ((Number) d.get("s")).longValue();
        if (statedSeq != seq) {
            return Optional.of(new ChainBreak(Kind.REORDERED, seq, -1, firstId(f),
                    "the block stored at position " + seq + " was recorded as block " + statedSeq));
        }
        if (!Arrays.equals(prev, prevBlock)) {
            return Optional.of(
                    new ChainBreak(Kind.REORDERED, seq, -1, firstId(f), "the block does not follow block " + (seq - 1)
                            + " (its previous-block hash differs): a block before it was removed, inserted or moved"));
        }
        int recordedCount = recorded.length / AuditCodec.HASH_BYTES;
        byte[] chained = prevEntry;
        byte[] all = new byte[f.size() * AuditCodec.HASH_BYTES];
        for (int i = 0; i < f.size(); i++) {
            byte[] h = AuditCodec.chain(chained, f.contentHashes[i]);
            if (i >= recordedCount || !Arrays.equals(h, 0, 32, recorded, i * 32, i * 32 + 32)) {
                return Optional.of(classify(f, i, chained, recorded, prevEntry));
            }
            System.arraycopy(h, 0, all, i * 32, 32);
            chained = h;
        }
        if (f.size() < recordedCount) {
            int i = f.size();
            return Optional.of(new ChainBreak(Kind.MISSING, seq, i, "", "the block recorded " + recordedCount
                    + " entries but holds " + f.size() + ": the entry recorded at index " + i + " is gone"));
        }
        long stated = ((Number) d.get("t")).longValue();
        if (stated != total + f.size()) {
            return Optional.of(new ChainBreak(Kind.MISSING, seq, -1, firstId(f),
                    "the running total says " + stated + " entries, the chain holds " + (total + f.size())));
        }
        byte[] expect = AuditCodec.blockHash(chain, seq, prevBlock, stated, all, AuditCodec.index(d));
        if (!Arrays.equals(expect, bh)) {
            return Optional.of(new ChainBreak(Kind.BAD_SIGNATURE, seq, -1, firstId(f),
                    "the stored block hash does not match the block"));
        }
        RecordSignature sig;
        try {
            sig = RecordSignature.decode((String) sigField);
        } catch (IllegalArgumentException e) {
            return Optional.of(new ChainBreak(Kind.BAD_SIGNATURE, seq, -1, firstId(f), "the signature is unreadable"));
        }
        if (!signer.verify(sig, expect)) {
            return Optional.of(new ChainBreak(Kind.BAD_SIGNATURE, seq, -1, firstId(f),
                    "the block signature does not verify (key " + sig.keyId() + ")"));
        }
        return Optional.empty();
    }

    /** Says what happened at the first entry whose hash does not match: altered, inserted, missing or moved. */
    private static ChainBreak classify(Fetched f, int i, byte[] prevEntry, byte[] recorded, byte[] blockStart) {
        int recordedCount = recorded.length / 32;
        String id = f.id(i);
        // the entry that was recorded at i is gone if this entry chains from the hash recorded at i
        if (i < recordedCount && i + 1 < recordedCount) {
            byte[] asNext = AuditCodec.chain(Arrays.copyOfRange(recorded, i * 32, i * 32 + 32), f.contentHashes[i]);
            if (Arrays.equals(asNext, 0, 32, recorded, (i + 1) * 32, (i + 2) * 32)) {
                return new ChainBreak(Kind.MISSING, f.seq, i, id, "the entry recorded at index " + i
                        + " is gone (the entry now at index " + i + " was recorded at index " + (i + 1) + ")");
            }
        }
        // an entry that was never recorded was put here if the next one chains from what was recorded before it
        if (i + 1 < f.size() && i < recordedCount) {
            byte[] next = AuditCodec.chain(prevEntry, f.contentHashes[i + 1]);
            if (Arrays.equals(next, 0, 32, recorded, i * 32, i * 32 + 32)) {
                return new ChainBreak(Kind.INSERTED, f.seq, i, id, "this entry was never recorded in this chain");
            }
        }
        if (i >= recordedCount) {
            return new ChainBreak(Kind.INSERTED, f.seq, i, id,
                    "the block recorded " + recordedCount + " entries; this one was added later");
        }
        // recorded elsewhere in this block: the entries were reordered
        for (int j = 0; j < recordedCount; j++) {
            if (j == i) {
                continue;
            }
            byte[] before = j == 0 ? blockStart : Arrays.copyOfRange(recorded, (j - 1) * 32, j * 32);
            byte[] h = AuditCodec.chain(before, f.contentHashes[i]);
            if (Arrays.equals(h, 0, 32, recorded, j * 32, j * 32 + 32)) {
                return new ChainBreak(Kind.REORDERED, f.seq, i, id,
                        "this entry was recorded at index " + j + " of this block, not at index " + i);
            }
        }
        return new ChainBreak(Kind.ALTERED, f.seq, i, id, "the entry's content does not match its recorded hash");
    }

    private Optional<ChainBreak> checkCheckpoint(String chain, long seq, Document cp, byte[] blockHash, long total) {
        byte[] bh = AuditCodec.bytes(cp.get("bh"));
        Object t = cp.get("t");
        Object sigField = cp.get("sig");
        if (bh == null || !(t instanceof Number) || !(sigField instanceof String) || cp.getDate("at") == null) {
            return Optional.of(new ChainBreak(Kind.CHECKPOINT_MISMATCH, seq, -1, "", "the checkpoint is malformed"));
        }
        byte[] payload = AuditCodec.checkpointPayload(chain, seq, bh, ((Number) t).longValue(),
                cp.getDate("at").getTime());
        RecordSignature sig;
        try {
            sig = RecordSignature.decode((String) sigField);
        } catch (IllegalArgumentException e) {
            return Optional
                    .of(new ChainBreak(Kind.CHECKPOINT_MISMATCH, seq, -1, "", "unreadable checkpoint signature"));
        }
        if (!signer.verify(sig, payload)) {
            return Optional.of(new ChainBreak(Kind.BAD_SIGNATURE, seq, -1, "",
                    "the checkpoint at block " + seq + " has a bad signature"));
        }
        if (!Arrays.equals(bh, blockHash) || ((Number) t).longValue() != total) {
            return Optional.of(new ChainBreak(Kind.CHECKPOINT_MISMATCH, seq, -1, "",
                    "the signed checkpoint at block " + seq + " records a different block hash or entry count"));
        }
        return Optional.empty();
    }

    private static String firstId(Fetched f) {
        return f.size() == 0 ? "" : f.id(0);
    }
}
