package org.wellbeingpassport.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditAgent;
import org.wellbeingpassport.api.audit.AuditConfig;
import org.wellbeingpassport.api.audit.AuditEntry;
import org.wellbeingpassport.api.audit.AuditLog;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditReceipt;
import org.wellbeingpassport.api.audit.AuditVerifier;
import org.wellbeingpassport.api.audit.RecipientRecords;
import org.wellbeingpassport.keys.InMemoryWrappedKeyStore;
import org.wellbeingpassport.keys.KeyHierarchy;
import org.wellbeingpassport.keys.KeysConfig;
import org.wellbeingpassport.keys.Passphrase;

/**
 * The recipients' records are written by the audit writer without a commit of their own ({@code j: false}: they are
 * derived from blocks already on disk, docs/adr/0005-audit-trail.md amended 2026-12-04). On the on-disk store, killed
 * (the file closed without a commit) right after a block whose records were only applied in memory: the file holds
 * the block and not its records, and the next start applies the block again, so every resident's record is what the
 * callers were served with before the crash, and the chain verifies.
 */
class RecipientRecordsCrashTest {
    private static final List<AuditAgent> AGENTS = List.of(
            AuditAgent.professional("prac-sam", "Sam Patel", "social-worker", "org-council", "City Council",
                    "local-authority"),
            AuditAgent.professional("prac-ada", "Ada Obi", "gp", "org-riverside", "Riverside Practice", "gp-practice"),
            AuditAgent.system("sys-crisis", "Crisis team system"));
    private static final int RESIDENTS = 6;

    @TempDir
    Path dir;

    @Test
    void recordsLostWithTheProcessAreAppliedAgainFromTheTrailAtTheNextStart() {
        Path file = dir.resolve("passport.mv");
        KeyHierarchy keys = KeyHierarchy.openOrInitialise(
                KeysConfig.builder(dir.resolve("keys"), Passphrase.of("crash-test-passphrase".toCharArray()))
                        .scryptCostLog2(10).build(),
                new InMemoryWrappedKeyStore());
        AuditConfig config = new AuditConfig();
        config.setMaxBlockEntries(8);
        config.setWriteTimeout(Duration.ofSeconds(3));
        // no commit but the blocks' own after the first head pointer: nothing else writes the records to the file
        config.setHeadPublishInterval(Duration.ofMinutes(10));
        config.setCheckpointEveryBlocks(1_000_000);
        config.setCheckpointInterval(Duration.ofHours(1));

        Map<String, RecipientRecords.Record> served = new LinkedHashMap<>();
        String chain;
        DurableH2Backend backend = DurableH2Backend.open(file, 16, false);
        MongoServer server = new MongoServer(backend);
        MongoClient client = MongoClients.create("mongodb://" + StandInAddress.of(server));
        try {
            MongoDatabase db = client.getDatabase("passport");
            RecipientRecords records = new RecipientRecords(db);
            AuditLog log = new AuditLog(db, keys.audit(), config, records);
            chain = log.chain();
            Random rnd = new Random(11);
            List<CompletableFuture<AuditReceipt>> pending = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                pending.add(log.submit(read(rnd, i)));
                if (rnd.nextInt(6) == 0) {
                    pending.forEach(CompletableFuture::join);
                    pending.clear();
                }
            }
            pending.forEach(CompletableFuture::join);
            // the last block: one read, answered once its block is on disk and its records applied
            log.record(AuditEntry.builder(AuditAction.READ, AuditOutcome.SUCCESS, AGENTS.get(1))
                    .at(Instant.parse("2026-11-01T12:00:00Z")).resident("res-0").resources(List.of("Patient/res-0"))
                    .purpose("direct-care").build());
            for (int r = 0; r < RESIDENTS; r++) {
                served.put("res-" + r, records.of("res-" + r));
            }
            // killed: nothing more reaches the file, then the process's threads die with it
            backend.getMvStore().closeImmediately();
            server.shutdownNow();
            log.close();
        } finally {
            client.close();
        }

        Reopened.look(file, c -> {
            MongoDatabase db = c.getDatabase("passport");
            RecipientRecords onFile = new RecipientRecords(db);
            assertNotEquals(served.get("res-0"), onFile.of("res-0"),
                    "the last block's records were not on disk (written without a commit of their own)");
            AuditLog restarted = new AuditLog(db, keys.audit(), config, new RecipientRecords(db));
            try {
                RecipientRecords after = new RecipientRecords(db);
                int recipients = 0;
                for (Map.Entry<String, RecipientRecords.Record> e : served.entrySet()) {
                    assertEquals(e.getValue(), after.of(e.getKey()), "the record of " + e.getKey());
                    recipients += e.getValue().recipients().size();
                }
                assertTrue(recipients >= RESIDENTS * 2, "the reads reached several recipients: " + recipients);
                assertTrue(new AuditVerifier(db, keys.audit()).verify(chain).valid(), "the chain verifies");
            } finally {
                restarted.close();
            }
        });
    }

    private static AuditEntry read(Random rnd, int i) {
        String r = "res-" + rnd.nextInt(RESIDENTS);
        List<String> resources = new ArrayList<>(List.of("Patient/" + r));
        if (rnd.nextBoolean()) {
            resources.add("Observation/o" + rnd.nextInt(3) + "-" + r);
        }
        return AuditEntry.builder(AuditAction.READ, AuditOutcome.SUCCESS, AGENTS.get(rnd.nextInt(AGENTS.size())))
                .at(Instant.parse("2026-11-01T09:00:00Z").plusSeconds(i)).resident(r).resources(resources)
                .disclosed(rnd.nextBoolean() ? List.of("Composition.section[goals]") : List.of()).purpose("direct-care")
                .build();
    }
}
