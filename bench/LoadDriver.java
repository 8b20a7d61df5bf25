import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP load driver: a consented professional reading whole passports of generated residents at random, with N
 * concurrent closed-loop clients, over real HTTP. Prints throughput and latency percentiles.
 *
 * java bench/LoadDriver.java BASE_URL TOKEN RESIDENTS CLIENTS SECONDS [PURPOSE]
 */
public class LoadDriver {
    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/$", "");
        String token = args[1];
        int residents = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        String purpose = args.length > 5 ? args[5] : "support-planning";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration
                .ofSeconds(5)).build();

        // warm up, not measured: every passport read once (each instance keeps the passports it has prepared;
        // WARMUP=random reads at random instead, so the measured run also sees first reads), then 10 s at random
        if (!"random".equals(System.getenv("WARMUP"))) {
            long t0 = System.nanoTime();
            everyOnce(http, base, token, residents, clients, purpose);
            System.out.printf("warm-up: all %d passports read once in %.1f s%n", residents,
                    (System.nanoTime() - t0) / 1e9);
        }
        run(http, base, token, residents, clients, 10, purpose, null);
        List<long[]> perClient = new ArrayList<>();
        AtomicLong bytes = new AtomicLong();
        long[] counts = run(http, base, token, residents, clients, seconds, purpose, perClient);
        long ok = counts[0];
        long failed = counts[1];
        long total = perClient.stream().mapToLong(a -> a.length).sum();
        long[] all = new long[(int) total];
        int k = 0;
        for (long[] a : perClient) {
            System.arraycopy(a, 0, all, k, a.length);
            k += a.length;
        }
        Arrays.sort(all);
        System.out.printf("clients=%d seconds=%d residents=%d purpose=%s%n", clients, seconds, residents, purpose);
        System.out.printf("passport reads: %d ok, %d not ok; %.0f reads/s%n", ok, failed, ok / (double) seconds);
        System.out.printf("latency ms: p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f%n", pct(all, 50), pct(all, 90),
                pct(all, 99), pct(all, 99.9), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        if (failed > 0) {
            System.exit(1);
        }
    }

    static void everyOnce(HttpClient http, String base, String token, int residents, int clients, String purpose)
            throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        AtomicLong failed = new AtomicLong();
        Thread[] ts = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            ts[c] = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < residents; i = next.getAndIncrement()) {
                    try {
                        HttpResponse<byte[]> r = http.send(request(base, token, i, purpose),
                                HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    if ((i + 1) % 2000 == 0) {
                        System.out.printf("warm-up: %d / %d%n", i + 1, residents);
                    }
                }
            });
            ts[c].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        if (failed.get() > 0) {
            System.err.println("warm-up: " + failed.get() + " reads not ok");
        }
    }

    static HttpRequest request(String base, String token, int resident, String purpose) {
        return HttpRequest.newBuilder(URI.create(base + "/passports/" + String.format("gen-%06d", resident)
                + "?purpose=" + purpose)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
                .GET().build();
    }

    static long[] run(HttpClient http, String base, String token, int residents, int clients, int seconds,
            String purpose, List<long[]> latencies) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                try {
                    while (System.nanoTime() < end) {
                        HttpRequest req = request(base, token, ThreadLocalRandom.current().nextInt(residents),
                                purpose);
                        long t0 = System.nanoTime();
                        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        long dt = System.nanoTime() - t0;
                        if (r.statusCode() == 200 && r.body().length > 1000) {
                            ok.incrementAndGet();
                        } else {
                            if (failed.incrementAndGet() < 5) {
                                System.err.println("unexpected " + r.statusCode() + ": " + new String(r.body(), 0,
                                        Math.min(300, r.body().length)));
                            }
                        }
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = dt;
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                    System.err.println("client failed: " + e);
                } finally {
                    if (latencies != null) {
                        synchronized (latencies) {
                            latencies.add(Arrays.copyOf(lat, n));
                        }
                    }
                    done.countDown();
                }
            });
            t.start();
        }
        done.await();
        return new long[] {ok.get(), failed.get()};
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
