package org.wellbeingpassport.api.audit;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Reads the audit log for auditors and residents. Queries filter blocks on MongoDB (by the entries' resident, actor,
 * organisation, purpose, outcome, break-glass flag and the block's time span: multikey indexes on real MongoDB, a
 * scan on the embedded stand-in), then keep the matching entries of each block.
 */
public final class AuditQueries {
    private static final int BATCH = 16;
    private final MongoCollection<Document> blocks;
    private final MongoCollection<Document> heads;
    private final String chain;

    public AuditQueries(MongoDatabase database, String chain) {
        this.blocks = database.getCollection(AuditLog.BLOCKS);
        this.heads = database.getCollection(AuditLog.HEADS);
        this.chain = chain;
    }

    public String chain() {
        return chain;
    }

    /** Matching entries, oldest first, at most {@code query.limit()}. */
    public List<StoredEntry> search(AuditQuery query) {
        List<StoredEntry> found = new ArrayList<>();
        for (Document block : blocks.find(prefilter(query)).batchSize(32)) {
            collect(block, query, found::add);
        }
        found.sort(Comparator.comparingLong(StoredEntry::blockSeq).thenComparingInt(StoredEntry::index));
        return List.copyOf(found.size() > query.limit() ? found.subList(0, query.limit()) : found);
    }

    /** Matching entries, newest first, at most {@code query.limit()}. */
    public List<StoredEntry> searchNewestFirst(AuditQuery query) {
        List<StoredEntry> found = new ArrayList<>();
        for (Document block : blocks.find(prefilter(query)).batchSize(32)) {
            collect(block, query, found::add);
        }
        found.sort(Comparator.comparingLong(StoredEntry::blockSeq).thenComparingInt(StoredEntry::index).reversed());
        return List.copyOf(found.size() > query.limit() ? found.subList(0, query.limit()) : found);
    }

    /** Every matching entry, in no particular order, without a limit (for reports). */
    public void forEachMatching(AuditQuery query, Consumer<StoredEntry> visitor) {
        for (Document block : blocks.find(prefilter(query)).batchSize(32)) {
            collect(block, query, visitor);
        }
    }

    public long count(AuditQuery query) {
        long[] n = {0};
        for (Document block : blocks.find(prefilter(query)).batchSize(32)) {
            collect(block, query, e -> n[0]++);
        }
        return n[0];
    }

    /** Entries recorded so far according to the newest block (0 when empty). */
    public long total() {
        Document pointer = heads.find(eq("_id", chain)).first();
        if (pointer == null) {
            return 0;
        }
        Document b = blocks.find(eq("_id", AuditCodec.blockId(chain, ((Number) pointer.get("s")).longValue()))).first();
        return b == null ? 0 : ((Number) b.get("t")).longValue();
    }

    /**
     * Every entry in chain order, block by block from block 1 (reads by full {@code _id}: indexed everywhere).
     *
     * @return the number of entries visited
     */
    public long forEachInOrder(Consumer<StoredEntry> visitor) {
        long n = 0;
        for (long from = 1;; from += BATCH) {
            Map<Long, Document> found = new HashMap<>();
            for (long s = from; s < from + BATCH; s++) {
                Document d = blocks.find(eq("_id", AuditCodec.blockId(chain, s))).first();
                if (d == null) {
                    break;
                }
                found.put(s, d);
            }
            for (long s = from; s < from + BATCH; s++) {
                Document d = found.get(s);
                if (d == null) {
                    return n;
                }
                List<Document> entries = AuditCodec.entries(d);
                for (int i = 0; i < entries.size(); i++) {
                    Document e = entries.get(i);
                    visitor.accept(new StoredEntry(AuditCodec.entryId(e), s, i, AuditCodec.fromDocument(e)));
                    n++;
                }
            }
        }
    }

    private void collect(Document block, AuditQuery query, Consumer<StoredEntry> out) {
        Document id = block.get("_id", Document.class);
        if (id == null || !chain.equals(id.getString("c"))) {
            return;
        }
        long seq = ((Number) block.get("s")).longValue();
        List<Document> entries = AuditCodec.entries(block);
        for (int i = 0; i < entries.size(); i++) {
            Document e = entries.get(i);
            AuditEntry entry = AuditCodec.fromDocument(e);
            if (query.matches(entry)) {
                out.accept(new StoredEntry(AuditCodec.entryId(e), seq, i, entry));
            }
        }
    }

    private Bson prefilter(AuditQuery q) {
        List<Bson> f = new ArrayList<>();
        f.add(eq("_id.c", chain));
        q.residentId().ifPresent(v -> f.add(eq("r", v)));
        q.actorId().ifPresent(v -> f.add(eq("ag", v)));
        q.organisationId().ifPresent(v -> f.add(eq("og", v)));
        q.breakGlass().filter(b -> b).ifPresent(v -> f.add(eq("bg", true)));
        q.from().ifPresent(v -> f.add(Filters.gte("t1", Date.from(v))));
        q.to().ifPresent(v -> f.add(Filters.lte("t0", Date.from(v))));
        return Filters.and(f);
    }
}
