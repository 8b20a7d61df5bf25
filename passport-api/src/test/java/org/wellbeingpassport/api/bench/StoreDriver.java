package org.wellbeingpassport.api.bench;

import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.Document;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoreConfiguration;
import org.wellbeingpassport.api.store.WriteOutcome;
import org.wellbeingpassport.fhir.store.StorageForm;

/**
 * Store-level load driver (no HTTP, no validation, no crypto): how the cost of a resource write and of the read
 * path's version check grows with the number of residents stored, on the embedded stand-in's in-memory or on-disk
 * (H2) backend, through the real driver over loopback.
 *
 * <p>
 * The store is filled straight in (insertMany of passports of 17 resources, about 12 KB each as on the wire, their
 * history entries and, unless {@code -Ddriver.heads=false} for code before passport heads, their heads), then, at
 * each size, THREADS threads for SECONDS each: (1) write one Goal of a random resident
 * ({@code PassportStore.update}, no If-Match), (2) the version check of a random resident
 * ({@code PassportStore.version}). Args: backend (memory|disk) sizes (comma-separated, ascending) [threads]
 * [seconds]. {@code -Ddriver.dir=PATH} keeps the on-disk store there, so a larger size later fills only the residents
 * it lacks (the scale curve: 2000,20000,100000,...; fill rate, time and disk are printed every 10,000). Command:
 * bench/RESULTS.md, section "passport-api: writes".
 */
public final class StoreDriver {
    private static final int RESOURCES = 17;

