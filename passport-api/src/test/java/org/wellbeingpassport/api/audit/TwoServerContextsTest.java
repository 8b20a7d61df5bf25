package org.wellbeingpassport.api.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micronaut.context.ApplicationContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two application contexts (two server instances, each with its own MongoDB client, writer thread and beans) on one
 * store and one keystore; 16 threads record through the AuditTrail beans at once; the one chain verifies.
 */
class TwoServerContextsTest {
    @TempDir
    Path keys;

    @Test
    void twoInstancesSixteenWritersOneValidChain() throws Exception {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        InetSocketAddress a = mongo.getLocalAddress();
        Map<String, Object> props = Map.of("passport.store.uri", "mongodb://127.0.0.1:" + a.getPort(),
                "passport.store.docker", false, "passport.keys.dir", keys.toString(), "passport.keys.passphrase",
                "two-instances-test", "passport.keys.scrypt-cost-log2", 10, "passport.audit.max-block-entries", 64,
                // a busy shared build machine: a claim lost repeatedly to the other instance must not time out here
                "passport.audit.write-timeout", "10s");
        try (ApplicationContext one = ApplicationContext.run(props, "test")) {
            AuditTrail t1 = one.getBean(AuditTrail.class); // creates the keystore
            try (ApplicationContext two = ApplicationContext.run(props, "test")) {
                AuditTrail t2 = two.getBean(AuditTrail.class);
                assertNotSame(t1, t2);
                int threads = 16;
                int each = 120;
                Set<String> places = ConcurrentHashMap.newKeySet();
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    AuditTrail trail = t % 2 == 0 ? t1 : t2;
                    int thread = t;
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < each; i++) {
                            AuditReceipt r = trail.record(AuditFixture.read("res-" + thread, i));
                            assertTrue(places.add(r.blockSeq() + "/" + r.index()), "two entries in one place");
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
                VerificationReport r = two.getBean(AuditVerifier.class).verify("main");
                assertTrue(r.valid(), r.summary());
                assertEquals((long) threads * each, r.entries());
                assertEquals(threads * each, places.size());
                // both instances appended blocks
                Set<String> writers = ConcurrentHashMap.newKeySet();
                one.getBean(org.wellbeingpassport.api.store.MongoStore.class).database().getCollection(AuditLog.BLOCKS)
                        .find().forEach(d -> writers.add(d.getString("w")));
                assertEquals(2, writers.size(), "blocks from both instances");
            }
        } finally {
            mongo.shutdownNow();
        }
    }
}
