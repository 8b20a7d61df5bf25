package org.wellbeingpassport.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wellbeingpassport.fhir.example.ExamplePassports;

/**
 * Issue 16's crash test: the run command ({@code Application demo}) in a child JVM on an on-disk data directory, 12
 * concurrent writers (per demo resident: one writing new Goals of their story, one changing their choices back and
 * forth between granting and withdrawing one provision), killed with SIGKILL ({@link Process#destroyForcibly}) at a
 * random moment while they write, then started again on the same directory, {@value #DEFAULT_ROUNDS} times (system
 * property {@code crash.rounds}). After every restart, over HTTP: the audit chain verifies; every write answered 2xx
 * in any earlier round is there; no resident's choices are older than the last change they were told was saved (a
 * withdrawal acknowledged and then found granted again is a reverted withdrawal); and every acknowledged write has
 * its audit entry. The seed is printed, so a failure can be replayed ({@code -Dcrash.seed=...}).
 */
class CrashRecoveryTest {
    static final int DEFAULT_ROUNDS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    @TempDir
    Path data;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A Goal a writer was told was saved. */
    record AckedGoal(String residentId, String goalId) {
    }

    /** The last change of a resident's choices they were told was saved: its version and provisions. */
    record AckedConsent(long version, JsonNode provisions, boolean withdrawal) {
    }

    @Test
    void killedAtRandomPointsItLosesNothingItAcknowledged() throws Exception {
        int rounds = Integer.getInteger("crash.rounds", DEFAULT_ROUNDS);
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("CrashRecoveryTest: seed " + seed + ", " + rounds + " rounds");
        Random random = new Random(seed);
        List<ExamplePassports.NamedResident> residents = ExamplePassports.named();
        Set<AckedGoal> goals = ConcurrentHashMap.newKeySet();
        Map<String, AckedConsent> consents = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> consentChanges = new ConcurrentHashMap<>();
        int verifiedGoals = 0;
        int withdrawalsChecked = 0;
        for (int round = 1; round <= rounds + 1; round++) {
            long t0 = System.nanoTime();
            Server server = Server.start(data, round);
            try {
                server.awaitUp(client);
                long t1 = System.nanoTime();
                String base = server.base;
                Map<String, String> tokens = new ConcurrentHashMap<>();
                for (ExamplePassports.NamedResident r : residents) {
                    tokens.put(r.patientId(), token(base, r.key()));
                }
                // after every restart: the chain verifies, nothing acknowledged is lost or reverted, all audited
                String auditor = token(base, "auditor");
                JsonNode verify = JSON.readTree(get(base + "/audit/verify", auditor).body());
                assertTrue(verify.path("valid").asBoolean(),
                        "round " + round + ": the audit chain does not verify: " + verify.path("summary").asText());
                for (ExamplePassports.NamedResident r : residents) {
                    String rid = r.patientId();
                    String token = tokens.get(rid);
                    Set<String> stored = goalIds(get(base + "/me/passport", token).body());
                    String trail = get(base + "/audit/export?resident=" + rid, auditor).body();
                    for (AckedGoal g : goals) {
                        if (g.residentId().equals(rid)) {
                            assertTrue(stored.contains(g.goalId()),
                                    "round " + round + ": acknowledged Goal/" + g.goalId() + " of " + rid + " lost");
                            assertTrue(trail.contains("\"Goal/" + g.goalId() + "\""),
                                    "round " + round + ": acknowledged Goal/" + g.goalId() + " has no audit entry");
                            verifiedGoals++;
                        }
                    }
                    AckedConsent acked = consents.get(rid);
                    if (acked != null) {
                        HttpResponse<String> now = get(base + "/me/consent", token);
                        long version = version(now);
                        assertTrue(version >= acked.version(), "round " + round + ": the choices of " + rid
                                + " went back from version " + acked.version() + " to " + version);
                        if (version == acked.version()) {
                            assertEquals(acked.provisions(), provisions(JSON.readTree(now.body())),
                                    "round " + round + ": the choices of " + rid + " at version " + version
                                            + " are not those saved"
                                            + (acked.withdrawal() ? " (a withdrawal reverted)" : ""));
                        }
                        withdrawalsChecked += acked.withdrawal() ? 1 : 0;
                        int changes = count(trail, "\"code\":\"consent-change\"");
                        assertTrue(changes >= consentChanges.get(rid).get(),
                                "round " + round + ": " + consentChanges.get(rid).get()
                                        + " acknowledged consent changes of " + rid + " but " + changes
                                        + " audit entries");
                    }
                }
                long t2 = System.nanoTime();
                System.out.printf("CrashRecoveryTest: round %d: up in %d ms, checked in %d ms (%d goals)%n", round,
                        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, goals.size());
                if (round > rounds) {
                    break; // the last start only checks
                }
                // 12 writers, killed at a random moment while they write
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> writers = new ArrayList<>();
                int r0 = round;
                for (ExamplePassports.NamedResident r : residents) {
                    String rid = r.patientId();
                    String token = tokens.get(rid);
                    writers.add(started(() -> writeGoals(base, rid, token, r0, stop, goals)));
                    ObjectNode granted = (ObjectNode) JSON.readTree(get(base + "/me/consent", token).body());
                    consentChanges.computeIfAbsent(rid, k -> new AtomicInteger());
                    writers.add(
                            started(() -> changeChoices(base, rid, token, granted, stop, consents, consentChanges)));
                }
                Thread.sleep(1000 + random.nextInt(3000));
                server.kill();
                stop.set(true);
                for (Thread t : writers) {
                    t.join(30_000);
                }
            } finally {
                server.kill();
            }
        }
        System.out.printf(
                "CrashRecoveryTest: %d rounds, %d acknowledged goals (%d checks), %d consent changes,"
                        + " %d withdrawal checks%n",
                rounds, goals.size(), verifiedGoals,
                consentChanges.values().stream().mapToInt(AtomicInteger::get).sum(), withdrawalsChecked);
        assertTrue(goals.size() > 0, "no write was acknowledged: the test did not test anything");
    }

