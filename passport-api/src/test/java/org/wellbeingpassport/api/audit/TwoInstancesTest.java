package org.wellbeingpassport.api.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server instances (two writers, two MongoDB clients, one key hierarchy) share one store; 16 threads write at
 * once. Every acknowledged entry is in the one chain, exactly once, and the chain verifies.
 */
class TwoInstancesTest {
    static final int THREADS = 16;
    static final int PER_THREAD = 150;
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
    void sixteenWritersOnTwoInstancesMakeOneValidChain() throws Exception {
        AuditLog one = fx.log(64);
        AuditLog two = fx.log(64);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        Set<String> places = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            AuditLog log = t % 2 == 0 ? one : two;
            int thread = t;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < PER_THREAD; i++) {
                    AuditReceipt r = log.record(AuditFixture.read("res-" + thread, i));
                    assertTrue(ids.add(r.entryId()), "entry id reused");
                    assertTrue(places.add(r.blockSeq() + "/" + r.index()), "two entries acknowledged in one place");
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        one.close();
        two.close();
        VerificationReport report = fx.verifier().verify("main");
        assertTrue(report.valid(), report.summary());
        assertEquals((long) THREADS * PER_THREAD, report.entries());
        assertEquals(THREADS * PER_THREAD, ids.size());
        // every acknowledged entry is stored where its receipt says
        AuditQueries q = new AuditQueries(fx.database(), "main");
        assertEquals(THREADS * PER_THREAD, q.count(AuditQuery.all()));
    }
}
