package org.wellbeingpassport.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk stand-in's compaction runs in small steps beside commands, holding none of DurableH2Backend's locks
 * (ADR 0008): writers go on while it rewrites, and what is on disk after a close holds every acknowledged write; a turn
 * keeps going, a few rounds, while sparse chunks are left, so that it keeps pace with a load that makes them fast.
 */
class DurableH2CompactionTest {
    private static final int DOCS = 200;
    private static final String PAD = "x".repeat(8_000);

    @TempDir
    Path dir;

    @Test
    void compactionStepsBesideWritersRewriteSparseChunksAndLoseNothing() throws Exception {
        Path file = dir.resolve("passport.mv");
        DurableH2Backend backend = DurableH2Backend.open(file, 16, false);
        MongoServer server = new MongoServer(backend);
        int[] last = new int[DOCS];
        boolean rewrote = false;
        try (MongoClient client = MongoClients.create("mongodb://" + StandInAddress.of(server))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            // rounds of overwrites leave the older chunks sparse (under half full)
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < DOCS; i++) {
                    docs.replaceOne(Filters.eq("_id", "d" + i), doc(i, round), new ReplaceOptions().upsert(true));
                    last[i] = round;
                }
            }
            // H2 rewrites only chunks older than its retention time (45 s by default): none here otherwise
            backend.getMvStore().setRetentionTime(0);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int from = w;
                running.add(writers.submit(() -> {
                    for (int round = 4; !stop.get() && round < 40; round++) {
                        for (int i = from; i < DOCS; i += 4) {
                            docs.replaceOne(Filters.eq("_id", "d" + i), doc(i, round));
                            last[i] = round;
                        }
                    }
                }));
            }
            for (int step = 0; step < 40; step++) {
                rewrote |= backend.compactStep();
            }
            stop.set(true);
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
            writers.shutdown();
        } finally {
            server.shutdownNow();
        }
        assertTrue(rewrote, "some step found sparse chunks and rewrote their live pages");

        Reopened.look(file, client -> {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            assertEquals(DOCS, docs.countDocuments());
            for (int i = 0; i < DOCS; i++) {
                Document d = docs.find(Filters.eq("_id", "d" + i)).first();
                assertEquals(last[i], d.getInteger("round"), "document " + i + " as last acknowledged");
                assertEquals(PAD, d.getString("pad"));
            }
        });
    }

    @Test
    void aTurnRewritesMoreThanTheStepThatFellBehindTheLoad() throws Exception {
        Path file = dir.resolve("appends.mv");
        DurableH2Backend backend = DurableH2Backend.open(file, 16, false);
        MongoServer server = new MongoServer(backend);
        int appends = 600;
        String block = "b".repeat(3_000);
        try (MongoClient client = MongoClients.create("mongodb://" + StandInAddress.of(server))) {
            MongoCollection<Document> log = client.getDatabase("t").getCollection("log");
            MongoCollection<Document> hot = client.getDatabase("t").getCollection("hot");
            // as the audit trail under reads: each commit leaves one small page live (a block appended) in a chunk
            // whose other pages (a document written again and again) are dead by the next commit
            for (int i = 0; i < appends; i++) {
                log.insertOne(new Document("_id", i).append("pad", block));
                hot.replaceOne(Filters.eq("_id", "h"), new Document("_id", "h").append("i", i).append("pad", PAD),
                        new ReplaceOptions().upsert(true));
            }
            backend.getMvStore().setRetentionTime(0); // as above: chunks of any age may be rewritten
            settle(log, -1); // chunks already dead go now, not after the turn
            int before = chunks(backend);
            assertTrue(backend.compactStep(), "the turn found sparse chunks");
            settle(log, -100); // the chunks the turn emptied go
            int after = chunks(backend);
            // housekeeping once fell behind the load moving 256 KB of live pages at a time (ADR 0008, amended
            // 2026-12-07, session 27); each of these chunks holds at least one block, so 256 KB empties at most 87 of
            // them (41 here): a turn must empty more (the turn's budget, 1 MB, about as many as four such steps)
            int fellBehind = 256 * 1024 / block.length();
            assertTrue(before - after > fellBehind, "a turn freed " + (before - after) + " of " + before
                    + " chunks; a step of 256 KB frees at most " + fellBehind);
            for (int i = 0; i < appends; i++) {
                assertEquals(block, log.find(Filters.eq("_id", i)).first().getString("pad"), "block " + i);
            }
        } finally {
            server.shutdownNow();
        }
        Reopened.look(file, client -> {
            MongoCollection<Document> log = client.getDatabase("t").getCollection("log");
            assertEquals(appends + 2 * SETTLE, log.countDocuments());
            assertEquals(appends - 1,
                    client.getDatabase("t").getCollection("hot").find().first().getInteger("i").intValue());
        });
    }

    /**
     * A read walks a map from the root it started with while changes commit beside it and empty the chunks it has yet
     * to read. H2 lets such a chunk go a few commits later (here at once: no retention time): a read that does not hold
     * its version then fails ("Chunk not found"); one that holds it, as every read-only command does, reads it whole.
     */
    @Test
    void aReadHoldingItsVersionFindsEveryPageWhileChangesEmptyTheChunksItReads() throws Exception {
        Path file = dir.resolve("reads.mv");
        // a page cache (1 MB) smaller than the collection (5 MB): a read finds most pages in the file
        DurableH2Backend backend = DurableH2Backend.open(file, 1, false);
        backend.getMvStore().setRetentionTime(0);
        MongoServer server = new MongoServer(backend);
        int docs = 600;
        try (MongoClient client = MongoClients.create("mongodb://" + StandInAddress.of(server))) {
            MongoCollection<Document> c = client.getDatabase("t").getCollection("docs");
            for (int i = 0; i < docs; i++) {
                c.insertOne(doc(i, 0));
            }
            MVMap<Object, Object> data = StoreFormat.open(backend.getMvStore(), "databases.t.docs");

            Iterator<Object> unheld = data.values().iterator();
            assertTrue(unheld.hasNext());
            unheld.next();
            rewriteEveryPage(client, 0);
            assertThrows(MVStoreException.class, () -> unheld.forEachRemaining(d -> {
            }), "H2 let go of chunks an unheld read still needed");

            int read = backend.holdingVersion(() -> {
                Iterator<Object> held = data.values().iterator();
                int n = 0;
                for (; n < 10; n++) {
                    held.next();
                }
                rewriteEveryPage(client, -SETTLE);
                for (; held.hasNext(); n++) {
                    held.next();
                }
                return n;
            });
            assertEquals(docs, read, "every document of the version read");
            assertEquals(docs, c.countDocuments());
        } finally {
            server.shutdownNow();
        }
    }

    /**
     * Every document written again twice (each time by one command and its commit), then a few small commits (ids from
     * {@code settleFrom} down).
     */
    private static void rewriteEveryPage(MongoClient client, int settleFrom) {
        MongoCollection<Document> c = client.getDatabase("t").getCollection("docs");
        for (int round = 1; round <= 2; round++) {
            c.updateMany(new Document(), Updates.set("round", round));
        }
        settle(client.getDatabase("t").getCollection("ticks"), settleFrom);
    }

    private static final int SETTLE = 10;

    /**
     * A few small commits: H2 lets a chunk go once it is empty and no version it keeps (a few past ones) uses it, so a
     * chunk emptied by a commit is gone a few commits later.
     */
    private static void settle(MongoCollection<Document> log, int from) {
        for (int k = 0; k < SETTLE; k++) {
            log.insertOne(new Document("_id", from - k));
        }
    }

    /** The chunks H2's layout lists: each commit writes one; a rewrite lets sparse ones go. */
    private static int chunks(DurableH2Backend backend) {
        return (int) backend.getMvStore().getFileStore().getLayoutMap().keySet().stream()
                .filter(k -> k.startsWith("chunk.")).count();
    }

    private static Document doc(int i, int round) {
        return new Document("_id", "d" + i).append("round", round).append("pad", PAD);
    }
}
