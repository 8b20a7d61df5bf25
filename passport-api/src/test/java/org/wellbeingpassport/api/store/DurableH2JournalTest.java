package org.wellbeingpassport.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Path;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk stand-in and the write concern's {@code j}: a change sent with {@code j: false} is answered without a
 * commit of its own, and is on disk once a later change with the default concern is answered (the crash is the store
 * closed without a commit: what the file holds is what the last commit wrote). And the data size collStats reports,
 * measured when asked instead of kept on every change.
 */
class DurableH2JournalTest {
    private static final String PAD = "x".repeat(4_000);

    @TempDir
    Path dir;

    @Test
    void aChangeWithoutJournalIsOnDiskOnceALaterJournaledChangeIsAnswered() {
        Path file = dir.resolve("passport.mv");
        DurableH2Backend backend = DurableH2Backend.open(file, 16, false);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create("mongodb://" + StandInAddress.of(server))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            MongoCollection<Document> steps = docs.withWriteConcern(docs.getWriteConcern().withJournal(false));
            docs.insertOne(new Document("_id", "first").append("pad", PAD));
            assertFalse(backend.getMvStore().hasUnsavedChanges(), "a default change is answered after its commit");

            steps.insertOne(new Document("_id", "claim").append("pad", PAD));
            steps.updateOne(Filters.eq("_id", "first"), Updates.set("step", 1));
            assertTrue(backend.getMvStore().hasUnsavedChanges(), "j:false is answered without a commit");

            docs.updateOne(Filters.eq("_id", "first"), Updates.set("published", true));
            assertFalse(backend.getMvStore().hasUnsavedChanges(), "the journaled change waited for a commit");
        } finally {
            backend.getMvStore().closeImmediately(); // a crash: nothing more reaches the file
            server.shutdownNow();
        }

        Reopened.look(file, client -> {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            assertNotNull(docs.find(Filters.eq("_id", "claim")).first(), "the j:false insert before it");
            Document first = docs.find(Filters.eq("_id", "first")).first();
            assertEquals(1, first.getInteger("step"), "the j:false update before it");
            assertEquals(true, first.getBoolean("published"));
        });
    }

    @Test
    void everyJournaledChangeIsAnsweredAfterACountedCommit() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(registry);
        DurableH2Backend backend = DurableH2Backend.open(dir.resolve("counted.mv"), 16, false);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create("mongodb://" + StandInAddress.of(server))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            for (int i = 0; i < 3; i++) {
                double before = registry.get("passport.store.commits").counter().count();
                double bytesBefore = registry.get("passport.store.written").counter().count();
                docs.insertOne(new Document("_id", "d" + i).append("text", "x".repeat(5_000)));
                assertTrue(registry.get("passport.store.commits").counter().count() >= before + 1,
                        "the insert waited for a commit, and it was counted");
                assertTrue(registry.get("passport.store.written").counter().count() >= bytesBefore + 5_000,
                        "the bytes that commit wrote (at least the document's) were counted");
            }
        } finally {
            server.shutdownNow();
            io.micrometer.core.instrument.Metrics.removeRegistry(registry);
        }
    }

    @Test
    void pagesTheCacheDoesNotHoldAreCountedAsReadFromTheFile() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.Metrics.addRegistry(registry);
        Path file = dir.resolve("reads.mv");
        MongoServer first = new MongoServer(DurableH2Backend.open(file, 16, false));
        try (MongoClient client = MongoClients.create("mongodb://" + StandInAddress.of(first))) {
            client.getDatabase("t").getCollection("docs")
                    .insertOne(new Document("_id", "big").append("text", "x".repeat(200_000)));
        } finally {
            first.shutdownNow();
        }
        // opened again: its page cache is empty, so the first read of the document reads its page from the file
        MongoServer again = new MongoServer(DurableH2Backend.open(file, 16, false));
        try (MongoClient client = MongoClients.create("mongodb://" + StandInAddress.of(again))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            double before = registry.get("passport.store.read").counter().count();
            assertEquals(200_000, docs.find(new Document("_id", "big")).first().getString("text").length());
            docs.insertOne(new Document("_id", "small")); // a commit: the reads since opening are counted
            assertTrue(registry.get("passport.store.read").counter().count() >= before + 200_000,
                    "the document's page was read from the file, and counted (opening reads a few KB)");
        } finally {
            again.shutdownNow();
            io.micrometer.core.instrument.Metrics.removeRegistry(registry);
        }
    }

    @Test
    void onlyAnExplicitJFalseWaivesTheCommit() {
        assertTrue(DurableH2Backend.journalWaived(new de.bwaldvogel.mongo.bson.Document("writeConcern",
                new de.bwaldvogel.mongo.bson.Document("j", false))));
        assertFalse(DurableH2Backend.journalWaived(new de.bwaldvogel.mongo.bson.Document("writeConcern",
                new de.bwaldvogel.mongo.bson.Document("j", true))));
        assertFalse(DurableH2Backend.journalWaived(
                new de.bwaldvogel.mongo.bson.Document("writeConcern", new de.bwaldvogel.mongo.bson.Document("w", 1))));
        assertFalse(DurableH2Backend.journalWaived(new de.bwaldvogel.mongo.bson.Document("insert", "docs")));
        // w:0 without j is unacknowledged, but still waits for its commit here (nothing is sent back either way)
        assertFalse(DurableH2Backend.journalWaived(
                new de.bwaldvogel.mongo.bson.Document("writeConcern", new de.bwaldvogel.mongo.bson.Document("w", 0))));
        assertEquals(Boolean.FALSE,
                WriteConcern.ACKNOWLEDGED.withJournal(false).asDocument().getBoolean("j").getValue());
    }

    @Test
    void collStatsMeasuresTheDataSizeWhenAsked() {
        Path file = dir.resolve("sizes.mv");
        DurableH2Backend backend = DurableH2Backend.open(file, 16, false);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create("mongodb://" + StandInAddress.of(server))) {
            MongoDatabase db = client.getDatabase("t");
            MongoCollection<Document> docs = db.getCollection("docs");
            long expected = 0;
            for (int i = 0; i < 20; i++) {
                Document d = new Document("_id", "d" + i).append("pad", PAD.substring(i * 100));
                docs.insertOne(d);
                expected += RawBsonDocument.parse(d.toJson()).getByteBuffer().remaining();
            }
            assertEquals(expected, size(db));
            docs.updateOne(Filters.eq("_id", "d0"), Updates.set("pad", "short"));
            docs.deleteOne(Filters.eq("_id", "d1"));
            expected -= RawBsonDocument.parse(new Document("_id", "d0").append("pad", PAD).toJson()).getByteBuffer()
                    .remaining()
                    - RawBsonDocument.parse(new Document("_id", "d0").append("pad", "short").toJson()).getByteBuffer()
                            .remaining();
            expected -= RawBsonDocument.parse(new Document("_id", "d1").append("pad", PAD.substring(100)).toJson())
                    .getByteBuffer().remaining();
            assertEquals(expected, size(db));
        } finally {
            server.shutdownNow();
        }
    }

    private static long size(MongoDatabase db) {
        return db.runCommand(new Document("collStats", "docs")).get("size", Number.class).longValue();
    }
}
