package org.wellbeingpassport.api.bench;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditAgent;
import org.wellbeingpassport.api.audit.AuditConfig;
import org.wellbeingpassport.api.audit.AuditEntry;
import org.wellbeingpassport.api.audit.AuditExport;
import org.wellbeingpassport.api.audit.AuditLog;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.audit.AuditVerifier;
import org.wellbeingpassport.api.audit.VerificationReport;
import org.wellbeingpassport.keys.InMemoryWrappedKeyStore;
import org.wellbeingpassport.keys.KeyHierarchy;
import org.wellbeingpassport.keys.KeysConfig;
import org.wellbeingpassport.keys.Passphrase;

/**
 * Load driver for the audit log against the embedded stand-in (MemoryBackend, real driver over loopback):
 * <ol>
 * <li>append rate with group commit, many submitters (entries/s);</li>
 * <li>record() latency with 16 synchronous callers (the read path's shape);</li>
 * <li>fill to N entries (default 1,000,000), then verify the whole chain, time it;</li>
 * <li>a resident's history query and an NDJSON export at that size (scans on the stand-in).</li>
 * </ol>
 * Run: see bench/RESULTS.md, section audit. Args: [totalEntries] (default 1000000).
 */
public final class AuditDriver {
    public static void main(String[] args) throws Exception {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress a = server.getLocalAddress();
        Path keyDir = Files.createTempDirectory("audit-bench-keys");
        KeyHierarchy keys = KeyHierarchy.openOrInitialise(
                KeysConfig.builder(keyDir, Passphrase.of("bench-only".toCharArray())).scryptCostLog2(10).build(),
                new InMemoryWrappedKeyStore());
        try (MongoClient client = MongoClients
                .create(new ConnectionString("mongodb://" + a.getHostString() + ":" + a.getPort()))) {
            MongoDatabase db = client.getDatabase("passport");
            AuditConfig config = new AuditConfig();
            config.setWriteTimeout(Duration.ofSeconds(10));
            AuditLog log = new AuditLog(db, keys.audit(), config);
            System.out.printf(
                    "store: embedded mongo-java-server MemoryBackend via driver on loopback; "
                            + "cores=%d; max block %d entries%n",
                    Runtime.getRuntime().availableProcessors(), config.getMaxBlockEntries());

            // 1. append rate, async submitters keeping up to 2,048 entries in flight
            appendRate(log, 20_000); // warm-up
            double rate = appendRate(log, 200_000);
            System.out.printf("append: %.0f entries/s (200,000 entries, 4 submitter threads, 2,048 in flight)%n", rate);

            // 2. latency of record() with 16 synchronous callers
            latency(log, 16, 2_000);

            // 3. fill to total, verify
            long have = new AuditQueries(db, "main").total();
            long t0 = System.nanoTime();
            fill(log, total - have);
            System.out.printf("fill: %,d entries in %.1f s%n", total - have, (System.nanoTime() - t0) / 1e9);
            log.close();
            AuditVerifier verifier = new AuditVerifier(db, keys.audit());
            for (int run = 1; run <= 3; run++) {
                VerificationReport r = verifier.verify("main");
                System.out.printf("verify run %d: %s (%,d entries, %,d blocks, %.2f s)%n", run,
                        r.valid() ? "valid" : "BROKEN " + r.summary(), r.entries(), r.blocks(), r.millis() / 1000.0);
            }

            // 4. resident history and export at this size
            AuditQueries q = new AuditQueries(db, "main");
            t0 = System.nanoTime();
            int n = q.searchNewestFirst(AuditQuery.all().withResident("res-42").limit(200)).size();
            System.out.printf("resident history query (scan on the stand-in): %d entries in %.0f ms%n", n,
                    (System.nanoTime() - t0) / 1e6);
            if (!Boolean.parseBoolean(System.getProperty("audit.export", "true"))) {
                return;
            }
            t0 = System.nanoTime();
            long exported = new AuditExport(q).writeNdjson(OutputStream.nullOutputStream(), done -> {
            });
            System.out.printf("NDJSON export (FHIR AuditEvent per line): %,d entries in %.1f s%n", exported,
                    (System.nanoTime() - t0) / 1e9);
        } finally {
            server.shutdownNow();
        }
    }

    private static AuditEntry entry(long i) {
        String r = "res-" + (i % 5_000);
        return new AuditEntry(Instant.now(), AuditAction.READ, AuditOutcome.SUCCESS,
                AuditAgent.professional("prac-" + (i % 300), "Worker " + (i % 300), "social-prescribing-link-worker",
                        "org-" + (i % 40), "Organisation " + (i % 40), "gp-practice"),
                java.util.Optional.of(r), List.of("Patient/" + r, "Composition/story-" + r),
                List.of("Composition.section[goals]", "Composition.section[communication]", "Patient.name"),
                List.of("Composition.section[health-and-wellbeing].section[trauma-detail]"),
                java.util.Optional.of("support-planning"), java.util.Optional.of("consent"),
                java.util.OptionalLong.of(3), java.util.Optional.of("10.1.2.3"), java.util.Optional.empty(), false,
                false, java.util.Optional.empty());
    }

    private static double appendRate(AuditLog log, int count) throws Exception {
        int threads = 4;
        Semaphore inFlight = new Semaphore(2_048);
        AtomicLong next = new AtomicLong();
        CountDownLatch done = new CountDownLatch(count);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                long i;
                while ((i = next.getAndIncrement()) < count) {
                    inFlight.acquireUninterruptibly();
                    CompletableFuture<?> f = log.submit(entry(i));
                    f.whenComplete((r, e) -> {
                        if (e != null) {
                            System.err.println("append failed: " + e);
                        }
                        inFlight.release();
                        done.countDown();
                    });
                }
            });
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return count / seconds;
    }

    private static void latency(AuditLog log, int threads, int perThread) throws Exception {
        long[] micros = new long[threads * perThread];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            fs.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perThread; i++) {
                    long s = System.nanoTime();
                    log.record(entry(base + i));
                    micros[base + i] = (System.nanoTime() - s) / 1000;
                }
            }, pool));
        }
        fs.forEach(CompletableFuture::join);
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(micros);
        System.out.printf(
                "record() with %d synchronous callers: %.0f entries/s, p50 %.2f ms, p99 %.2f ms, " + "max %.2f ms%n",
                threads, micros.length / seconds, micros[micros.length / 2] / 1000.0,
                micros[(int) (micros.length * 0.99)] / 1000.0, micros[micros.length - 1] / 1000.0);
    }

    private static void fill(AuditLog log, long count) throws Exception {
        PrintStream out = System.out;
        long step = Math.max(1, count / 10);
        for (long done = 0; done < count; done += step) {
            appendRate(log, (int) Math.min(step, count - done));
            out.printf("  filled %,d%n", Math.min(done + step, count));
        }
    }
}
