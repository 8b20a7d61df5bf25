package org.wellbeingpassport.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk stand-in's commit delay: when other changes are under way, a commit waits for more writes to join it, so
 * that under load one commit (and one fsync) serves many writes; a lone write is never delayed; and every answered
 * write is on disk after a crash either way (the crash is the store closed without a commit of its own).
 */
class DurableH2CommitDelayTest {
    private static final long DELAY_MICROS = 300_000;

    @TempDir
    Path dir;

    @Test
    void aLoneWriterIsNeverDelayedAndEachOfItsWritesHasItsOwnCommit() {
        DurableH2Backend backend = DurableH2Backend.open(dir.resolve("lone.mv"), 16, false, DELAY_MICROS, 1);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create("mongodb://" + StandInAddress.asTheServiceBindsIt(server))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            docs.insertOne(new Document("_id", "warm")); // the collection and its index are made here
            long before = backend.commitsWritten();
            for (int i = 0; i < 20; i++) {
                docs.insertOne(new Document("_id", "d" + i).append("n", i));
            }
            assertEquals(0, backend.delayedCommits(), "no commit waited: nothing else was under way");
            long used = backend.commitsWritten() - before;
            assertTrue(used >= 20, "each write had its own commit: " + used);
        } finally {
            server.shutdownNow();
        }
    }

    /**
     * The delay's effect, deterministically: a commit that starts while another change is under way waits, and the
     * writes that apply while it waits are answered by that one commit. (How many commits a given load saves depends on
     * how the machine schedules the writers: on a loaded single core hardly any commit starts with another change under
     * way, so that figure is the write benchmark's, bench/RESULTS.md, not a test's.)
     */
    @Test
    void aCommitThatWaitsIsSharedByTheWritesThatArriveMeanwhile() throws Exception {
        Path file = dir.resolve("shared.mv");
        DurableH2Backend backend = DurableH2Backend.open(file, 16, false, 2_000_000, 1);
        MongoServer server = new MongoServer(backend);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        long used;
        try (MongoClient client = MongoClients.create("mongodb://" + StandInAddress.asTheServiceBindsIt(server))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            docs.insertOne(new Document("_id", "warm"));
            long before = backend.commitsWritten();
            List<Future<?>> writes = new ArrayList<>();
            Runnable other = backend.changeUnderWay();
            try {
                writes.add(pool.submit(() -> docs.insertOne(new Document("_id", "first"))));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (backend.delayedCommits() == 0) {
                    assertTrue(System.nanoTime() < deadline, "the first write's commit never waited");
                    Thread.sleep(1);
                }
                for (int w = 1; w < WRITERS; w++) {
                    int writer = w;
                    writes.add(pool.submit(() -> docs.insertOne(new Document("_id", "meanwhile-" + writer))));
                }
            } finally {
                other.run();
            }
            for (Future<?> f : writes) {
                f.get(2, TimeUnit.MINUTES);
            }
            used = backend.commitsWritten() - before;
        } finally {
            pool.shutdown();
            backend.getMvStore().closeImmediately(); // a crash: nothing more reaches the file
            server.shutdownNow();
        }
        assertEquals(1, backend.delayedCommits(), "only the first commit waited");
        assertEquals(1, used, "the " + WRITERS + " writes were answered by one commit");
        Reopened.look(file, client -> assertEquals(WRITERS + 1,
                client.getDatabase("t").getCollection("docs").countDocuments(), "every answered write is on disk"));
    }

    /**
     * The siblings threshold (PostgreSQL's {@code commit_siblings}): a commit waits only when at least that many
     * changes besides the committer's are under way. With fewer, waiting would gather little and only add its length to
     * every waiter's time (readers waiting for their audit entries among them).
     */
    @Test
    void aCommitWaitsOnlyWhenEnoughOtherChangesAreUnderWay() throws Exception {
        DurableH2Backend backend = DurableH2Backend.open(dir.resolve("siblings.mv"), 16, false, DELAY_MICROS, 2);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create("mongodb://" + StandInAddress.asTheServiceBindsIt(server))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            docs.insertOne(new Document("_id", "warm"));
            Runnable first = backend.changeUnderWay();
            try {
                docs.insertOne(new Document("_id", "one-other"));
                assertEquals(0, backend.delayedCommits(), "one other change under way, two needed: no wait");
                Runnable second = backend.changeUnderWay();
                try {
                    long before = System.nanoTime();
                    docs.insertOne(new Document("_id", "two-others"));
                    long tookMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - before);
                    assertEquals(1, backend.delayedCommits(), "two other changes under way: the commit waited");
                    assertTrue(tookMicros >= DELAY_MICROS, "the write waited the delay: " + tookMicros + " us");
                } finally {
                    second.run();
                }
            } finally {
                first.run();
            }
            assertEquals(3, docs.countDocuments());
        } finally {
            server.shutdownNow();
        }
    }

    /**
     * A change sent with {@code j: false} is answered once applied and never waits for a commit (the recipients'
     * records, written beside the reads), so a commit does not wait for it either: a journalled write that commits
     * while a long one applies is not delayed.
     */
    @Test
    void aCommitDoesNotWaitForAChangeThatWaivesTheJournal() throws Exception {
        DurableH2Backend backend = DurableH2Backend.open(dir.resolve("waived.mv"), 64, false, DELAY_MICROS, 1);
        MongoServer server = new MongoServer(backend);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (MongoClient client = MongoClients.create("mongodb://" + StandInAddress.asTheServiceBindsIt(server))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            List<Document> many = new ArrayList<>();
            for (int i = 0; i < 40_000; i++) {
                many.add(new Document("_id", "m" + i).append("n", i));
            }
            docs.insertMany(many);
            // the journalled write goes to another collection: the stand-in applies one change at a time per collection
            MongoCollection<Document> other = client.getDatabase("t").getCollection("other");
            other.insertOne(new Document("_id", "made"));
            long delayedBefore = backend.delayedCommits();
            MongoCollection<Document> waived = MongoStore.withoutJournal(docs);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean overlapped = false;
            while (!overlapped) {
                assertTrue(System.nanoTime() < deadline, "the long change never ran beside a journalled one");
                Future<?> running = pool
                        .submit(() -> waived.updateMany(new Document(), new Document("$inc", new Document("n", 1))));
                Thread.sleep(100);
                if (!running.isDone()) {
                    overlapped = true; // the journalled write below applies and commits while the long change runs
                    other.insertOne(new Document("_id", "journalled"));
                }
                running.get(2, TimeUnit.MINUTES);
            }
            assertEquals(delayedBefore, backend.delayedCommits(),
                    "the commit did not wait for the change that waived the journal");
        } finally {
            pool.shutdown();
            server.shutdownNow();
        }
    }

    @Test
    void concurrentWritersWithAndWithoutTheDelayFindEveryAnsweredWriteOnDisk() throws Exception {
        // the same load twice, as requests make it: writers that each do some work between their writes
        Load undelayed = load(dir.resolve("undelayed.mv"), 0);
        Load delayed = load(dir.resolve("delayed.mv"), 20_000);
        assertEquals(0, undelayed.waited(), "without a delay no commit waits");
        assertTrue(undelayed.commits() <= WRITERS * EACH && delayed.commits() <= WRITERS * EACH,
                "never more commits than writes: " + undelayed + ", " + delayed);
    }

    private static final int WRITERS = 16;
    private static final int EACH = 25;

    /** This store's own commits: the metric counts every store in the process (other tests' among them). */
    /** This store's own commits (the metric counts those of every store in the process) and those that waited. */
    private record Load(long commits, long waited) {
    }

    /**
     * WRITERS writers, each writing EACH documents with up to 4 ms of work between writes; then a crash (the store
     * closed without a commit of its own) and every answered write is found in the file.
     */
    private Load load(Path file, long delayMicros) throws Exception {
        DurableH2Backend backend = DurableH2Backend.open(file, 16, false, delayMicros, 1);
        MongoServer server = new MongoServer(backend);
        long used;
        try (MongoClient client = MongoClients.create("mongodb://" + StandInAddress.asTheServiceBindsIt(server))) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            docs.insertOne(new Document("_id", "warm"));
            long before = backend.commitsWritten();
            CyclicBarrier start = new CyclicBarrier(WRITERS);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                running.add(pool.submit(() -> {
                    java.util.Random work = new java.util.Random(writer);
                    start.await();
                    for (int i = 0; i < EACH; i++) {
                        Thread.sleep(work.nextInt(5));
                        docs.insertOne(new Document("_id", "w" + writer + "-" + i).append("n", i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            used = backend.commitsWritten() - before;
        } finally {
            backend.getMvStore().closeImmediately(); // a crash: nothing more reaches the file
            server.shutdownNow();
        }
        Reopened.look(file, client -> {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            assertEquals(WRITERS * EACH + 1, docs.countDocuments(), "every answered write survived the crash");
            // each found by its key too: its index entry is in the same commit as the document (commits hold whole
            // commands)
            for (int w = 0; w < WRITERS; w++) {
                for (int i = 0; i < EACH; i++) {
                    Document d = docs.find(Filters.eq("_id", "w" + w + "-" + i)).first();
                    assertNotNull(d, "w" + w + "-" + i + " found by its key");
                    assertEquals(i, d.getInteger("n"));
                }
            }
        });
        return new Load(used, backend.delayedCommits());
    }
}
