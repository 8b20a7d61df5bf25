package org.wellbeingpassport.api.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipients' records the audit writer keeps (docs/adr/0008, "Amended 2026-12-03 (helper recipients)") give what
 * the old search of the trail gave ({@link TrailOracle}), for a generated mix of entries written through the real
 * group commit on the embedded store; blocks committed without their records' update (a writer that stopped between
 * the two) are applied at the next start; a failed update fails its batch and is repaired by the next append; an
 * erased resident's record is gone and a replay does not bring it back.
 */
class RecipientRecordsTest {
    static final List<AuditAction> ACTIONS = List.of(AuditAction.READ, AuditAction.READ, AuditAction.READ,
            AuditAction.EXPORT, AuditAction.SEARCH, AuditAction.SHARE_CODE_USE, AuditAction.UPDATE,
            AuditAction.CONSENT_CHANGE, AuditAction.NOTICE, AuditAction.EXPLANATION);
    static final List<AuditAgent> AGENTS = List.of(AuditFixture.SAM,
            // the same professional, later at another organisation: the newest agent is the one kept
            AuditAgent.professional("prac-sam", "Sam Patel", "social-worker", "org-council", "City Council",
                    "local-authority"),
            AuditAgent.professional("prac-ada", "Ada Obi", "gp", "org-riverside", "Riverside Practice", "gp-practice"),
            AuditAgent.of("carer", "https://id.example.org/realms/x|sub.with.dots$1", "Grace Eze"),
            AuditAgent.system("sys-crisis.team", "Crisis team system"), AuditAgent.of("resident", "res-0", "Res Zero"),
            AuditAgent.of("auditor", "aud-1", "An Auditor"));
    static final List<String> SECTIONS = List.of("Composition.section[goals]", "Composition.section[communication]",
            "Composition.section[health-and-wellbeing].section[trauma-detail]", "Observation.value");
    static final Instant BASE = Instant.parse("2026-11-01T09:00:00Z");

    @TempDir
    Path keyDir;
    AuditFixture fixture;

