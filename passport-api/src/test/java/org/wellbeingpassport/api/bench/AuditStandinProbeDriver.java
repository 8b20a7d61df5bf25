package org.wellbeingpassport.api.bench;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Binary;

/** Measures the stand-in's cost for the audit log's access shapes: block insert, read by _id, $in on _id. */
public final class AuditStandinProbeDriver {
    public static void main(String[] args) {
        int perBlock = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        try (MongoClient c = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            MongoCollection<Document> col = c.getDatabase("p").getCollection("b");
            int blocks = Integer.getInteger("probe.blocks", 300);
            long t = System.nanoTime();
            for (int s = 1; s <= blocks; s++) {
                col.insertOne(block(s, perBlock));
            }
            System.out.printf("insert block of %d entries: %.0f us each%n", perBlock,
                    (System.nanoTime() - t) / 1e3 / blocks);
            for (int r = 0; r < 2; r++) {
                t = System.nanoTime();
                for (int s = 1; s <= blocks; s++) {
                    col.find(eq("_id", new Document("c", "main").append("s", (long) s))).first();
                }
                System.out.printf("find by _id (Document): %.0f us each%n", (System.nanoTime() - t) / 1e3 / blocks);
                MongoCollection<RawBsonDocument> raw = col.withDocumentClass(RawBsonDocument.class);
                t = System.nanoTime();
                for (int s = 1; s <= blocks; s++) {
                    raw.find(eq("_id", new Document("c", "main").append("s", (long) s))).first();
                }
                System.out.printf("find by _id (raw): %.0f us each%n", (System.nanoTime() - t) / 1e3 / blocks);
                t = System.nanoTime();
                for (int s = 1; s <= 200; s += 16) {
                    List<Document> ids = new ArrayList<>();
                    for (int k = s; k < s + 16; k++) {
                        ids.add(new Document("c", "main").append("s", (long) k));
                    }
                    for (Document d : col.find(in("_id", ids))) {
                        d.size();
                    }
                }
                System.out.printf("$in 16 ids: %.0f us per block%n", (System.nanoTime() - t) / 1e3 / 208);
                t = System.nanoTime();
                int n = 0;
                for (Document d : col.find().batchSize(16)) {
                    n++;
                }
                System.out.printf("full scan: %.0f us per block (%d)%n", (System.nanoTime() - t) / 1e3 / n, n);
            }
        } finally {
            server.shutdownNow();
        }
    }

    static Document block(long s, int n) {
        List<Document> e = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            e.add(new Document("i", "abcdef0123-" + Long.toHexString(s * 1000 + i)).append("at", new java.util.Date())
                    .append("a", "read").append("o", "SUCCESS")
                    .append("ag",
                            new Document("k", "professional").append("id", "prac-1").append("n", "Worker 1")
                                    .append("r", "social-prescribing-link-worker").append("oi", "org-1")
                                    .append("on", "Organisation 1").append("ot", "gp-practice"))
                    .append("rid", "res-" + i).append("res", List.of("Patient/res-" + i, "Composition/story-res-" + i))
                    .append("dp",
                            List.of("Composition.section[goals]", "Composition.section[communication]", "Patient.name"))
                    .append("wp", List.of("Composition.section[health-and-wellbeing].section[trauma-detail]"))
                    .append("pu", "support-planning").append("ba", "consent").append("dv", 3L)
                    .append("src", "10.1.2.3"));
        }
        if (Boolean.getBoolean("probe.binary")) {
            List<String> rids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rids.add("res-" + i);
            }
            return new Document("_id", new Document("c", "main").append("s", s)).append("s", s)
                    .append("prev", new Binary(new byte[32])).append("n", n).append("t", s * n)
                    .append("x", new Binary(new byte[450 * n])).append("r", rids).append("ag", List.of("prac-1"))
                    .append("h", new Binary(new byte[32 * n])).append("bh", new Binary(new byte[32]))
                    .append("sig", "x");
        }
        return new Document("_id", new Document("c", "main").append("s", s)).append("s", s)
                .append("prev", new Binary(new byte[32])).append("n", n).append("t", s * n).append("e", e)
                .append("h", new Binary(new byte[32 * n])).append("bh", new Binary(new byte[32])).append("sig", "x");
    }
}
