package org.wellbeingpassport.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk stand-in's compaction runs in small steps beside commands, holding none of DurableH2Backend's locks
 * (ADR 0008): writers go on while it rewrites, and what is on disk after a close holds every acknowledged write.
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

    private static Document doc(int i, int round) {
        return new Document("_id", "d" + i).append("round", round).append("pad", PAD);
    }
}