    private void writeGoals(String base, String rid, String token, int round, AtomicBoolean stop,
            Set<AckedGoal> goals) {
        for (int n = 0; !stop.get(); n++) {
            String id = "crash-" + round + "-" + n;
            String body = "{\"resourceType\":\"Goal\",\"id\":\"" + id + "\",\"lifecycleStatus\":\"active\","
                    + "\"description\":{\"text\":\"Walk to the park " + (n % 7 + 1) + " times this week\"},"
                    + "\"subject\":{\"reference\":\"Patient/" + rid + "\"}}";
            try {
                HttpResponse<String> r = put(base + "/me/passport/Goal/" + id, token, body);
                if (r.statusCode() / 100 == 2) {
                    goals.add(new AckedGoal(rid, id));
                }
            } catch (IOException | InterruptedException e) {
                return; // the server is gone: this write was not acknowledged
            }
        }
    }

    /** Withdraws the last provision, grants it again, withdraws it, ...: each acknowledged change is remembered. */
    private void changeChoices(String base, String rid, String token, ObjectNode granted, AtomicBoolean stop,
            Map<String, AckedConsent> consents, Map<String, AtomicInteger> changes) {
        ObjectNode withdrawn = granted.deepCopy();
        JsonNode nested = withdrawn.path("provision").path("provision");
        if (!nested.isArray() || nested.size() == 0) {
            return; // nothing granted to withdraw
        }
        ArrayNode list = (ArrayNode) nested;
        list.remove(list.size() - 1);
        for (int n = 0; !stop.get(); n++) {
            boolean withdrawal = n % 2 == 0;
            try {
                HttpResponse<String> r = put(base + "/me/consent", token,
                        (withdrawal ? withdrawn : granted).toString());
                if (r.statusCode() / 100 == 2) {
                    changes.get(rid).incrementAndGet();
                    consents.put(rid, new AckedConsent(version(r), provisions(JSON.readTree(r.body())), withdrawal));
                }
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    private static Thread started(Runnable r) {
        Thread t = new Thread(r, "crash-writer");
        t.start();
        return t;
    }

    private static JsonNode provisions(JsonNode consent) {
        return consent.path("provision").path("provision");
    }

    private static long version(HttpResponse<String> r) {
        return Long.parseLong(r.headers().firstValue("ETag").orElseThrow().replaceAll("[^0-9]", ""));
    }

    private static Set<String> goalIds(String bundle) throws IOException {
        Set<String> ids = new HashSet<>();
        for (JsonNode e : JSON.readTree(bundle).path("entry")) {
            JsonNode res = e.path("resource");
            if (res.path("resourceType").asText().equals("Goal")) {
                ids.add(res.path("id").asText());
            }
        }
        return ids;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private String token(String base, String user) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/demo/token?user=" + user))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    private HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r;
    }

    private HttpResponse<String> put(String url, String token, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The run command in its own JVM, on the test's class path. */
    static final class Server {
        final Process process;
        final String base;
        final Path log;

        private Server(Process process, String base, Path log) {
            this.process = process;
            this.base = base;
            this.log = log;
        }

        static Server start(Path data, int round) throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Path log = data.resolve("server-" + round + ".log");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dpassport.keys.scrypt-cost-log2=12",
                    "-cp", cp, "org.wellbeingpassport.api.Application", "demo");
            pb.environment().put("PASSPORT_DATA_DIR", data.resolve("data").toString());
            pb.environment().put("PORT", String.valueOf(port));
            pb.environment().put("PASSPORT_STORE_CACHE_MB", "32");
            pb.environment().remove("MONGODB_URI");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            return new Server(pb.start(), "http://127.0.0.1:" + port, log);
        }

        void awaitUp(HttpClient client) throws Exception {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("the server stopped: " + tail());
                }
                try {
                    HttpResponse<String> r = client.send(
                            HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new AssertionError("the server did not come up: " + tail());
        }

        /** SIGKILL: no shutdown hook, no final commit, no checkpoint. */
        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor();
            }
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            } catch (IOException e) {
                return "(no log)";
            }
        }
    }
}
