package org.wellbeingpassport.api.audit;

import static com.mongodb.client.model.Filters.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wellbeingpassport.api.audit.ChainBreak.Kind;

/**
 * Tampering done directly in MongoDB, as someone with write access to the database could: each kind is caught, and
 * the report names the block and the entry.
 */
class TamperTest {
    @TempDir
    Path dir;
    AuditFixture fx;
    MongoCollection<Document> blocks;
    /** A block in the middle of the chain holding at least 4 entries. */
    long target;
    long last;

    @BeforeEach
    void fill() {
        fx = new AuditFixture(dir);
        AuditLog log = fx.log(6);
        List<CompletableFuture<AuditReceipt>> fs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            fs.add(log.submit(AuditFixture.read("res-" + (i % 7), i)));
        }
        fs.forEach(CompletableFuture::join);
        log.close();
        MongoDatabase db = fx.database();
        blocks = db.getCollection(AuditLog.BLOCKS);
        VerificationReport clean = fx.verifier().verify("main");
        assertTrue(clean.valid(), clean.summary());
        assertEquals(60, clean.entries());
        last = clean.blocks();
        target = -1;
        for (long s = 2; s < last; s++) {
            if (AuditCodec.entries(block(s)).size() >= 4) {
                target = s;
                break;
            }
        }
        assertTrue(target > 0, "no middle block with 4 entries");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private Document block(long seq) {
        return blocks.find(eq("_id", AuditCodec.blockId("main", seq))).first();
    }

    /** Edits a block's entries in place, directly in MongoDB, as someone with database access could. */
    private void rewrite(long seq, java.util.function.Consumer<List<Document>> edit) {
        List<Document> e = AuditCodec.entries(block(seq));
        edit.accept(e);
        blocks.updateOne(eq("_id", AuditCodec.blockId("main", seq)), Updates.set("x", AuditCodec.store(e)));
    }

    private String idAt(long seq, int index) {
        return AuditCodec.entries(block(seq)).get(index).getString("i");
    }

    private ChainBreak broken() {
        VerificationReport r = fx.verifier().verify("main");
        assertFalse(r.valid(), "tampering not detected");
        return r.firstBreak().orElseThrow();
    }

    @Test
    void anAlteredEntryIsNamed() {
        String id = idAt(target, 2);
        rewrite(target, e -> e.get(2).put("pu", "direct-care"));
        ChainBreak b = broken();
        assertEquals(Kind.ALTERED, b.kind(), b.describe());
        assertEquals(target, b.blockSeq());
        assertEquals(2, b.index());
        assertEquals(id, b.entryId());
        assertTrue(b.describe().contains(id));
    }

    @Test
    void anAlteredDisclosedPathIsCaught() {
        rewrite(target, e -> e.get(1).remove("wp"));
        ChainBreak b = broken();
        assertEquals(Kind.ALTERED, b.kind(), b.describe());
        assertEquals(1, b.index());
    }

    @Test
    void aDeletedEntryIsNamed() {
        String after = idAt(target, 2);
        rewrite(target, e -> e.remove(1));
        ChainBreak b = broken();
        assertEquals(Kind.MISSING, b.kind(), b.describe());
        assertEquals(target, b.blockSeq());
        assertEquals(1, b.index());
        assertEquals(after, b.entryId(), "names the entry now in the gap");
    }

    @Test
    void aDeletedLastEntryOfABlockIsCaught() {
        int size = AuditCodec.entries(block(target)).size();
        rewrite(target, e -> e.remove(e.size() - 1));
        ChainBreak b = broken();
        assertEquals(Kind.MISSING, b.kind(), b.describe());
        assertEquals(size - 1, b.index());
    }

    @Test
    void anInsertedEntryIsNamed() {
        Document forged = AuditCodec.toDocument("forged-1", AuditFixture.read("res-1", 99));
        rewrite(target, e -> e.add(2, forged));
        ChainBreak b = broken();
        assertEquals(Kind.INSERTED, b.kind(), b.describe());
        assertEquals(2, b.index());
        assertEquals("forged-1", b.entryId());
    }

    @Test
    void reorderedEntriesAreNamed() {
        String moved = idAt(target, 3);
        rewrite(target, e -> Collections.swap(e, 1, 3));
        ChainBreak b = broken();
        assertEquals(Kind.REORDERED, b.kind(), b.describe());
        assertEquals(1, b.index());
        assertEquals(moved, b.entryId());
        assertTrue(b.message().contains("index 3"), b.message());
    }

