package org.wellbeingpassport.api.audit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.wellbeingpassport.keys.InMemoryWrappedKeyStore;
import org.wellbeingpassport.keys.KeyHierarchy;
import org.wellbeingpassport.keys.KeysConfig;
import org.wellbeingpassport.keys.Passphrase;

/** A real embedded MongoDB server (through the real driver) and a real key hierarchy, for audit tests. */
final class AuditFixture implements AutoCloseable {
    final MongoServer server;
    final String uri;
    final KeyHierarchy keys;
    private final List<MongoClient> clients = new ArrayList<>();
    private final List<AuditLog> logs = new ArrayList<>();

    AuditFixture(Path keyDir) {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress a = server.getLocalAddress();
        uri = "mongodb://" + a.getHostString() + ":" + a.getPort();
        keys = keys(keyDir);
    }

    static KeyHierarchy keys(Path dir) {
        return KeyHierarchy.openOrInitialise(KeysConfig
                .builder(dir, Passphrase.of("audit-test-passphrase".toCharArray())).scryptCostLog2(10).build(),
                new InMemoryWrappedKeyStore());
    }

    /** A new client (as a separate server instance would have) on the shared store. */
    MongoDatabase database() {
        MongoClient c = MongoClients
                .create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                        .applyToClusterSettings(s -> s.serverSelectionTimeout(1, TimeUnit.SECONDS))
                        .applyToSocketSettings(s -> s.connectTimeout(1, TimeUnit.SECONDS)).build());
        clients.add(c);
        return c.getDatabase("passport");
    }

    AuditLog log(int maxBlockEntries) {
        return log(maxBlockEntries, null);
    }

    /** A log that keeps {@code records} (null: none), as the service's does. */
    AuditLog log(int maxBlockEntries, RecipientRecords records) {
        AuditConfig config = new AuditConfig();
        config.setMaxBlockEntries(maxBlockEntries);
        config.setWriteTimeout(Duration.ofSeconds(10)); // a busy shared build machine
        config.setCheckpointEveryBlocks(4);
        AuditLog log = new AuditLog(database(), keys.audit(), config, records);
        logs.add(log);
        return log;
    }

    /** A log with these settings (and no recipients' records). */
    AuditLog log(AuditConfig config) {
        AuditLog log = new AuditLog(database(), keys.audit(), config);
        logs.add(log);
        return log;
    }

    AuditVerifier verifier() {
        return new AuditVerifier(database(), keys.audit());
    }

    static final AuditAgent SAM = AuditAgent.professional("prac-sam", "Sam Patel", "social-prescribing-link-worker",
            "org-riverside", "Riverside Practice", "gp-practice");

    static AuditEntry read(String resident, int n) {
        return AuditEntry.builder(AuditAction.READ, AuditOutcome.SUCCESS, SAM).at(Instant.parse("2026-03-04T10:12:00Z"))
                .resident(resident).resources(List.of("Patient/" + resident, "Composition/story-" + resident))
                .disclosed(List.of("Composition.section[goals]", "Composition.section[communication]"))
                .withheld(List.of("Composition.section[health-and-wellbeing].section[trauma-detail]"))
                .purpose("support-planning").basis("consent").directiveVersion(n).source("10.0.0." + (n % 250)).build();
    }

    @Override
    public void close() {
        for (AuditLog l : logs) {
            l.close();
        }
        for (MongoClient c : clients) {
            c.close();
        }
        server.shutdownNow();
    }
}
