package org.wellbeingpassport.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Changes of several resources of one passport ({@link PassportStore#updateAll}): one new passport version, all or
 * nothing, against single writers of the same resources, and after a writer that died between claiming and
 * publishing. Real driver, real embedded store.
 */
@MicronautTest
class PassportChangeTest {
    @Inject
    PassportStore store;
    @Inject
    MongoStore mongo;

    static String json(String type, String id, long v) {
        return "{\"resourceType\":\"" + type + "\",\"id\":\"" + id + "\",\"meta\":{\"versionId\":\"" + v + "\"}}";
    }

    static PassportStore.ResourceWrite write(String type, String id, OptionalLong ifMatch) {
        return new PassportStore.ResourceWrite(type, id, ifMatch, true, (i, v, at) -> json(type, i, v));
    }

    String newPassport() {
        String rid = UUID.randomUUID().toString();
        store.createPassport(rid, "Patient", rid, (id, v, at) -> json("Patient", id, v));
        return rid;
    }

    @Test
    void severalResourcesAreOneVersionAndAStaleIfMatchWritesNothing() {
        String rid = newPassport();
        long before = store.version(rid).orElseThrow().ver();
        var out = store.updateAll(rid, List.of(write("Patient", rid, OptionalLong.of(1)),
                write("Goal", "g1", OptionalLong.empty()), write("Observation", "o1", OptionalLong.empty())));
        var written = assertInstanceOf(PassportStore.ChangeOutcome.Written.class, out);
        assertEquals(before + 1, store.version(rid).orElseThrow().ver(), "one new passport version");
        assertEquals(before + 1, written.passportVersion());
        assertEquals(List.of(false, true, true), written.created());
        assertEquals(2, store.read(rid, "Patient", rid).orElseThrow().version());
        assertEquals(1, store.read(rid, "Goal", "g1").orElseThrow().version());

        // the Patient's If-Match is stale: nothing of the change is written, nothing claimed is left behind
        var stale = store.updateAll(rid, List.of(write("Goal", "g1", OptionalLong.empty()),
                write("Patient", rid, OptionalLong.of(1)), write("Observation", "o2", OptionalLong.empty())));
        var conflict = assertInstanceOf(PassportStore.ChangeOutcome.VersionConflict.class, stale);
        assertEquals("Patient", conflict.type());
        assertEquals(2, conflict.currentVersion());
        assertEquals(before + 1, store.version(rid).orElseThrow().ver());
        assertEquals(1, store.read(rid, "Goal", "g1").orElseThrow().version());
        assertTrue(store.read(rid, "Observation", "o2").isEmpty());
        assertTrue(store.readVersion(rid, "Goal", "g1", 2).isEmpty(), "no claim left in history");
        assertInstanceOf(PassportStore.ChangeOutcome.NotFound.class,
                store.updateAll("no-such-" + rid, List.of(write("Goal", "g1", OptionalLong.empty()))));
    }

    @Test
    void aChangeClaimedWholeByAWriterThatDiedIsRolledForwardWhole() {
        String rid = newPassport();
        long before = store.version(rid).orElseThrow().ver();
        var history = mongo.database().getCollection(PassportStore.HISTORY);
        // a change of the Patient (to version 2) and a new Goal claimed both versions, then its writer died
        Document p = PassportStore.historyId(rid, "Patient", rid, 2);
        Document g = PassportStore.historyId(rid, "Goal", "g9", 1);
        String tx = UUID.randomUUID().toString();
        history.insertOne(claim(p, "Patient", rid, 2, new Document("id", tx).append("of", List.of(p, g)), new Date()));
        history.insertOne(claim(g, "Goal", "g9", 1, new Document("id", tx).append("primary", p), new Date()));
        assertTrue(store.read(rid, "Goal", "g9").isEmpty(), "not published yet");

        // a single writer of the Patient meets the claim: the whole change becomes current, in one version
        var stale = store.update(rid, "Patient", rid, OptionalLong.of(1), false, (i, v, at) -> json("Patient", i, v));
        assertInstanceOf(WriteOutcome.VersionConflict.class, stale);
        assertEquals(2, store.read(rid, "Patient", rid).orElseThrow().version());
        assertEquals("{\"orphan\":\"Goal\"}", store.read(rid, "Goal", "g9").orElseThrow().json(),
                "the other resource of the change with it");
        assertEquals(before + 1, store.version(rid).orElseThrow().ver());
    }

    @Test
    void anAbandonedIncompleteChangeIsRemovedNeverPublished() {
        String rid = newPassport();
        var history = mongo.database().getCollection(PassportStore.HISTORY);
        // a change claimed the Patient's version 2 (its primary, listing a Goal claim it never made), long ago
        Document p = PassportStore.historyId(rid, "Patient", rid, 2);
        Document g = PassportStore.historyId(rid, "Goal", "g9", 1);
        history.insertOne(claim(p, "Patient", rid, 2,
                new Document("id", UUID.randomUUID().toString()).append("of", List.of(p, g)),
                new Date(System.currentTimeMillis() - 60_000)));

        var w = store.update(rid, "Patient", rid, OptionalLong.empty(), false, (i, v, at) -> json("Patient", i, v));
        var written = assertInstanceOf(WriteOutcome.Written.class, w);
        assertEquals(2, written.resource().version());
        assertEquals(json("Patient", rid, 2), store.read(rid, "Patient", rid).orElseThrow().json(),
                "the single writer's version, not the abandoned one");
        assertTrue(store.read(rid, "Goal", "g9").isEmpty());
    }

    @Test
    void changesAndSingleWritersOnTheSameResourcesLoseNothing() throws Exception {
        String rid = newPassport();
        long before = store.version(rid).orElseThrow().ver();
        int threads = 8;
        int rounds = 6;
        AtomicInteger changes = new AtomicInteger();
        AtomicInteger singles = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int r = 0; r < rounds; r++) {
                    assertInstanceOf(PassportStore.ChangeOutcome.Written.class, store.updateAll(rid, List
                            .of(write("Goal", "a", OptionalLong.empty()), write("Goal", "b", OptionalLong.empty()))));
                    changes.incrementAndGet();
                }
            }));
            done.add(pool.submit(() -> {
                for (int r = 0; r < rounds; r++) {
                    assertInstanceOf(WriteOutcome.Written.class, store.update(rid, "Goal", "a", OptionalLong.empty(),
                            true, (i, v, at) -> json("Goal", i, v)));
                    singles.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(threads * rounds, changes.get());
        assertEquals(changes.get() + singles.get(), store.read(rid, "Goal", "a").orElseThrow().version(),
                "every write of a is a version of it");
        assertEquals(changes.get(), store.read(rid, "Goal", "b").orElseThrow().version());
        assertEquals(before + changes.get() + singles.get(), store.version(rid).orElseThrow().ver(),
                "one passport version per change and per single write");
        for (long v = 1; v <= changes.get() + singles.get(); v++) {
            assertTrue(store.readVersion(rid, "Goal", "a", v).isPresent(), "version " + v + " of a is kept");
        }
    }

    private static Document claim(Document id, String type, String resourceId, long v, Document tx, Date at) {
        return new Document("_id", id).append("t", type).append("i", resourceId).append("v", v).append("lu", at)
                .append("s", false)
                .append("r", org.wellbeingpassport.fhir.store.StorageForm.toDocument("{\"orphan\":\"" + type + "\"}"))
                .append("tx", tx);
    }
}
