package org.wellbeingpassport.api.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir
    Path dir;
    AuditFixture fx;

    @BeforeEach
    void start() {
        fx = new AuditFixture(dir);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void recordsChainsAndVerifies() {
        AuditLog log = fx.log(8);
        AuditReceipt first = log.record(AuditFixture.read("r1", 1));
        AuditReceipt second = log.record(AuditFixture.read("r2", 2));
        assertEquals(1, first.blockSeq());
        assertEquals(2, second.blockSeq());
        assertEquals(0, second.index());
        List<CompletableFuture<AuditReceipt>> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(log.submit(AuditFixture.read("r" + i, i)));
        }
        Set<String> places = new HashSet<>();
        for (CompletableFuture<AuditReceipt> f : many) {
            AuditReceipt r = f.join();
            assertTrue(places.add(r.blockSeq() + "/" + r.index()), "two entries in one place");
            assertTrue(r.index() < 8);
        }
        VerificationReport report = fx.verifier().verify("main");
        assertTrue(report.valid(), report.summary());
        assertEquals(102, report.entries());
        assertTrue(report.checkpoints() >= 1, "checkpoints every 4 blocks: " + report.checkpoints());
    }

    @Test
    void storesPathsAndRoundTripsTheEntry() {
        AuditLog log = fx.log(8);
        AuditEntry entry = AuditFixture.read("r7", 7);
        AuditReceipt r = log.record(entry);
        MongoCollection<Document> blocks = fx.database().getCollection(AuditLog.BLOCKS);
        Document block = blocks.find(new Document("_id", AuditCodec.blockId("main", r.blockSeq()))).first();
        Document stored = AuditCodec.entries(block).get(r.index());
        assertEquals(r.entryId(), stored.getString("i"));
        assertEquals(entry, AuditCodec.fromDocument(stored));
    }

    @Test
    void aSecondWriterOnAnExistingChainContinuesIt() {
        AuditLog a = fx.log(8);
        a.record(AuditFixture.read("r1", 1));
        a.record(AuditFixture.read("r1", 2));
        a.close();
        AuditLog b = fx.log(8);
        AuditReceipt r = b.record(AuditFixture.read("r1", 3));
        assertEquals(3, r.blockSeq());
        VerificationReport report = fx.verifier().verify("main");
        assertTrue(report.valid(), report.summary());
        assertEquals(3, report.entries());
    }
}
