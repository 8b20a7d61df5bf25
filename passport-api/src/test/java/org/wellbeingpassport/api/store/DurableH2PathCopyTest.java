package org.wellbeingpassport.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk store's updates by path copy ({@code DurableH2Backend.SizedOnDemand#updateDocuments}) against
 * mongo-java-server's stock in-memory backend: the same updates, sent over the wire to both, give the same answers
 * (matched and modified counts, error codes) and the same documents, key order and number types included (compared as
 * extended JSON). The store's counting hook says which updates took the path-copy route, so a route that silently
 * stopped being taken fails here too. And a document held before such an update is not changed by it.
 */
class DurableH2PathCopyTest {
    private static final JsonWriterSettings EXACT = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    @TempDir
    Path dir;

    private DurableH2Backend backend;
    private MongoServer disk;
    private MongoServer memory;
    private MongoClient diskClient;
    private MongoClient memoryClient;
    private final List<MongoCollection<Document>> both = new ArrayList<>();

    @BeforeEach
    void open() {
        backend = DurableH2Backend.open(dir.resolve("store.mv"), 16, false);
        disk = new MongoServer(backend);
        memory = new MongoServer(new MemoryBackend());
        diskClient = MongoClients.create("mongodb://" + StandInAddress.of(disk));
        memoryClient = MongoClients.create("mongodb://" + StandInAddress.of(memory));
        for (MongoClient client : List.of(diskClient, memoryClient)) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            docs.createIndex(Indexes.ascending("rid", "ver"), new IndexOptions().unique(true));
            docs.insertOne(passport("p1", "r1", 1));
            docs.insertOne(passport("p2", "r1", 2));
            both.add(docs);
        }
    }

    @AfterEach
    void close() {
        diskClient.close();
        memoryClient.close();
        disk.shutdownNow();
        memory.shutdownNow();
    }

    /** A small passport: resources under {@code res} by "Type/id", an array of sub-documents, a number. */
    private static Document passport(String id, String rid, int ver) {
        Document entry = new Document("t", "Goal").append("i", "g1").append("v", 1).append("lu", new Date(1_000))
                .append("s", "active").append("r", new Document("a", 1).append("b", List.of(1, 2)));
        return new Document("_id", id).append("rid", rid).append("ver", ver).append("n", 5)
                .append("res", new Document("Goal/g1", entry))
                .append("list", List.of(new Document("x", 1), new Document("x", 2)));
    }

    @Test
    void setsTakeThePathCopyRouteAndGiveTheStockResults() {
        Bson p1 = Filters.eq("_id", "p1");
        same(p1, Updates.set("created", new Date(5_000)), 1, 1, true); // a new top-level field, appended
        same(p1, Updates.set("n", 6), 1, 1, true); // an existing field, in place
        same(p1, Updates.set("a.b.c", "deep"), 1, 1, true); // a, a.b created
        same(p1, Updates.combine(Updates.set("res.Goal/g1.r.a", 2), Updates.set("res.Goal/g1.r.z", "new")), 1, 1, true); // inside an existing sub-document: one field replaced, one appended
        same(p1, Updates.set("n", 6), 1, 0, true); // the same value: no change
        same(p1, Updates.set("n", 6L), 1, 0, true); // equal by value: the stored int stays an int
        same(p1, Updates.set("ratio", -0.0), 1, 1, true);
        same(p1, Updates.set("ratio", 0.0), 1, 0, true); // -0.0 and 0.0 are the same to mongo-java-server
        same(p1, Updates.set("nul", null), 1, 1, true); // a missing field set to null is a change
        same(p1, Updates.set("tags", List.of(new Document("k", 1), "two")), 1, 1, true);
        same(p1, Updates.set("_id", "p1"), 1, 0, false); // the id: the stock route
        same(p1, Updates.combine(Updates.set("res.Goal/g1.v", 2), Updates.set("res.Goal/g1.lu", new Date(9_000))), 1, 1,
                true);
        same(Filters.eq("_id", "p9"), Updates.set("n", 1), 0, 0, false); // no match, no upsert
        same(Filters.and(Filters.eq("rid", "r1"), Filters.eq("ver", 1)),
                Updates.combine(Updates.set("res.Goal/bench-goal", new Document("t", "Goal").append("i", "bench-goal")
                        .append("v", 1).append("r", new Document("status", "active"))), Updates.set("ver", 3)),
                1, 1, true); // a passport write: the full key of rid_ver, a new entry
        same(Filters.and(Filters.eq("rid", "r1"), Filters.eq("ver", 1)), Updates.set("ver", 4), 0, 0, false); // stale
        same(p1, Updates.set("ver", 4), 1, 1, true); // an index key changed
    }

    @Test
    void anUpsertIsTheStockOneAndAMatchedUpsertIsAPathCopy() {
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        same(Filters.eq("_id", "p3"), Updates.combine(Updates.set("rid", "r3"), Updates.set("ver", 1)), upsert, 0, 0,
                false);
        same(Filters.eq("_id", "p3"), Updates.set("ver", 2), upsert, 1, 1, true);
    }

    @Test
    void aDuplicateKeyIsRefusedAsTheStockRouteRefusesIt() {
        // p2 holds rid r1 ver 2 already
        List<MongoException> errors = new ArrayList<>();
        long before = pathCopies();
        for (MongoCollection<Document> docs : both) {
            errors.add(failure(() -> docs.updateOne(Filters.eq("_id", "p1"), Updates.set("ver", 2))));
        }
        assertEquals(11000, errors.get(0).getCode());
        assertEquals(errors.get(1).getCode(), errors.get(0).getCode());
        assertEquals(message(errors.get(1)), message(errors.get(0)));
        assertEquals(before + 1, pathCopies(), "the refusal came from the path-copy route");
        sameDocuments();
        // the index is as it was: p1 can still move to a free key, and p2 keeps its own
        same(Filters.eq("_id", "p1"), Updates.set("ver", 5), 1, 1, true);
        same(Filters.eq("_id", "p2"), Updates.set("ver", 1), 1, 1, true);
    }

    @Test
    void anythingButPlainSetsTakesTheStockRoute() {
        Bson p1 = Filters.eq("_id", "p1");
        same(p1, Updates.set("list.0.x", 10), 1, 1, false); // a numeric part: into the array
        same(p1, Updates.inc("n", 1), 1, 1, false);
        same(p1, Updates.max("ver", 7L), 1, 1, false);
        same(p1, Updates.combine(Updates.set("n", 1), Updates.unset("ratio")), 1, 1, false);
        same(p1, Updates.set("nul", null), 1, 1, true);
        same(p1, Updates.set("nul.x", 1), 1, 1, false); // through a null: the stock route replaces it
        sameFailure(p1, Updates.set("list.x", 1)); // through an array
        sameFailure(p1, Updates.set("n.x", 1)); // through a number
        sameFailure(p1, Updates.combine(Updates.set("res", 1), Updates.set("res.Goal/g1.v", 2))); // conflicting
        long before = pathCopies();
        List<UpdateResult> results = new ArrayList<>();
        for (MongoCollection<Document> docs : both) {
            results.add(docs.updateMany(Filters.eq("rid", "r1"), Updates.set("m", true)));
        }
        assertEquals(results.get(1), results.get(0));
        assertEquals(before, pathCopies(), "a multi-document update takes the stock route");
        sameDocuments();
    }

    @Test
    void aDocumentHeldBeforeAnUpdateIsNotChangedByIt() {
        de.bwaldvogel.mongo.bson.Document held = stored("p1");
        de.bwaldvogel.mongo.bson.Document copy = held.cloneDeeply();
        String text = held.toString();
        same(Filters.eq("_id", "p1"),
                Updates.combine(Updates.set("res.Goal/g1.r.a", 9), Updates.set("ver", 8), Updates.set("added", "x")), 1,
                1, true);
        assertEquals(copy, held);
        assertEquals(text, held.toString(), "same fields, same order, same values");
        assertNotEquals(held, stored("p1"), "the store holds a new document");
        assertEquals(9, both.get(0).find(Filters.eq("_id", "p1")).first().get("res", Document.class)
                .get("Goal/g1", Document.class).get("r", Document.class).getInteger("a"));

        // what the test would catch: the stock route (here $inc) does change the stored instance in place
        de.bwaldvogel.mongo.bson.Document again = stored("p1");
        both.get(0).updateOne(Filters.eq("_id", "p1"), Updates.inc("n", 1));
        assertEquals(6, again.get("n"));
    }

    /** The document the on-disk store holds, as a query inside the server gets it (no copy). */
    private de.bwaldvogel.mongo.bson.Document stored(String id) {
        de.bwaldvogel.mongo.MongoCollection<?> docs = backend.resolveDatabase("t").resolveCollection("docs", true);
        return docs.handleQuery(new QueryParameters(new de.bwaldvogel.mongo.bson.Document("_id", id), 0, 0)).iterator()
                .next();
    }

    private long pathCopies() {
        return ((DurableH2Backend.SizedOnDemand) backend.resolveDatabase("t").resolveCollection("docs", true))
                .pathCopies();
    }

    private void same(Bson filter, Bson update, long matched, long modified, boolean pathCopy) {
        same(filter, update, new UpdateOptions(), matched, modified, pathCopy);
    }

    /**
     * Sends the update to both stores and checks that the answers and all documents are the same, the counts are the
     * ones expected, and whether the on-disk store took the path-copy route.
     */
    private void same(Bson filter, Bson update, UpdateOptions options, long matched, long modified, boolean pathCopy) {
        long before = pathCopies();
        List<UpdateResult> results = new ArrayList<>();
        for (MongoCollection<Document> docs : both) {
            results.add(docs.updateOne(filter, update, options));
        }
        String what = update.toBsonDocument().toJson();
        assertEquals(results.get(1), results.get(0), what);
        assertEquals(matched, results.get(0).getMatchedCount(), what);
        assertEquals(modified, results.get(0).getModifiedCount(), what);
        assertEquals(before + (pathCopy ? 1 : 0), pathCopies(), what + ": path copy " + pathCopy);
        sameDocuments();
    }

    /** Sends an update both stores refuse: the same error code and message, and nothing changed. */
    private void sameFailure(Bson filter, Bson update) {
        List<MongoException> errors = new ArrayList<>();
        for (MongoCollection<Document> docs : both) {
            errors.add(failure(() -> docs.updateOne(filter, update)));
        }
        String what = update.toBsonDocument().toJson();
        assertEquals(errors.get(1).getCode(), errors.get(0).getCode(), what);
        assertEquals(message(errors.get(1)), message(errors.get(0)), what);
        sameDocuments();
    }

    private static MongoException failure(Runnable update) {
        try {
            update.run();
        } catch (MongoException e) {
            return e;
        }
        throw new AssertionError("the update was not refused");
    }

    /** The server's own words (the driver's message names the server's address, which differs). */
    private static String message(MongoException e) {
        return e instanceof MongoWriteException w ? w.getError().getMessage() : e.getMessage();
    }

    private void sameDocuments() {
        Function<MongoCollection<Document>, List<String>> all = docs -> docs.find().sort(Sorts.ascending("_id"))
                .map(d -> d.toJson(EXACT)).into(new ArrayList<>());
        List<String> onDisk = all.apply(both.get(0));
        assertTrue(onDisk.size() >= 2);
        assertEquals(all.apply(both.get(1)), onDisk);
    }
}
