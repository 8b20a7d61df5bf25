package org.wellbeingpassport.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.api.store.StoreConfiguration;

/**
 * A start that cannot succeed stops with one line saying why and exit status 1, before the port opens: the real
 * entry point ({@code Application.main}) in a child JVM, with the environment an operator would give it.
 */
class FailFastTest {
    record Outcome(int exit, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    static Outcome start(Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile("wp-failfast", ".out");
        Path err = Files.createTempFile("wp-failfast", ".err");
        List<String> command = new java.util.ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                        System.getProperty("java.class.path"), Application.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("WP_") || k.startsWith("PASSPORT_")
                || k.equals("MONGODB_URI") || k.startsWith("MICRONAUT_"));
        pb.environment().put("PORT", String.valueOf(freePort()));
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the start stopped by itself");
            return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            p.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void assertOneClearLine(Outcome o, String expected) {
        assertEquals(Application.CANNOT_START, o.exit(), o.all());
        List<String> lines = o.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line on standard error: " + o.stderr());
        assertTrue(lines.get(0).startsWith("Wellbeing Passport did not start: "), lines.get(0));
        assertTrue(lines.get(0).contains(expected), lines.get(0));
        assertFalse(o.all().contains("\tat ") || o.all().contains("Exception:"), "no stack trace: " + o.all());
        assertFalse(o.all().contains("is running"), "never said it was running: " + o.all());
    }

    @Test
    void withoutDemoAndWithoutAPassphraseItStopsAndSaysWhy() throws Exception {
        Path data = Files.createTempDirectory("wp-failfast-data");
        Outcome o = start(Map.of("PASSPORT_DATA_DIR", data.toString()));
        assertOneClearLine(o, "WP_KEYSTORE_PASSPHRASE");
    }

    @Test
    void aSettingThatDoesNotBindStopsTheStart() throws Exception {
        Path data = Files.createTempDirectory("wp-failfast-data");
        Outcome o = start(Map.of("PASSPORT_DATA_DIR", data.toString(), "WP_KEYSTORE_PASSPHRASE", "a passphrase",
                "PASSPORT_HSTS_MAX_AGE", "a year"));
        assertOneClearLine(o, "hsts-max-age");
    }

    @Test
    void aMissingKeyStoreWhereTheStoreHoldsResidentsKeysStopsTheStart() throws Exception {
        Path data = Files.createTempDirectory("wp-failfast-data");
        StoreConfiguration config = new StoreConfiguration();
        config.setDataDir(data);
        config.setEmbeddedPersistent(true);
        try (MongoStore store = new MongoStore(config)) {
            // what a running service leaves: a resident's data key, wrapped under the key store's master key
            store.database().getCollection("resident_keys")
                    .insertOne(new Document("_id", "r-1").append("rid", "r-1").append("version", 1L)
                            .append("primary", "dk-1").append("keys",
                                    List.of(new Document("kid", "dk-1").append("mk", "kek-1").append("w", "AAAA")
                                            .append("created", 0L).append("reserved", 0L).append("retired", false))));
        }
        Outcome o = start(Map.of("PASSPORT_DATA_DIR", data.toString(), "WP_KEYSTORE_PASSPHRASE", "a passphrase",
                "PASSPORT_KEYS_DIR", data.resolve("mistyped-keys").toString()));
        assertOneClearLine(o, "PASSPORT_KEYS_DIR");
        assertFalse(Files.exists(data.resolve("mistyped-keys").resolve("keystore.json")), "no new key store made");
    }

    @Test
    void aDemoStartSaysWhereToGoAndWarnsOfNothing() throws Exception {
        // issue 17: "every start prints five alarming warnings". The real entry point with the shipped log configuration
        // (not the tests' own), a first start on a fresh data directory, read until it says it is running
        Path data = Files.createTempDirectory("wp-clean-start");
        Path out = Files.createTempFile("wp-clean-start", ".out");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + Application.class.getResource("/logback.xml"), "-cp",
                System.getProperty("java.class.path"), Application.class.getName(), "demo");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("WP_") || k.startsWith("PASSPORT_")
                || k.equals("MONGODB_URI") || k.startsWith("MICRONAUT_"));
        pb.environment().put("PORT", String.valueOf(freePort()));
        pb.environment().put("PASSPORT_DATA_DIR", data.toString());
        pb.environment().put("PASSPORT_DOCKER", "false");
        Process p = pb.start();
        String log = "";
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!log.contains("is running at") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(250);
                log = Files.readString(out);
            }
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
        assertTrue(log.contains("is running at"), "it said it was running: " + log);
        assertTrue(log.contains("Where to go next:") && log.contains("/fhir/metadata"), "it said where to go: " + log);
        List<String> alarming = log.lines().filter(l -> l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (WARN|ERROR) .*"))
                .toList();
        assertEquals(List.of(), alarming, "no warning or error on a clean demo start");
    }
}
