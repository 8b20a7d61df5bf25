package org.wellbeingpassport.api.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit while busy ({@link AuditConfig#getBusyBlockSpacing()}): entries that arrive while the writer is busy
 * share blocks, a lone entry is never held back, and the chain is the same valid chain either way.
 */
class AuditGroupingTest {
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

    private AuditLog log(Duration spacing) {
        AuditConfig config = new AuditConfig();
        config.setMaxBlockEntries(512);
        config.setWriteTimeout(Duration.ofSeconds(30)); // longer than the spacing below, on a busy build machine
        config.setBusyBlockSpacing(spacing);
        return fx.log(config);
    }

    @Test
    void aLoneEntryGoesAtOnce() {
        // a spacing far longer than a store's round trip: were lone entries held back, these three would take 10 s
        AuditLog log = log(Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        AuditReceipt a = log.record(AuditFixture.read("r1", 1));
        AuditReceipt b = log.record(AuditFixture.read("r2", 2));
        AuditReceipt c = log.record(AuditFixture.read("r3", 3));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 5_000, "three lone entries took " + millis + " ms");
        assertEquals(List.of(1L, 2L, 3L), List.of(a.blockSeq(), b.blockSeq(), c.blockSeq()), "one block each");
        assertTrue(fx.verifier().verify("main").valid());
    }

    @Test
    void entriesArrivingWhileBusyShareBlocks() throws InterruptedException {
        AuditLog log = log(Duration.ofSeconds(1));
        // a burst: the writer is busy, so its blocks hold several entries
        List<CompletableFuture<AuditReceipt>> burst = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            burst.add(log.submit(AuditFixture.read("r" + i, i)));
        }
        burst.forEach(CompletableFuture::join);
        // then a steady trickle, one entry every 10 ms, each submitted before the previous is stored
        List<CompletableFuture<AuditReceipt>> trickle = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            trickle.add(log.submit(AuditFixture.read("t" + i, i)));
            Thread.sleep(10);
        }
        Set<Long> blocks = new HashSet<>();
        Set<String> places = new HashSet<>();
        for (CompletableFuture<AuditReceipt> f : trickle) {
            AuditReceipt r = f.join();
            blocks.add(r.blockSeq());
            assertTrue(places.add(r.blockSeq() + "/" + r.index()), "two entries in one place");
        }
        // without the spacing each would have had a block of its own (the writer takes one in well under 10 ms)
        assertTrue(blocks.size() <= 5, "20 entries over some 200 ms in " + blocks.size() + " blocks");
        VerificationReport report = fx.verifier().verify("main");
        assertTrue(report.valid(), report.summary());
        assertEquals(120, report.entries());
    }

    @Test
    void theHeadPointerIsRaisedAtMostOncePerIntervalAndCatchesUp() throws InterruptedException {
        AuditConfig config = new AuditConfig();
        config.setWriteTimeout(Duration.ofSeconds(30));
        config.setHeadPublishInterval(Duration.ofSeconds(3));
        AuditLog log = fx.log(config);
        long first = log.record(AuditFixture.read("h0", 0)).blockSeq();
        awaitHead(first, 10_000); // the first block's raise goes at once
        long last = first;
        for (int i = 1; i <= 10; i++) {
            last = log.record(AuditFixture.read("h" + i, i)).blockSeq();
        }
        assertTrue(head() < last, "raised again within the interval: head " + head() + ", last block " + last);
        awaitHead(last, 15_000); // one raise after the interval covers all ten blocks
        assertTrue(fx.verifier().verify("main").valid());
    }

    private long head() {
        org.bson.Document d = fx.database().getCollection(AuditLog.HEADS).find(new org.bson.Document("_id", "main"))
                .first();
        return d == null ? 0 : ((Number) d.get("s")).longValue();
    }

    private void awaitHead(long seq, long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (head() < seq && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertEquals(seq, head(), "head pointer");
    }
}
