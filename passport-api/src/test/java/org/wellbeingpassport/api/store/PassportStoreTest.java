package org.wellbeingpassport.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Date;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The store's versioning without HTTP, including a writer that died between claiming and publishing. */
@MicronautTest
class PassportStoreTest {
    @Inject
    PassportStore store;
    @Inject
    MongoStore mongo;

    static String json(String id, long v) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"meta\":{\"versionId\":\"" + v + "\"}}";
    }

    @Test
    void resourcesOfOnePassportAreVersionedIndependently() {
        String rid = UUID.randomUUID().toString();
        store.createPassport(rid, "Patient", rid, (id, v, at) -> json(id, v));
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(WriteOutcome.Written.class, store.update(rid, "Goal", "g1", OptionalLong.empty(), true,
                    (id, v, at) -> "{\"resourceType\":\"Goal\",\"id\":\"" + id + "\"}"));
        }
        assertEquals(3, store.read(rid, "Goal", "g1").orElseThrow().version());
        assertEquals(1, store.read(rid, "Patient", rid).orElseThrow().version());
        assertEquals(2, store.readPassport(rid).size());
        assertEquals(3, store.history(rid, "Goal", "g1", 10).size());
    }

    /**
     * A change that starts from an earlier read (ResidentWrites reads the resource, records the audit entry, then
     * writes from that read) is exactly as safe as one that reads again: whatever changed since makes the claim or
     * the compare-and-set fail, and the next attempt reads again.
     */
    @Test
    void aChangeFromAnOlderReadLosesNothingWrittenSince() {
        String rid = UUID.randomUUID().toString();
        store.createPassport(rid, "Patient", rid, (id, v, at) -> json(id, v));
        VersionedRenderer goal = (id, v, at) -> "{\"resourceType\":\"Goal\",\"id\":\"" + id + "\",\"n\":" + v + "}";
        store.update(rid, "Goal", "g1", OptionalLong.empty(), true, goal);

        // another resource changed after the read: written, on top of it
        PassportStore.Seen seen = store.readForChange(rid, "Goal", "g1");
        assertEquals(1, seen.resource().orElseThrow().version());
        store.update(rid, "Observation", "o1", OptionalLong.empty(), true, (id, v, at) -> "{\"o\":1}");
        WriteOutcome w = store.update(seen, OptionalLong.empty(), true, goal);
        assertEquals(2, ((WriteOutcome.Written) w).resource().version());
        assertEquals(1, store.read(rid, "Observation", "o1").orElseThrow().version(), "the other change is kept");
        assertEquals(2, store.read(rid, "Goal", "g1").orElseThrow().version());

        // the same resource changed after the read: without If-Match the write goes on top of it (version 4), with
        // If-Match of what was read it is refused, and nothing written since is lost
        PassportStore.Seen older = store.readForChange(rid, "Goal", "g1");
        PassportStore.Seen older2 = store.readForChange(rid, "Goal", "g1");
        store.update(rid, "Goal", "g1", OptionalLong.empty(), true, goal); // version 3
        assertInstanceOf(WriteOutcome.VersionConflict.class, store.update(older, OptionalLong.of(2), true, goal));
        assertEquals(3, store.read(rid, "Goal", "g1").orElseThrow().version());
        assertEquals(4,
                ((WriteOutcome.Written) store.update(older2, OptionalLong.empty(), true, goal)).resource().version());
        assertEquals(List.of(4L, 3L, 2L, 1L),
                store.history(rid, "Goal", "g1", 10).stream().map(StoredResource::version).toList());
        assertEquals(1, store.read(rid, "Observation", "o1").orElseThrow().version());

        // a read that found no passport is not trusted: the write reads again
        String later = UUID.randomUUID().toString();
        PassportStore.Seen none = store.readForChange(later, "Goal", "g1");
        assertTrue(none.resource().isEmpty());
        store.createPassport(later, "Patient", later, (id, v, at) -> json(id, v));
        assertInstanceOf(WriteOutcome.Written.class, store.update(none, OptionalLong.empty(), true, goal));
    }

    @Test
    void idsWithDotsAndDollarsAreSafeFieldNames() {
        String rid = UUID.randomUUID().toString();
        store.createPassport(rid, "Patient", rid, (id, v, at) -> json(id, v));
        store.update(rid, "Observation", "a.b$c", OptionalLong.empty(), true, (id, v, at) -> "{}");
        assertEquals("a.b$c", store.read(rid, "Observation", "a.b$c").orElseThrow().id());
        assertTrue(store.read(rid, "Observation", "a").isEmpty());
    }

    @Test
    void aClaimLeftByACrashedWriterIsRolledForward() {
        String rid = UUID.randomUUID().toString();
        store.createPassport(rid, "Patient", rid, (id, v, at) -> json(id, v));
        // a writer claimed version 2 and died before publishing it
        Document orphan = new Document("_id", PassportStore.historyId(rid, "Patient", rid, 2)).append("t", "Patient")
                .append("i", rid).append("v", 2L).append("lu", new Date())
                .append("r", org.wellbeingpassport.fhir.store.StorageForm.toDocument("{\"orphan\":true}"));
        mongo.database().getCollection(PassportStore.HISTORY).insertOne(orphan);
        assertEquals(1, store.read(rid, "Patient", rid).orElseThrow().version());

        // a writer still holding version 1 is told it is stale, and the orphan becomes current
        WriteOutcome stale = store.update(rid, "Patient", rid, OptionalLong.of(1), false, (id, v, at) -> json(id, v));
        assertInstanceOf(WriteOutcome.VersionConflict.class, stale);
        assertEquals(2, store.read(rid, "Patient", rid).orElseThrow().version());
        assertEquals("{\"orphan\":true}", store.read(rid, "Patient", rid).orElseThrow().json());

        WriteOutcome next = store.update(rid, "Patient", rid, OptionalLong.of(2), false, (id, v, at) -> json(id, v));
        assertEquals(3, ((WriteOutcome.Written) next).resource().version());
    }

    @Test
    void whatWasStoredInTheClearIsSealedOnceAndReadsTheSame() {
        String rid = UUID.randomUUID().toString();
        String name = "Winifred Quartermaine-" + rid.substring(0, 8);
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"" + rid + "\",\"meta\":{\"versionId\":\"1\"},"
                + "\"name\":[{\"text\":\"" + name + "\"}]}";
        store.createPassport(rid, "Patient", rid, (id, v, at) -> patient);
        var passports = mongo.database().getCollection(PassportStore.PASSPORTS);
        var history = mongo.database().getCollection(PassportStore.HISTORY);
        assertFalse(passports.find(new Document("_id", rid)).first().toJson().contains(name), "sealed when written");
        // what an earlier version stored: the resource in the clear, in the passport and in its history
        Document plain = org.wellbeingpassport.fhir.store.StorageForm.toDocument(patient);
        passports.updateOne(new Document("_id", rid),
                new Document("$set", new Document("res." + PassportStore.key("Patient", rid) + ".r", plain)));
        history.updateOne(new Document("_id", PassportStore.historyId(rid, "Patient", rid, 1)),
                new Document("$set", new Document("r", plain)));
        assertTrue(passports.find(new Document("_id", rid)).first().toJson().contains(name));
        long ver = store.version(rid).orElseThrow().ver();
        String before = store.read(rid, "Patient", rid).orElseThrow().json();

        var report = store.sealStoredInTheClearOnce(n -> {
        }).orElseThrow();
        assertTrue(report.resources() >= 1 && report.historyVersions() >= 1, report.toString());
        assertFalse(passports.find(new Document("_id", rid)).first().toJson().contains(name), "sealed now");
        assertFalse(history.find(new Document("_id", PassportStore.historyId(rid, "Patient", rid, 1))).first().toJson()
                .contains(name), "its history too");
        assertEquals(before, store.read(rid, "Patient", rid).orElseThrow().json(), "and it reads the same");
        assertEquals(before, store.readVersion(rid, "Patient", rid, 1).orElseThrow().json());
        assertEquals(ver, store.version(rid).orElseThrow().ver(), "without a new version");
        assertTrue(store.sealStoredInTheClearOnce(n -> {
        }).isEmpty(), "once: the pass is recorded");
    }

    /**
     * The envelope is written as bytes (a BSON binary, a third smaller than its text); an envelope written before as
     * the cipher's text token reads the same through every read (one resource, the whole passport, the snapshot the
     * read path prepares from, a history version), and the resource's next write stores it as bytes.
     */
    @Test
    void anEnvelopeIsWrittenAsBytesAndOneWrittenAsTextStillReads() {
        String rid = UUID.randomUUID().toString();
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"" + rid + "\",\"meta\":{\"versionId\":\"1\"},"
                + "\"name\":[{\"text\":\"Envelope Test\"}]}";
        store.createPassport(rid, "Patient", rid, (id, v, at) -> patient);
        var passports = mongo.database().getCollection(PassportStore.PASSPORTS);
        var history = mongo.database().getCollection(PassportStore.HISTORY);
        String field = "res." + PassportStore.key("Patient", rid) + ".r." + AtRest.FIELD;
        Object written = passports.find(new Document("_id", rid)).first().get("res", Document.class)
                .get(PassportStore.key("Patient", rid), Document.class).get("r", Document.class).get(AtRest.FIELD);
        org.bson.types.Binary bytes = assertInstanceOf(org.bson.types.Binary.class, written, "kept as bytes");
        String before = store.read(rid, "Patient", rid).orElseThrow().json();
        String snapshotBefore = store.snapshot(rid).orElseThrow().resources().get(0).tree().toString();

        // what an earlier version wrote: the same sealed bytes as the cipher's text token
        String token = org.wellbeingpassport.keys.ElementCipher.TOKEN_PREFIX
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.getData());
        passports.updateOne(new Document("_id", rid), new Document("$set", new Document(field, token)));
        history.updateOne(new Document("_id", PassportStore.historyId(rid, "Patient", rid, 1)),
                new Document("$set", new Document("r." + AtRest.FIELD, token)));
        assertEquals(token, passports.find(new Document("_id", rid)).first().get("res", Document.class)
                .get(PassportStore.key("Patient", rid), Document.class).get("r", Document.class).get(AtRest.FIELD));
        assertEquals(before, store.read(rid, "Patient", rid).orElseThrow().json());
        assertEquals(before, store.readPassport(rid).get(0).json());
        assertEquals(before, store.readVersion(rid, "Patient", rid, 1).orElseThrow().json());
        assertEquals(snapshotBefore, store.snapshot(rid).orElseThrow().resources().get(0).tree().toString());

        // an envelope of neither form is refused, never guessed at
        passports.updateOne(new Document("_id", rid), new Document("$set", new Document(field, 42)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> store.read(rid, "Patient", rid));
        passports.updateOne(new Document("_id", rid), new Document("$set", new Document(field, token)));

        assertInstanceOf(WriteOutcome.Written.class, store.update(rid, "Patient", rid, OptionalLong.empty(), false,
                (id, v, at) -> patient.replace("\"versionId\":\"1\"", "\"versionId\":\"" + v + "\"")));
        assertInstanceOf(org.bson.types.Binary.class,
                passports.find(new Document("_id", rid)).first().get("res", Document.class)
                        .get(PassportStore.key("Patient", rid), Document.class).get("r", Document.class)
                        .get(AtRest.FIELD),
                "the next write keeps it as bytes");
    }

    @Test
    void createTwiceAtOneIdConflicts() {
        String rid = UUID.randomUUID().toString();
        assertInstanceOf(WriteOutcome.Written.class,
                store.createPassport(rid, "Patient", rid, (id, v, at) -> json(id, v)));
        assertInstanceOf(WriteOutcome.VersionConflict.class,
                store.createPassport(rid, "Patient", rid, (id, v, at) -> json(id, v)));
    }

    @Test
    void theHeadIsNeverBehindThePassport() {
        String rid = UUID.randomUUID().toString();
        store.createPassport(rid, "Patient", rid, (id, v, at) -> json(id, v));
        for (int i = 0; i < 3; i++) {
            store.update(rid, "Goal", "g" + i, OptionalLong.empty(), true, (id, v, at) -> "{}");
            assertEquals(store.snapshot(rid).orElseThrow().at(), store.version(rid).orElseThrow(),
                    "head and passport agree once a write is done");
        }
    }

    @Test
    void aHeadLeftAheadByAWriterThatDiedIsCaughtUpWithByTheNextWrite() {
        String rid = UUID.randomUUID().toString();
        store.createPassport(rid, "Patient", rid, (id, v, at) -> json(id, v));
        long passportVer = store.snapshot(rid).orElseThrow().version();
        // a writer raised the head and died before its compare-and-set
        heads().updateOne(new Document("_id", rid), new Document("$set", new Document("ver", passportVer + 5)));
        assertEquals(passportVer + 5, store.version(rid).orElseThrow().ver(),
                "no copy at the passport's version matches the head: readers read the passport again");
        store.update(rid, "Goal", "g1", OptionalLong.empty(), true, (id, v, at) -> "{}");
        assertEquals(passportVer + 6, store.snapshot(rid).orElseThrow().version());
        assertEquals(store.snapshot(rid).orElseThrow().at(), store.version(rid).orElseThrow());
    }

    @Test
    void aWriteRaisesTheHeadByOneAndAWriteToAPassportWithoutAHeadGivesItOne() {
        String rid = UUID.randomUUID().toString();
        store.createPassport(rid, "Patient", rid, (id, v, at) -> json(id, v));
        for (int i = 0; i < 3; i++) { // the usual case: one update of the head, by one
            long before = store.snapshot(rid).orElseThrow().version();
            store.update(rid, "Goal", "g1", OptionalLong.empty(), true, (id, v, at) -> "{}");
            assertEquals(before + 1, store.snapshot(rid).orElseThrow().version());
            assertEquals(store.snapshot(rid).orElseThrow().at(), store.version(rid).orElseThrow());
        }
        // a passport stored before heads: the write gives it a head with the passport's start, not a bare counter
        heads().deleteOne(new Document("_id", rid));
        store.update(rid, "Goal", "g1", OptionalLong.empty(), true, (id, v, at) -> "{}");
        assertEquals(store.snapshot(rid).orElseThrow().at(), store.version(rid).orElseThrow());
        assertTrue(heads().find(new Document("_id", rid)).first().get("created") != null);
    }

    @Test
    void aPassportStoredBeforeHeadsExistedGetsItsHeadOnFirstRead() {
        String rid = UUID.randomUUID().toString();
        store.createPassport(rid, "Patient", rid, (id, v, at) -> json(id, v));
        store.update(rid, "Goal", "g1", OptionalLong.empty(), true, (id, v, at) -> "{}");
        heads().deleteOne(new Document("_id", rid));
        PassportStore.Version v = store.version(rid).orElseThrow();
        assertEquals(store.snapshot(rid).orElseThrow().at(), v);
        assertEquals(v.ver(), heads().find(new Document("_id", rid)).first().getLong("ver"));
        assertTrue(store.version("nobody-" + rid).isEmpty());
        assertEquals(0, heads().countDocuments(new Document("_id", "nobody-" + rid)), "no head for no passport");
    }

    @Test
    void theCompareAndSetFilterIsExactlyTheUniqueKey() {
        // the embedded stand-in uses an index only for a filter that is exactly a unique key (no $and)
        assertEquals(List.of("rid", "ver"), List.copyOf(PassportStore.casFilter("r", 3).keySet()));
    }

    private com.mongodb.client.MongoCollection<Document> heads() {
        return mongo.database().getCollection(PassportStore.HEADS);
    }

    @Test
    void updateOfAnUnknownPassportIsNotFound() {
        assertInstanceOf(WriteOutcome.NotFound.class,
                store.update("nobody", "Patient", "nobody", OptionalLong.empty(), true, (id, v, at) -> "{}"));
    }
}