    public static void main(String[] args) throws Exception {
        boolean disk = args.length > 0 && args[0].equals("disk");
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "2000,20000").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        boolean heads = Boolean.parseBoolean(System.getProperty("driver.heads", "true"));
        // -Ddriver.dir=PATH keeps the store there (a later run with the same sizes fills nothing: see fill)
        String keep = System.getProperty("driver.dir");
        Path dir = keep != null ? Files.createDirectories(Path.of(keep)) : Files.createTempDirectory("store-driver");
        StoreConfiguration config = new StoreConfiguration();
        config.setDocker(false);
        config.setEmbeddedPersistent(disk);
        config.setDataDir(dir);
        // -Ddriver.sync=false: commit before answering, without forcing the commit to the device (ADR 0014)
        config.setEmbeddedSync(Boolean.parseBoolean(System.getProperty("driver.sync", "true")));
        try (MongoStore mongo = new MongoStore(config)) {
            PassportStore store = new PassportStore(mongo,
                    org.wellbeingpassport.keys.KeyHierarchy.openOrInitialise(
                            Files.createTempDirectory("store-driver-keys"), "bench".toCharArray(),
                            new org.wellbeingpassport.keys.InMemoryWrappedKeyStore()));
            System.out.printf("backend %s (%s), %d threads, %d s per measure, heads %s, sync %s%n", mongo.backend(),
                    mongo.location(), threads, seconds, heads, config.isEmbeddedSync());
            int stored = 0;
            for (int size : sizes) {
                long t0 = System.nanoTime();
                fill(mongo, stored, size, heads, dir);
                double fillSeconds = (System.nanoTime() - t0) / 1e9;
                stored = size;
                System.out.printf("%,d residents: filled %,d in %.1f s; data dir %s MB%n", size, size, fillSeconds,
                        disk ? String.valueOf(du(dir) / 1_000_000) : "-");
                int n = size;
                measure("write", threads, seconds, () -> {
                    String rid = rid(ThreadLocalRandom.current().nextInt(n));
                    WriteOutcome o = store.update(rid, "Goal", "bench-goal", OptionalLong.empty(), true,
                            (id, v, at) -> goal(rid, id, v, at));
                    if (!(o instanceof WriteOutcome.Written)) {
                        throw new IllegalStateException("not written: " + o);
                    }
                });
                measure("version check", threads, seconds,
                        () -> store.version(rid(ThreadLocalRandom.current().nextInt(n))).orElseThrow());
            }
        }
    }

    interface Op {
        void run() throws Exception;
    }

    private static void measure(String what, int threads, int seconds, Op op) throws Exception {
        // warm-up: a fifth of the time, not counted
        run(threads, Math.max(1, seconds / 5), op);
        long start = System.nanoTime();
        long[] all = run(threads, seconds, op);
        double elapsed = (System.nanoTime() - start) / 1e9;
        Arrays.sort(all);
        System.out.printf("  %-14s %,8.0f/s  p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms  (%,d ops)%n", what,
                all.length / elapsed, pct(all, 0.50), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                all.length);
    }

    private static long[] run(int threads, int seconds, Op op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[1024];
                int k = 0;
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    op.run();
                    if (k == lat.length) {
                        lat = Arrays.copyOf(lat, k * 2);
                    }
                    lat[k++] = System.nanoTime() - s;
                }
                return Arrays.copyOf(lat, k);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        int total = 0;
        for (Future<long[]> f : futures) {
            long[] p = f.get();
            parts.add(p);
            total += p.length;
        }
        pool.shutdown();
        long[] all = new long[total];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }

    /**
     * Residents [from, to) written straight into the collections, 500 at a time, progress every 10,000 (count, rate,
     * disk). Residents already stored (a kept {@code driver.dir}) are skipped.
     */
    private static void fill(MongoStore mongo, int from, int to, boolean heads, Path dir) throws java.io.IOException {
        MongoCollection<Document> passports = mongo.database().getCollection(PassportStore.PASSPORTS);
        long stored = passports.estimatedDocumentCount();
        if (stored >= to) {
            return;
        }
        from = Math.max(from, (int) (stored / 500) * 500);
        long t0 = System.nanoTime();
        MongoCollection<Document> history = mongo.database().getCollection(PassportStore.HISTORY);
        MongoCollection<Document> headDocs = mongo.database().getCollection("passport_heads");
        Date now = new Date();
        for (int batch = from; batch < to; batch += 500) {
            List<Document> ps = new ArrayList<>();
            List<Document> hs = new ArrayList<>();
            List<Document> heads1 = new ArrayList<>();
            for (int i = batch; i < Math.min(to, batch + 500); i++) {
                String rid = rid(i);
                Document res = new Document();
                for (int r = 0; r < RESOURCES; r++) {
                    String id = "obs-" + r;
                    Document entry = new Document("t", "Observation").append("i", id).append("v", 1L).append("lu", now)
                            .append("s", false).append("r", StorageForm.toDocument(observation(rid, id)));
                    res.append("Observation/" + id, entry);
                    Document h = new Document("_id", PassportStore.historyId(rid, "Observation", id, 1));
                    h.putAll(entry);
                    hs.add(h);
                }
                ps.add(new Document("_id", rid).append("rid", rid).append("ver", 1L).append("created", now)
                        .append("res", res));
                heads1.add(new Document("_id", rid).append("ver", 1L).append("created", now));
            }
            insertNew(history, hs);
            if (heads) {
                insertNew(headDocs, heads1);
            }
            insertNew(passports, ps);
            int done = Math.min(to, batch + 500);
            if (done % 10_000 == 0 || done == to) {
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("    filled %,d of %,d: %.0f s, %.0f residents/s, data dir %,d MB%n", done, to, s,
                        (done - from) / Math.max(s, 0.001), du(dir) / 1_000_000);
            }
        }
    }

    /** Inserts what is not stored yet (a resumed fill's first batch may be partly there). */
    private static void insertNew(MongoCollection<Document> c, List<Document> docs) {
        try {
            c.insertMany(docs, new com.mongodb.client.model.InsertManyOptions().ordered(false));
        } catch (com.mongodb.MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(w -> w.getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
        }
    }

    static String rid(int i) {
        return String.format("bench-%07d", i);
    }

    private static final String PADDING = "x".repeat(420);

    private static String observation(String rid, String id) {
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":"
                + "[{\"system\":\"http://loinc.org\",\"code\":\"72166-2\"}]},\"subject\":{\"reference\":\"Patient/"
                + rid + "\"},\"valueString\":\"" + PADDING + "\"}";
    }

    private static String goal(String rid, String id, long version, Instant at) {
        return "{\"resourceType\":\"Goal\",\"id\":\"" + id + "\",\"meta\":{\"versionId\":\"" + version
                + "\",\"lastUpdated\":\"" + at + "\"},\"lifecycleStatus\":\"active\",\"description\":{\"text\":"
                + "\"Walk to the park\"},\"subject\":{\"reference\":\"Patient/" + rid + "\"}}";
    }

    private static long du(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
