package org.wellbeingpassport.api.audit;

import static com.mongodb.client.model.Filters.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCliTest {
    @TempDir
    Path dir;
    AuditFixture fx;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        fx = new AuditFixture(dir.resolve("keys"));
        AuditLog log = fx.log(4);
        for (int i = 0; i < 10; i++) {
            log.record(AuditFixture.read("r" + (i % 3), i));
        }
        log.close();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private int run(MongoDatabase db, String... args) {
        return AuditCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), db, fx.keys.audit());
    }

    @Test
    void verifyReportsValidThenNamesTheBreak() {
        MongoDatabase db = fx.database();
        assertEquals(0, run(db, "verify"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("OK: chain 'main', 10 blocks, 10 entries"),
                out.toString(StandardCharsets.UTF_8));
        List<org.bson.Document> e = AuditCodec
                .entries(db.getCollection(AuditLog.BLOCKS).find(eq("_id", AuditCodec.blockId("main", 4))).first());
        String id = e.get(0).getString("i");
        e.get(0).put("rid", "someone-else");
        db.getCollection(AuditLog.BLOCKS).updateOne(eq("_id", AuditCodec.blockId("main", 4)),
                Updates.set("x", AuditCodec.store(e)));
        out.reset();
        assertEquals(1, run(db, "verify"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("BROKEN at block 4, entry 0 (id " + id + "): ALTERED"), text);
    }

    @Test
    void exportWritesNdjsonWithProgress() throws Exception {
        Path file = dir.resolve("audit.ndjson");
        assertEquals(0, run(fx.database(), "export", "--out", file.toString(), "--resident", "r1"));
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("{\"resourceType\":\"AuditEvent\""), lines.get(0));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Exported 3 entries"));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run(fx.database(), "export"));
        assertEquals(2, run(fx.database(), "frobnicate"));
        assertEquals(2, AuditCli.run(new String[0], new PrintStream(out), new PrintStream(err)));
    }
}