    @Test
    void reorderedBlocksAreCaught() {
        Document a = block(target);
        Document c = block(target + 1);
        blocks.deleteOne(eq("_id", a.get("_id")));
        blocks.deleteOne(eq("_id", c.get("_id")));
        Object ida = a.get("_id");
        a.put("_id", c.get("_id"));
        c.put("_id", ida);
        blocks.insertOne(a);
        blocks.insertOne(c);
        ChainBreak b = broken();
        assertEquals(Kind.REORDERED, b.kind(), b.describe());
        assertEquals(target, b.blockSeq());
    }

    @Test
    void aBlockMovedWithItsSequenceRewrittenIsCaught() {
        Document a = block(target);
        Document c = block(target + 1);
        blocks.deleteOne(eq("_id", a.get("_id")));
        blocks.deleteOne(eq("_id", c.get("_id")));
        Object ida = a.get("_id");
        a.put("_id", c.get("_id"));
        a.put("s", target + 1);
        c.put("_id", ida);
        c.put("s", target);
        blocks.insertOne(a);
        blocks.insertOne(c);
        ChainBreak b = broken();
        assertEquals(Kind.REORDERED, b.kind(), b.describe());
        assertEquals(target, b.blockSeq());
        assertEquals(AuditCodec.entries(c).get(0).getString("i"), b.entryId());
    }

    @Test
    void anEditedQueryFieldIsCaughtBySignature() {
        // hiding a resident from auditors' queries by editing the block's query fields
        blocks.updateOne(eq("_id", AuditCodec.blockId("main", target)), Updates.set("r", List.of()));
        ChainBreak b = broken();
        assertEquals(Kind.BAD_SIGNATURE, b.kind(), b.describe());
        assertEquals(target, b.blockSeq());
    }

    @Test
    void aDeletedMiddleBlockIsNamed() {
        blocks.deleteOne(eq("_id", AuditCodec.blockId("main", target)));
        ChainBreak b = broken();
        assertEquals(Kind.MISSING, b.kind(), b.describe());
        assertEquals(target, b.blockSeq());
    }

    @Test
    void deletedNewestBlocksAreCaught() {
        blocks.deleteOne(eq("_id", AuditCodec.blockId("main", last)));
        blocks.deleteOne(eq("_id", AuditCodec.blockId("main", last - 1)));
        ChainBreak b = broken();
        assertEquals(Kind.MISSING, b.kind(), b.describe());
        assertEquals(last - 1, b.blockSeq());
    }

    @Test
    void truncationWithTheHeadPointerRolledBackIsCaughtByTheSignedCheckpoint() {
        // the final checkpoint written on close covers the last block
        blocks.deleteOne(eq("_id", AuditCodec.blockId("main", last)));
        fx.database().getCollection(AuditLog.HEADS).updateOne(eq("_id", "main"), Updates.set("s", last - 1));
        ChainBreak b = broken();
        assertEquals(Kind.MISSING, b.kind(), b.describe());
        assertEquals(last, b.blockSeq());
    }

    @Test
    void aForgedBlockAppendedAtTheEndFailsItsSignature() {
        Document prev = block(last);
        Document forged = new Document(prev);
        forged.put("_id", AuditCodec.blockId("main", last + 1));
        forged.put("s", last + 1);
        forged.put("prev", prev.get("bh"));
        forged.put("t", prev.getLong("t") + AuditCodec.entries(prev).size());
        blocks.insertOne(forged);
        ChainBreak b = broken();
        assertTrue(b.kind() == Kind.BAD_SIGNATURE || b.kind() == Kind.ALTERED, b.describe());
        assertEquals(last + 1, b.blockSeq());
    }

    @Test
    void rewrittenHashesDoNotHelpWithoutTheSigningKey() {
        // alter an entry and recompute every hash of its block: only the signature is left to catch it
        Document d = block(target);
        List<Document> e = AuditCodec.entries(d);
        e.get(0).put("rs", "nothing to see");
        Document before = block(target - 1);
        byte[] prevHashes = AuditCodec.bytes(before.get("h"));
        byte[] prev = java.util.Arrays.copyOfRange(prevHashes, prevHashes.length - 32, prevHashes.length);
        byte[] all = new byte[e.size() * 32];
        for (int i = 0; i < e.size(); i++) {
            prev = AuditCodec.chain(prev, AuditCodec.contentHash(AuditCodec.encode(e.get(i))));
            System.arraycopy(prev, 0, all, i * 32, 32);
        }
        byte[] bh = AuditCodec.blockHash("main", target, AuditCodec.bytes(d.get("prev")), d.getLong("t"), all,
                AuditCodec.index(d));
        blocks.updateOne(eq("_id", d.get("_id")), Updates.combine(Updates.set("x", AuditCodec.store(e)),
                Updates.set("h", new Binary(all)), Updates.set("bh", new Binary(bh))));
        ChainBreak b = broken();
        assertEquals(Kind.BAD_SIGNATURE, b.kind(), b.describe());
        assertEquals(target, b.blockSeq());
    }
}