    @BeforeEach
    void start() {
        fixture = new AuditFixture(keyDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** A random entry about one of {@code residents}; times repeat on purpose (ties are ordered by the chain). */
    static AuditEntry entry(Random rnd, int residents) {
        String r = "res-" + rnd.nextInt(residents);
        AuditAgent agent = AGENTS.get(rnd.nextInt(AGENTS.size()));
        AuditOutcome outcome = rnd.nextInt(5) == 0 ? AuditOutcome.DENIED : AuditOutcome.SUCCESS;
        List<String> resources = new ArrayList<>();
        for (String ref : List.of("Patient/" + r, "Composition/story-" + r, "Observation/o1-" + r,
                "Observation/o2-" + r)) {
            if (rnd.nextInt(3) == 0) {
                resources.add(ref);
            }
        }
        List<String> disclosed = new ArrayList<>();
        for (String s : SECTIONS) {
            if (rnd.nextInt(3) == 0) {
                disclosed.add(s);
            }
        }
        AuditEntry.Builder b = AuditEntry.builder(ACTIONS.get(rnd.nextInt(ACTIONS.size())), outcome, agent)
                .at(BASE.plusMillis(rnd.nextInt(40) * 1000L)).resident(r).resources(resources).disclosed(disclosed);
        if (rnd.nextInt(4) != 0) {
            b.purpose(List.of("direct-care", "support-planning", "care-coordination").get(rnd.nextInt(3)));
        }
        return b.build();
    }

    /** Writes {@code n} entries in bursts, so that blocks hold one to many entries. */
    static void write(AuditLog log, Random rnd, int n, int residents) {
        List<CompletableFuture<AuditReceipt>> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pending.add(log.submit(entry(rnd, residents)));
            if (rnd.nextInt(8) == 0) {
                pending.forEach(CompletableFuture::join);
                pending.clear();
            }
        }
        pending.forEach(CompletableFuture::join);
    }

    private void assertSameAsTrail(RecipientRecords records, AuditQueries queries, int residents) {
        int compared = 0;
        for (int i = 0; i < residents; i++) {
            String r = "res-" + i;
            RecipientRecords.Record rec = records.of(r);
            assertEquals(TrailOracle.recipients(queries, r), rec.recipients(), "recipients of " + r);
            assertEquals(TrailOracle.firstReceived(queries, r), rec.firstReceived(), "first receptions of " + r);
            compared += rec.recipients().size();
        }
        assertTrue(compared > residents, "the mix disclosed something to several recipients: " + compared);
    }

    @Test
    void aGeneratedMixGivesWhatTheTrailGives() {
        long seed = Long.getLong("recipients.seed", System.nanoTime());
        System.out.println("RecipientRecordsTest seed " + seed);
        Random rnd = new Random(seed);
        RecipientRecords records = new RecipientRecords(fixture.database());
        AuditLog log = fixture.log(16, records);
        write(log, rnd, 1500, 7);
        AuditQueries queries = new AuditQueries(fixture.database(), log.chain());
        assertSameAsTrail(records, queries, 7);
        // the agent kept is the newest one: Sam's organisation is whichever entry came last
        assertTrue(
                records.of("res-1").recipients().containsKey("carer|https://id.example.org/realms/x|sub.with.dots$1"),
                "a key with dots, bars and a dollar is kept as it is");
    }

    /**
     * The service's setting: each recipient's newest reception waits in memory before it is written. Nothing is
     * written within the hour here, yet the record gives what the trail gives from the moment each block is stored;
     * once the log closes, the store alone gives it.
     */
    @Test
    void newestReceptionsWaitingToBeWrittenAreInTheRecordFromTheStart() {
        long seed = Long.getLong("recipients.seed", System.nanoTime());
        System.out.println("RecipientRecordsTest waiting seed " + seed);
        RecipientRecords records = new RecipientRecords(fixture.database(), java.time.Duration.ofHours(1));
        AuditLog log = fixture.log(16, records);
        write(log, new Random(seed), 1500, 7);
        AuditQueries queries = new AuditQueries(fixture.database(), log.chain());
        assertEquals(0, fixture.database().getCollection(RecipientRecords.NEWEST).countDocuments(),
                "nothing written yet");
        assertSameAsTrail(records, queries, 7);
        log.close();
        assertTrue(fixture.database().getCollection(RecipientRecords.NEWEST).countDocuments() >= 6, "written at close");
        assertSameAsTrail(new RecipientRecords(fixture.database()), queries, 7);
        assertEquals(blocks(), records.covered(log.chain()), "the mark covers every block, once written");
    }

    /**
     * A crash loses what waited to be written: the progress mark never passed it, so the next start applies those
     * blocks again and the record is whole.
     */
    @Test
    void newestReceptionsLostInACrashAreAppliedAgainAtTheNextStart() {
        RecipientRecords records = new RecipientRecords(fixture.database(), java.time.Duration.ofHours(1));
        AuditLog first = fixture.log(8, records);
        write(first, new Random(21), 400, 5);
        long end = blocks();
        AuditQueries queries = new AuditQueries(fixture.database(), first.chain());
        assertSameAsTrail(records, queries, 5);
        // what the store holds, as a start after a crash would find it: newest receptions missing, the mark behind
        RecipientRecords onDisk = new RecipientRecords(fixture.database());
        // receptions have waited since the first block holding one: the mark (raised every 4 blocks here) stays below it
        long firstWaiting = firstBlockWithAReception(first.chain());
        assertTrue(firstWaiting < end - 8, "receptions waited over many blocks: from block " + firstWaiting);
        assertTrue(onDisk.covered(first.chain()) < firstWaiting,
                "the mark did not pass blocks whose receptions wait: " + onDisk.covered(first.chain()));
        boolean behind = false;
        for (int i = 0; i < 5; i++) {
            behind |= !TrailOracle.recipients(queries, "res-" + i).equals(onDisk.of("res-" + i).recipients());
        }
        assertTrue(behind, "the store alone misses the receptions that waited");
        fixture.log(8, new RecipientRecords(fixture.database(), java.time.Duration.ofHours(1)));
        assertTrue(onDisk.covered(first.chain()) >= end, "the next start applied the chain up to its end");
        assertSameAsTrail(onDisk, queries, 5);
    }

    /**
     * A write of what waits that fails keeps it waiting, in the record, and under the progress mark; the operators'
     * meters show how many wait, for how long, and the failure; the next write takes them all and the meters fall to 0.
     */
    @Test
    void aFailedWriteKeepsTheReceptionsWaitingAndTheMetersSayIt() throws InterruptedException {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Metrics.addRegistry(meters);
        try {
            RecipientRecords records = new RecipientRecords(fixture.database(), java.time.Duration.ofHours(1));
            AuditLog log = fixture.log(8, records);
            write(log, new Random(5), 300, 4);
            AuditQueries queries = new AuditQueries(fixture.database(), log.chain());
            int waiting = records.waitingReceptions();
            assertTrue(waiting >= 4, "receptions of several residents and recipients wait: " + waiting);
            assertEquals(waiting, meters.get("passport.audit.recipients.waiting").gauge().value());
            double failures = meters.get("passport.audit.recipients.flush.failures").counter().count();
            Thread.sleep(20);
            records.failNextFlush();
            assertThrows(AuditUnavailableException.class, records::flush);
            assertEquals(waiting, records.waitingReceptions(), "what the failed write took waits again");
            assertEquals(failures + 1, meters.get("passport.audit.recipients.flush.failures").counter().count());
            assertTrue(meters.get("passport.audit.recipients.waiting.oldest").gauge().value() >= 0.02,
                    "the oldest waited since before the failed write");
            assertEquals(0, fixture.database().getCollection(RecipientRecords.NEWEST).countDocuments(), "none written");
            assertTrue(records.covered(log.chain()) < blocks(), "the mark did not pass what waits");
            assertSameAsTrail(records, queries, 4);
            log.close(); // writes what waits, then the mark of the last block
            assertEquals(0, meters.get("passport.audit.recipients.waiting").gauge().value());
            assertEquals(0, meters.get("passport.audit.recipients.waiting.oldest").gauge().value());
            assertSameAsTrail(new RecipientRecords(fixture.database()), queries, 4);
            assertEquals(blocks(), records.covered(log.chain()), "the mark covers every block once they are written");
        } finally {
            Metrics.removeRegistry(meters);
        }
    }

    /** An erasure takes a resident's waiting receptions with it: nothing written afterwards brings them back. */
    @Test
    void anErasureTakesTheReceptionsWaitingWithIt() {
        RecipientRecords records = new RecipientRecords(fixture.database(), java.time.Duration.ofHours(1));
        AuditLog log = fixture.log(8, records);
        write(log, new Random(3), 200, 3);
        assertFalse(records.of("res-1").recipients().isEmpty());
        records.erase("res-1");
        assertEquals(RecipientRecords.Record.EMPTY, records.of("res-1"));
        log.close();
        assertEquals(null, newest(fixture, "res-1"), "not written after the erasure");
        assertEquals(RecipientRecords.Record.EMPTY, new RecipientRecords(fixture.database()).of("res-1"));
        assertTrue(newest(fixture, "res-2") != null, "the others' are written");
    }

    @Test
    void blocksCommittedWithoutTheirRecordsAreAppliedAtTheNextStart() {
        Random rnd = new Random(42);
        RecipientRecords records = new RecipientRecords(fixture.database());
        AuditLog first = fixture.log(8, records);
        write(first, rnd, 300, 5);
        first.close();
        AuditQueries queries = new AuditQueries(fixture.database(), first.chain());
        assertSameAsTrail(records, queries, 5);
        // a writer that commits blocks and stops before their records' update (a crash between the two: the
        // records and the progress mark are as that writer left them)
        AuditLog crashed = fixture.log(8);
        write(crashed, new Random(7), 300, 5);
        long before = records.covered(first.chain());
        boolean behind = false;
        for (int i = 0; i < 5; i++) {
            behind |= !TrailOracle.recipients(queries, "res-" + i).equals(records.of("res-" + i).recipients())
                    || !TrailOracle.firstReceived(queries, "res-" + i).equals(records.of("res-" + i).firstReceived());
        }
        assertTrue(behind, "the records miss what the stopped writer committed");
        // the next start applies every block after the mark, then appends as usual
        AuditLog restarted = fixture.log(8, new RecipientRecords(fixture.database()));
        assertTrue(records.covered(first.chain()) > before, "the mark moved to the end of the chain");
        assertSameAsTrail(records, queries, 5);
        write(restarted, new Random(9), 100, 5);
        assertSameAsTrail(records, queries, 5);
    }

    @Test
    void aFailedUpdateFailsItsBatchAndTheNextAppendAppliesTheBlock() {
        RecipientRecords records = new RecipientRecords(fixture.database());
        AuditLog log = fixture.log(8, records);
        AuditAgent ada = AGENTS.get(2);
        AuditEntry read = AuditEntry.builder(AuditAction.READ, AuditOutcome.SUCCESS, ada).at(BASE).resident("res-9")
                .resources(List.of("Patient/res-9")).purpose("direct-care").build();
        records.failNext();
        assertThrows(AuditUnavailableException.class, () -> log.record(read), "the access is refused");
        assertEquals(Map.of(), records.of("res-9").recipients(), "not applied yet");
        log.record(AuditEntry
                .builder(AuditAction.UPDATE, AuditOutcome.SUCCESS, AuditAgent.of("resident", "res-9", "Res Nine"))
                .at(BASE.plusSeconds(1)).resident("res-9").build());
        assertEquals(
                Map.of("professional|prac-ada", new RecipientRecords.Recipient(ada, BASE, Optional.of("direct-care"))),
                records.of("res-9").recipients(), "the block committed before the failure is applied first");
        AuditQueries queries = new AuditQueries(fixture.database(), log.chain());
        assertEquals(TrailOracle.recipients(queries, "res-9"), records.of("res-9").recipients());
    }

    @Test
    void anErasedResidentsRecordIsGoneAndAReplayDoesNotBringItBack() {
        RecipientRecords records = new RecipientRecords(fixture.database());
        AuditLog log = fixture.log(8, records);
        write(log, new Random(3), 200, 3);
        log.close();
        assertFalse(records.of("res-1").recipients().isEmpty());
        records.erase("res-1");
        assertEquals(RecipientRecords.Record.EMPTY, records.of("res-1"));
        var raw = fixture.database().getCollection(RecipientRecords.COLLECTION)
                .find(com.mongodb.client.model.Filters.eq("_id", "res-1")).first();
        assertEquals(java.util.Set.of("_id", "erased"), raw.keySet(), "only the id and when");
        // a start that replays the whole trail (the mark lost) leaves the tombstone alone
        fixture.database().getCollection(RecipientRecords.PROGRESS).deleteMany(new org.bson.Document());
        fixture.log(8, new RecipientRecords(fixture.database()));
        raw = fixture.database().getCollection(RecipientRecords.COLLECTION)
                .find(com.mongodb.client.model.Filters.eq("_id", "res-1")).first();
        assertEquals(java.util.Set.of("_id", "erased"), raw.keySet(), raw.toJson());
        assertEquals(null, newest(fixture, "res-1"), "no newest reception came back either");
        assertEquals(RecipientRecords.Record.EMPTY, records.of("res-1"));
        assertNotEquals(RecipientRecords.Record.EMPTY, records.of("res-2"), "the others' are rebuilt as they were");
        assertTrue(newest(fixture, "res-2") != null, "and their newest receptions, in their own document");
    }

    @Test
    void theOrderIsWhatTheFormatGave() {
        Random rnd = new Random(5);
        for (int k = 0; k < 2000; k++) {
            long millis = k < 3 ? new long[]{0, 1, 9_999_999_999_999L}[k] : BASE.toEpochMilli() + rnd.nextInt(1 << 30);
            long seq = k < 3 ? new long[]{0, 999_999_999_999L, 1}[k] : rnd.nextInt(Integer.MAX_VALUE);
            int index = k < 3 ? new int[]{0, 999_999, 7}[k] : rnd.nextInt(100_000);
            assertEquals(String.format("%013d%012d%06d", millis, seq, index),
                    RecipientRecords.order(millis, seq, index));
        }
    }

    /** The first block of the chain holding a reception (a disclosing entry that lists something that left). */
    private long firstBlockWithAReception(String chain) {
        var stored = fixture.database().getCollection(AuditLog.BLOCKS);
        for (long s = 1;; s++) {
            org.bson.Document b = stored.find(com.mongodb.client.model.Filters.eq("_id", AuditCodec.blockId(chain, s)))
                    .first();
            assertTrue(b != null, "a block holding a reception");
            for (org.bson.Document e : AuditCodec.entries(b)) {
                AuditEntry entry = AuditCodec.fromDocument(e);
                if (RecipientRecords.discloses(entry) && !RecipientRecords.elements(entry).isEmpty()) {
                    return s;
                }
            }
        }
    }

    /** The end of the chain: blocks are numbered from 1 without gaps, one chain per test. */
    private long blocks() {
        return fixture.database().getCollection(AuditLog.BLOCKS).countDocuments();
    }

    static org.bson.Document newest(AuditFixture fixture, String resident) {
        return fixture.database().getCollection(RecipientRecords.NEWEST)
                .find(com.mongodb.client.model.Filters.eq("_id", resident)).first();
    }

    /**
     * A repeat read updates only the small document of newest receptions: the record (first receptions, growing with
     * the passport) is left alone once every element has been received.
     */
    @Test
    void aRepeatReceptionUpdatesOnlyTheNewestDocument() {
        RecipientRecords records = new RecipientRecords(fixture.database());
        AuditLog log = fixture.log(8, records);
        AuditAgent ada = AGENTS.get(2);
        List<String> resources = List.of("Patient/res-5", "Observation/o1-res-5");
        log.record(AuditEntry.builder(AuditAction.READ, AuditOutcome.SUCCESS, ada).at(BASE).resident("res-5")
                .resources(resources).purpose("direct-care").build());
        var raw = fixture.database().getCollection(RecipientRecords.COLLECTION);
        org.bson.Document before = raw.find(com.mongodb.client.model.Filters.eq("_id", "res-5")).first();
        assertEquals(java.util.Set.of("_id", "e"), before.keySet(), before.toJson());
        log.record(AuditEntry.builder(AuditAction.READ, AuditOutcome.SUCCESS, ada).at(BASE.plusSeconds(5))
                .resident("res-5").resources(resources).purpose("support-planning").build());
        assertEquals(before, raw.find(com.mongodb.client.model.Filters.eq("_id", "res-5")).first(),
                "the record is unchanged");
        assertEquals(
                Map.of("professional|prac-ada",
                        new RecipientRecords.Recipient(ada, BASE.plusSeconds(5), Optional.of("support-planning"))),
                records.of("res-5").recipients());
        assertEquals(java.util.Set.of("_id", "p"), newest(fixture, "res-5").keySet());
        AuditQueries queries = new AuditQueries(fixture.database(), log.chain());
        assertEquals(TrailOracle.firstReceived(queries, "res-5"), records.of("res-5").firstReceived());
    }

    /**
     * A store written before the split kept each recipient's newest reception in the record itself ({@code p} beside
     * {@code e}); it is read from both, newest first, so the records still give what the trail gives, before and
     * after more is written, and an erasure removes both.
     */
    @Test
    void aStoreWrittenBeforeTheSplitReadsAsTheTrail() {
        RecipientRecords records = new RecipientRecords(fixture.database());
        AuditLog first = fixture.log(8, records);
        write(first, new Random(11), 300, 5);
        first.close();
        // the old layout: p moved into the record, no newest documents
        var raw = fixture.database().getCollection(RecipientRecords.COLLECTION);
        var newest = fixture.database().getCollection(RecipientRecords.NEWEST);
        int moved = 0;
        for (org.bson.Document n : newest.find()) {
            raw.updateOne(com.mongodb.client.model.Filters.eq("_id", n.get("_id")),
                    com.mongodb.client.model.Updates.set("p", n.get("p")));
            moved++;
        }
        newest.deleteMany(new org.bson.Document());
        assertTrue(moved >= 4, "old-layout records: " + moved);
        AuditQueries queries = new AuditQueries(fixture.database(), first.chain());
        RecipientRecords reopened = new RecipientRecords(fixture.database());
        assertSameAsTrail(reopened, queries, 5);
        // a start (nothing to replay) and more receptions: newest receptions now go to their own documents
        AuditLog restarted = fixture.log(8, reopened);
        write(restarted, new Random(12), 300, 5);
        int both = 0;
        for (int i = 0; i < 5; i++) {
            org.bson.Document d = raw.find(com.mongodb.client.model.Filters.eq("_id", "res-" + i)).first();
            both += d != null && d.containsKey("p") && newest(fixture, "res-" + i) != null ? 1 : 0;
        }
        assertTrue(both >= 4, "residents read from both layouts: " + both);
        assertSameAsTrail(reopened, queries, 5);
        reopened.erase("res-3");
        assertEquals(RecipientRecords.Record.EMPTY, reopened.of("res-3"));
        assertEquals(java.util.Set.of("_id", "erased"),
                raw.find(com.mongodb.client.model.Filters.eq("_id", "res-3")).first().keySet());
        assertEquals(null, newest(fixture, "res-3"));
    }
}
