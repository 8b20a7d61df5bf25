package org.wellbeingpassport.api.audit;

import static com.mongodb.client.model.Filters.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up recovery of the audit trail (issue 16): the state a store that acknowledged before writing to disk left
 * after a crash (head pointer and checkpoints ahead of the stored blocks) is repaired and the repair recorded; a
 * chain broken any other way stops the start, naming the fault, and nothing is changed.
 */
class AuditRecoveryTest {
    @TempDir
    Path dir;
    AuditFixture fx;
    MongoDatabase db;

    @BeforeEach
    void fill() {
        fx = new AuditFixture(dir);
        AuditLog log = fx.log(8);
        List<CompletableFuture<AuditReceipt>> fs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fs.add(log.submit(AuditFixture.read("res-" + (i % 7), i)));
        }
        fs.forEach(CompletableFuture::join);
        log.close(); // head pointer and a final checkpoint at the last block
        db = fx.database();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private long blocks() {
        return db.getCollection(AuditLog.BLOCKS).countDocuments();
    }

    private void deleteNewestBlocks(int n) {
        long last = blocks();
        for (long s = last; s > last - n; s--) {
            db.getCollection(AuditLog.BLOCKS).deleteOne(eq("_id", AuditCodec.blockId("main", s)));
        }
    }

    @Test
    void aConsistentChainIsLeftAlone() {
        assertEquals(Optional.empty(), new AuditRecovery(db, fx.verifier()).recover("main"));
        assertEquals(0, db.getCollection(AuditRecovery.REPAIRS).countDocuments());
    }

    @Test
    void aHeadPointerAheadOfTheStoredBlocksIsRolledBackAndTheRepairIsAudited() {
        long before = blocks();
        deleteNewestBlocks(2); // what a crash of a store that acknowledged before it was on disk left
        assertFalse(fx.verifier().verify("main").valid());
        AuditLog stuck = fx.log(8);
        assertThrows(AuditUnavailableException.class, () -> stuck.record(AuditFixture.read("res-1", 1)),
                "before the repair, every audited request is refused");
        assertTrue(stuck.unavailable().isPresent(), "and /health would say why");
        stuck.close();

        AuditRecovery.Repair repair = new AuditRecovery(db, fx.verifier()).recover("main").orElseThrow();
        assertEquals(before, repair.expected());
        assertEquals(before - 2, repair.lastVerified());
        assertEquals(1, db.getCollection(AuditRecovery.REPAIRS).countDocuments(), "the evidence is kept");
        AuditLog log = fx.log(8);
        log.record(AuditRecovery.entryFor(repair));
        AuditReceipt next = log.record(AuditFixture.read("res-1", 2));
        VerificationReport report = fx.verifier().verify("main");
        assertTrue(report.valid(), report.summary());
        assertEquals(before, report.blocks(), "the repair entry and the next one follow the last stored block");
        assertEquals(before, next.blockSeq());
        List<StoredEntry> repairs = new AuditQueries(db, "main").search(new AuditQuery(Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(AuditAction.AUDIT_REPAIR), 10));
        assertEquals(1, repairs.size(), "the repair is itself in the chain");
        assertTrue(repairs.get(0).entry().detail().orElseThrow().contains("rolled back to block " + (before - 2)));
        log.close();
    }

    @Test
    void aGapWithBlocksAfterItIsNotRepairedAndNamed() {
        long last = blocks();
        db.getCollection(AuditLog.BLOCKS).deleteOne(eq("_id", AuditCodec.blockId("main", last - 3)));
        db.getCollection(AuditLog.HEADS).updateOne(eq("_id", "main"), Updates.set("s", last + 2));
        AuditRecovery.Unrecoverable e = assertThrows(AuditRecovery.Unrecoverable.class,
                () -> new AuditRecovery(db, fx.verifier()).recover("main"));
        assertTrue(e.getMessage().contains("block " + (last - 3)), e.getMessage());
        assertEquals(0, db.getCollection(AuditRecovery.REPAIRS).countDocuments(), "nothing was changed");
        assertEquals(last + 2,
                ((Number) db.getCollection(AuditLog.HEADS).find(eq("_id", "main")).first().get("s")).longValue());
    }

    @Test
    void anAlteredBlockIsNotRepairedAway() {
        long last = blocks();
        deleteNewestBlocks(1);
        Document b = db.getCollection(AuditLog.BLOCKS).find(eq("_id", AuditCodec.blockId("main", 2))).first();
        db.getCollection(AuditLog.BLOCKS).updateOne(eq("_id", b.get("_id")), Updates.set("t", 999));
        AuditRecovery.Unrecoverable e = assertThrows(AuditRecovery.Unrecoverable.class,
                () -> new AuditRecovery(db, fx.verifier()).recover("main"));
        assertTrue(e.getMessage().contains("block 2"), e.getMessage());
        assertEquals(last,
                ((Number) db.getCollection(AuditLog.HEADS).find(eq("_id", "main")).first().get("s")).longValue(),
                "nothing was changed");
    }
}
