package org.wellbeingpassport.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.Binary;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store format 2 and stores written before it (format 1: mongo-java-server's H2 backend as shipped, made here with the
 * stock H2Backend): a format 1 store is migrated when the new code opens it and then serves the same documents, finds
 * them by _id and by unique keys, refuses duplicates and takes writes, across restarts; a migration stopped part way
 * (a crash) leaves the format 1 store as it was and the next start does it; a new store is format 2 from the start.
 */
class StoreFormatTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        StoreFormat.stopAfterMapsForTest = -1;
    }

    @Test
    void aFormatOneStoreIsMigratedAtOpenAndServesTheSameDocumentsAndTakesWrites() {
        Path file = dir.resolve("passport.mv");
        Map<String, List<Document>> before = writeFormatOne(file);
        assertFalse(hasMarker(file), "the stock backend writes no marker");

        DurableH2Backend backend = DurableH2Backend.open(file, 16, false);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = StoreKeysTest.client(server)) {
            assertEquals(before, everything(client), "the same documents after the migration");
            assertServes(client);
            MongoCollection<Document> history = client.getDatabase("passport").getCollection("resource_history");
            history.insertOne(historyEntry("r-new", "Observation", "o1", 1));
            client.getDatabase("passport").getCollection("passports").updateOne(Filters.eq("_id", "r7"),
                    Updates.set("ver", 99));
        } finally {
            server.shutdownNow();
        }
        assertTrue(hasMarker(file), "the store says it is format 2");

        DurableH2Backend again = DurableH2Backend.open(file, 16, false);
        MongoServer restarted = new MongoServer(again);
        try (MongoClient client = StoreKeysTest.client(restarted)) {
            assertServes(client);
            MongoCollection<Document> history = client.getDatabase("passport").getCollection("resource_history");
            assertNotNull(history.find(Filters.eq("_id", historyKey("r-new", "Observation", "o1", 1))).first());
            assertEquals(99, client.getDatabase("passport").getCollection("passports").find(Filters.eq("_id", "r7"))
                    .first().getInteger("ver"));
            assertEquals(before.get("resource_history").size() + 1, history.countDocuments());
        } finally {
            restarted.shutdownNow();
        }
    }

    @Test
    void aMigrationStoppedPartWayLeavesTheOldStoreAsItWasAndTheNextStartDoesIt() {
        Path file = dir.resolve("passport.mv");
        Map<String, List<Document>> before = writeFormatOne(file);

        StoreFormat.stopAfterMapsForTest = 3; // as a crash after three maps were copied and committed
        assertThrows(IllegalStateException.class, () -> DurableH2Backend.open(file, 16, false));
        assertFalse(hasMarker(file));
        MVStore mv = MVStore.open(file.toString());
        boolean staged = mv.getMapNames().stream().anyMatch(n -> n.startsWith(StoreFormat.STAGING));
        assertTrue(staged, "the copies made before the stop are in the file");
        // the stock backend still reads the file: the old maps are intact
        H2Backend stock = new H2Backend(mv);
        MongoServer old = new MongoServer(stock);
        try (MongoClient client = StoreKeysTest.client(old)) {
            assertEquals(before, everything(client));
        } finally {
            old.shutdownNow();
        }

        StoreFormat.stopAfterMapsForTest = -1;
        DurableH2Backend backend = DurableH2Backend.open(file, 16, false);
        assertFalse(backend.getMvStore().getMapNames().stream().anyMatch(n -> n.startsWith(StoreFormat.STAGING)),
                "no staged copy is left once the migration is done");
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = StoreKeysTest.client(server)) {
            assertEquals(before, everything(client));
            assertServes(client);
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void aNewStoreIsFormatTwoFromTheStart() {
        Path file = dir.resolve("passport.mv");
        DurableH2Backend backend = DurableH2Backend.open(file, 16, false);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = StoreKeysTest.client(server)) {
            fill(client);
            assertServes(client);
        } finally {
            server.shutdownNow();
        }
        assertTrue(hasMarker(file));
        MVStore mv = MVStore.open(file.toString());
        try {
            // keys and documents are format 2's encodings: H2's default type (Java serialisation) cannot read them
            assertThrows(RuntimeException.class,
                    () -> mv.<Object, Object>openMap("databases.passport.passports").get("r1"));
        } finally {
            mv.closeImmediately();
        }
        MVStore again = MVStore.open(file.toString());
        try {
            var asFormatTwo = StoreFormat.open(again, "databases.passport.passports");
            assertEquals(40, asFormatTwo.sizeAsLong());
            assertEquals("r1", ((de.bwaldvogel.mongo.bson.Document) asFormatTwo.get("r1")).get("rid"));
        } finally {
            again.closeImmediately();
        }
    }

    private Map<String, List<Document>> writeFormatOne(Path file) {
        H2Backend stock = new H2Backend(MVStore.open(file.toString()));
        MongoServer server = new MongoServer(stock);
        try (MongoClient client = StoreKeysTest.client(server)) {
            fill(client);
            assertServes(client);
            return everything(client);
        } finally {
            server.shutdownNow(); // closes the backend, which commits
        }
    }

    /** Collections shaped as the service's: compound _ids, a unique compound index, varied types, updates, deletes. */
    private static void fill(MongoClient client) {
        var db = client.getDatabase("passport");
        MongoCollection<Document> passports = db.getCollection("passports");
        passports.createIndex(Indexes.ascending("rid", "ver"), new IndexOptions().unique(true).name("rid_ver"));
        MongoCollection<Document> history = db.getCollection("resource_history");
        MongoCollection<Document> blocks = db.getCollection("audit_blocks");
        for (int i = 0; i < 40; i++) {
            passports.insertOne(new Document("_id", "r" + i).append("rid", "r" + i).append("ver", i % 3)
                    .append("sealed", new Binary(new byte[]{1, 2, (byte) i}))
                    .append("at", new Date(1_700_000_000_000L + i)).append("owner", new UUID(i, i + 1))
                    .append("score", i + 0.5).append("big", 1L << 40 + i % 10).append("pad", "x".repeat(2_000 + i))
                    .append("tags", List.of("a", i, new Document("n", i))));
            for (int v = 1; v <= 3; v++) {
                history.insertOne(historyEntry("r" + i, i % 2 == 0 ? "Condition" : "Observation", "id" + i, v));
            }
            blocks.insertOne(new Document("_id", new Document("c", "chain").append("s", (long) i)).append("prev", i - 1)
                    .append("entries", List.of(new Document("r", "r" + i), new Document("r", "r" + (i + 1)))));
        }
        passports.updateOne(Filters.eq("_id", "r3"), Updates.set("ver", 7));
        history.deleteOne(Filters.eq("_id", historyKey("r5", "Observation", "id5", 2)));
        db.getCollection("heads").insertOne(new Document("_id", 1).append("n", 1.0));
    }

    private static void assertServes(MongoClient client) {
        var db = client.getDatabase("passport");
        MongoCollection<Document> passports = db.getCollection("passports");
        MongoCollection<Document> history = db.getCollection("resource_history");
        assertEquals("r12",
                passports.find(Filters.and(Filters.eq("rid", "r12"), Filters.eq("ver", 0))).first().getString("_id"),
                "found by the unique compound index");
        assertNotNull(history.find(Filters.eq("_id", historyKey("r8", "Condition", "id8", 3))).first(),
                "found by a compound _id");
        assertNotNull(db.getCollection("audit_blocks")
                .find(Filters.eq("_id", new Document("c", "chain").append("s", 9L))).first());
        assertNotNull(db.getCollection("audit_blocks")
                .find(Filters.eq("_id", new Document("c", "chain").append("s", 9))).first(), "9 equals 9L in a key");
        assertNotNull(db.getCollection("heads").find(Filters.eq("_id", 1.0)).first(), "1.0 finds _id 1");
        MongoWriteException dup = assertThrows(MongoWriteException.class,
                () -> passports.insertOne(new Document("_id", "other").append("rid", "r12").append("ver", 0.0)));
        assertEquals(ErrorCategory.DUPLICATE_KEY, ErrorCategory.fromErrorCode(dup.getCode()));
        MongoWriteException dupId = assertThrows(MongoWriteException.class,
                () -> history.insertOne(historyEntry("r8", "Condition", "id8", 3)));
        assertEquals(ErrorCategory.DUPLICATE_KEY, ErrorCategory.fromErrorCode(dupId.getCode()));
    }

    private static Document historyEntry(String rid, String type, String id, int v) {
        return new Document("_id", historyKey(rid, type, id, v)).append("body", "{\"resourceType\":\"" + type + "\"}")
                .append("at", new Date(1_700_000_000_000L));
    }

    private static Document historyKey(String rid, String type, String id, int v) {
        return new Document("r", rid).append("t", type).append("i", id).append("v", v);
    }

    /** Every document of every collection, by collection, in _id order as the server returns them sorted. */
    private static Map<String, List<Document>> everything(MongoClient client) {
        Map<String, List<Document>> all = new TreeMap<>();
        var db = client.getDatabase("passport");
        for (String name : db.listCollectionNames()) {
            List<Document> docs = new ArrayList<>();
            db.getCollection(name).find().into(docs);
            docs.sort((a, b) -> a.toJson().compareTo(b.toJson()));
            all.put(name, docs);
        }
        return all;
    }

    private static boolean hasMarker(Path file) {
        MVStore mv = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            return mv.hasMap(StoreFormat.MARKER_MAP)
                    && Integer.valueOf(2).equals(mv.openMap(StoreFormat.MARKER_MAP).get(StoreFormat.VERSION_KEY));
        } finally {
            mv.close();
        }
    }
}
