package org.wellbeingpassport.api.audit;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.keys.RecordSignature;
import org.wellbeingpassport.keys.RecordSigner;

/**
 * The append-only, hash-chained, signed audit log on MongoDB, with group commit (see docs/adr/0005-audit-trail.md).
 *
 * <p>
 * Callers hand in entries; one writer thread per instance takes whatever is waiting (up to
 * {@link AuditConfig#getMaxBlockEntries()}), chains the entries, signs the block hash once, and inserts the block as
 * one document with {@code _id = {c: chain, s: seq}}. The unique {@code _id} is the claim on sequence number
 * {@code seq}: when another instance got there first, the writer reads that block, adopts its hashes and retries at
 * the next number. A caller's {@link #record} returns only after its block is inserted; if the insert fails or takes
 * longer than the write timeout, it throws and the access must not be served.
 */
public final class AuditLog implements AuditTrail, AutoCloseable {
    static final String BLOCKS = "audit_blocks";
    static final String CHECKPOINTS = "audit_checkpoints";
    static final String HEADS = "audit_heads";
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_CLAIM_ATTEMPTS = 1000;

    private final MongoCollection<Document> blocks;
    private final MongoCollection<Document> checkpoints;
    private final MongoCollection<Document> heads;
    /** One document per instance, written by the health probe to see that the store takes writes. */
    private final MongoCollection<Document> probes;
    private final RecordSigner signer;
    private final AuditConfig config;
    private final Clock clock;
    private final String chain;
    private final String writerId;
    private final AtomicLong counter = new AtomicLong();
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private volatile boolean closed;
    /** When the writer started its previous block (System.nanoTime) and how many entries it held. */
    private long lastBlockStart;
    private int lastBlockEntries;
    private final AtomicLong headToPublish = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean headPublishing = new java.util.concurrent.atomic.AtomicBoolean();
    /** When the head pointer was last raised (System.nanoTime; the publisher thread's own). */
    private long lastHeadPublish = System.nanoTime() - 1_000_000_000L;
    private final java.util.concurrent.ExecutorService headPublisher = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "audit-head");
                t.setDaemon(true);
                return t;
            });
    /** Test-only: makes every block insert fail, as an unreachable store would. */
    private volatile boolean simulatedOutage;
    /** Why the last append failed, until one succeeds again; null while entries are being stored. */
    private volatile String lastFailure;
    private volatile long lastProbeNanos;

    /** This writer's view of the end of the chain; null when it must be re-read from the store. */
    private Head head;
    /** Who received what, kept per resident beside the chain; null when this log keeps none (some tests). */
    private final RecipientRecords records;
    /** Every block up to this one has been applied to {@link #records} (by this instance, or before its start). */
    private volatile long covered;
    private long lastCheckpointMillis;

    private record Pending(String id, AuditEntry entry, byte[] bytes, byte[] contentHash,
            CompletableFuture<AuditReceipt> done) {
    }

    record Head(long seq, byte[] blockHash, byte[] lastEntryHash, long total) {
        static final Head GENESIS = new Head(0, AuditCodec.GENESIS, AuditCodec.GENESIS, 0);
    }

    public AuditLog(MongoDatabase database, RecordSigner signer, AuditConfig config) {
        this(database, signer, config, Clock.systemUTC(), null);
    }

    /**
     * A log that also keeps the recipients' records: before anything is appended, every block after the last one
     * they covered is applied to them (a crash between a block's insert and its records' update is repaired here).
     */
    public AuditLog(MongoDatabase database, RecordSigner signer, AuditConfig config, RecipientRecords records) {
        this(database, signer, config, Clock.systemUTC(), records);
    }

    AuditLog(MongoDatabase database, RecordSigner signer, AuditConfig config, Clock clock) {
        this(database, signer, config, clock, null);
    }

    AuditLog(MongoDatabase database, RecordSigner signer, AuditConfig config, Clock clock, RecipientRecords records) {
        this.blocks = database.getCollection(BLOCKS).withTimeout(config.getWriteTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        this.checkpoints = database.getCollection(CHECKPOINTS);
        this.heads = database.getCollection(HEADS);
        this.probes = database.getCollection("audit_probes");
        this.signer = signer;
        this.config = config;
        this.clock = clock;
        this.chain = config.getChain();
        this.writerId = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE).substring(0, 10);
        this.queue = new ArrayBlockingQueue<>(config.getQueueCapacity());
        this.lastCheckpointMillis = clock.millis();
        createIndexes(database);
        this.records = records;
        if (records != null) {
            this.covered = records.catchUp(chain, readHead().seq);
        }
        this.writer = new Thread(this::writeLoop, "audit-writer-" + writerId);
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Secondary indexes for auditors' queries on real MongoDB (multikey, over the entries of each block). The
     * embedded stand-in keeps them but scans anyway (see ../shared/MONGO-STANDIN.md).
     */
    private static void createIndexes(MongoDatabase database) {
        MongoCollection<Document> b = database.getCollection(BLOCKS);
        try {
            b.createIndex(Indexes.ascending("r", "t1"), new IndexOptions().name("block_residents"));
            b.createIndex(Indexes.ascending("ag", "t1"), new IndexOptions().name("block_actors"));
            b.createIndex(Indexes.ascending("og", "t1"), new IndexOptions().name("block_organisations"));
            b.createIndex(Indexes.ascending("bg", "t1"), new IndexOptions().name("block_break_glass"));
            b.createIndex(Indexes.ascending("t1"), new IndexOptions().name("block_last_at"));
        } catch (RuntimeException e) {
            LOG.warn("Audit: could not create query indexes ({}); queries will scan", e.getClass().getSimpleName());
        }
    }

    public String chain() {
        return chain;
    }

    @Override
    public AuditReceipt record(AuditEntry entry) {
        long started = System.nanoTime();
        try {
            AuditReceipt receipt = recordNow(entry);
            AuditMetrics.stored(entry, System.nanoTime() - started);
            return receipt;
        } catch (AuditUnavailableException e) {
            AuditMetrics.failed();
            throw e;
        }
    }

    private AuditReceipt recordNow(AuditEntry entry) {
        CompletableFuture<AuditReceipt> done = submit(entry);
        try {
            return done.get(config.getWriteTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof AuditUnavailableException a
                    ? a
                    : new AuditUnavailableException("the audit entry could not be stored", cause);
        } catch (TimeoutException e) {
            throw new AuditUnavailableException("the audit entry was not stored in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while storing the audit entry");
        }
    }

    /**
     * Queues the entry and returns at once; the future completes when its block is stored (or fails). For load
     * drivers and batch callers: an access may be served only after the future completed normally.
     */
    public CompletableFuture<AuditReceipt> submit(AuditEntry entry) {
        if (closed) {
            throw new AuditUnavailableException("the audit log is closed");
        }
        String id = writerId + "-" + Long.toHexString(counter.incrementAndGet());
        // encoding and hashing cost most; doing it here spreads it over the callers' threads
        byte[] bytes = AuditCodec.encode(AuditCodec.toDocument(id, entry));
        Pending p = new Pending(id, entry, bytes, AuditCodec.contentHash(bytes), new CompletableFuture<>());
        if (!queue.offer(p)) {
            throw new AuditUnavailableException("the audit queue is full");
        }
        return p.done;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(config.getMaxBlockEntries());
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, config.getMaxBlockEntries() - 1);
                gatherWhileBusy(batch);
                lastBlockStart = System.nanoTime();
                lastBlockEntries = batch.size();
                appendAndComplete(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (RuntimeException | Error e) {
                fail(batch, e);
            } finally {
                batch.clear();
            }
        }
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        fail(rest, new AuditUnavailableException("the audit log is closed"));
    }

    /**
     * Group commit under load: while busy (the previous block or this one holds more than one entry), the block waits
     * until {@link AuditConfig#getBusyBlockSpacing()} after the previous block started, taking whatever arrives
     * meanwhile, so that one insert, one signature and one recipients' update serve more entries. A lone entry (the
     * previous block held one, and nothing else is waiting) or the first after a quiet spell goes at once. The
     * callers still return only after their block is stored: only the grouping changes, never what is stored.
     */
    private void gatherWhileBusy(List<Pending> batch) {
        long spacing = config.getBusyBlockSpacing().toNanos();
        int max = config.getMaxBlockEntries();
        if (spacing <= 0 || closed || lastBlockEntries == 0 || batch.size() >= max
                || (lastBlockEntries == 1 && batch.size() == 1)) {
            return;
        }
        long until = lastBlockStart + spacing;
        long wait = until - System.nanoTime();
        while (wait > 0 && wait <= spacing && queue.size() < max - batch.size()) {
            LockSupport.parkNanos(wait);
            wait = until - System.nanoTime();
        }
        queue.drainTo(batch, max - batch.size());
    }

    private void fail(List<Pending> batch, Throwable cause) {
        if (batch.isEmpty()) {
            return;
        }
        head = null; // the insert may or may not have landed: re-read the end of the chain before the next block
        AuditUnavailableException e = cause instanceof AuditUnavailableException a
                ? a
                : new AuditUnavailableException("the audit store did not accept the entry", cause);
        lastFailure = cause instanceof AuditUnavailableException a
                ? a.getMessage()
                : "the audit store did not accept the entry (" + cause.getClass().getSimpleName() + ")";
        LOG.error("Audit: {} entries not stored ({}); their accesses are refused", batch.size(),
                cause.getClass().getSimpleName());
        for (Pending p : batch) {
            p.done.completeExceptionally(e);
        }
    }

    private void appendAndComplete(List<Pending> batch) {
        Appended a = append(batch);
        lastFailure = null;
        AuditMetrics.block(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            p.done.complete(new AuditReceipt(p.id, chain, a.seq, i, AuditCodec.hex(a.entryHashes[i])));
        }
        // callers are released first: the head pointer and checkpoints are not part of the commit
        afterAppend(a.seq, head.blockHash, head.total);
    }

    private record Appended(long seq, byte[][] entryHashes) {
    }

    private Appended append(List<Pending> batch) {
        if (head == null) {
            head = readHead();
            cover(head.seq);
        }
        for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
            long seq = head.seq + 1;
            byte[][] hashes = new byte[batch.size()][];
            byte[] all = new byte[batch.size() * AuditCodec.HASH_BYTES];
            byte[] prev = head.lastEntryHash;
            List<byte[]> entries = new ArrayList<>(batch.size());
            Set<String> residents = new LinkedHashSet<>();
            Set<String> actors = new LinkedHashSet<>();
            Set<String> orgs = new LinkedHashSet<>();
            boolean breakGlass = false;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                prev = AuditCodec.chain(prev, p.contentHash);
                hashes[i] = prev;
                System.arraycopy(prev, 0, all, i * AuditCodec.HASH_BYTES, AuditCodec.HASH_BYTES);
                entries.add(p.bytes);
                AuditEntry e = p.entry;
                e.residentId().ifPresent(residents::add);
                actors.add(e.agent().id());
                e.agent().organisationId().ifPresent(orgs::add);
                breakGlass |= e.breakGlass();
                long at = e.at().toEpochMilli();
                first = Math.min(first, at);
                last = Math.max(last, at);
            }
            long total = head.total + batch.size();
            // query fields for real MongoDB's secondary indexes; covered by the block hash, so they cannot be edited
            Document block = new Document("_id", AuditCodec.blockId(chain, seq)).append("s", seq)
                    .append("prev", new Binary(head.blockHash)).append("n", batch.size()).append("t", total)
                    .append("r", new ArrayList<>(residents)).append("ag", new ArrayList<>(actors))
                    .append("og", new ArrayList<>(orgs)).append("bg", breakGlass).append("t0", new Date(first))
                    .append("t1", new Date(last)).append("w", writerId);
            byte[] blockHash = AuditCodec.blockHash(chain, seq, head.blockHash, total, all, AuditCodec.index(block));
            RecordSignature sig = signer.sign(blockHash);
            block.append("x", new Binary(AuditCodec.deflate(AuditCodec.pack(entries)))).append("h", new Binary(all))
                    .append("bh", new Binary(blockHash)).append("sig", sig.encoded());
            if (simulatedOutage) {
                throw new AuditUnavailableException("the audit store is unreachable (simulated outage)");
            }
            try {
                blocks.insertOne(block);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                // another instance appended seq first: adopt its end and go on after it
                Document other = blocks.find(eq("_id", AuditCodec.blockId(chain, seq))).first();
                if (other == null) {
                    throw new AuditUnavailableException("block " + seq + " claimed but not readable");
                }
                if (records != null) {
                    records.applyBlock(other, true); // its writer may have stopped before applying it
                    covered = seq;
                }
                head = headOf(other);
                continue;
            }
            if (records != null) {
                // before the callers are released: whoever was served is in the records. A failure here fails the
                // batch (its accesses are refused) and, with the head re-read, the block is applied again first
                List<AuditEntry> stored = new ArrayList<>(batch.size());
                for (Pending p : batch) {
                    stored.add(p.entry);
                }
                records.apply(seq, stored, false);
                covered = seq;
            }
            head = new Head(seq, blockHash, prev, total);
            return new Appended(seq, hashes);
        }
        throw new AuditUnavailableException("too many concurrent audit writers");
    }

    /** Applies to the records every stored block after {@link #covered} up to {@code seq} (normally none). */
    private void cover(long seq) {
        if (records == null) {
            return;
        }
        for (long s = covered + 1; s <= seq; s++) {
            if (!records.applyStored(chain, s, true)) {
                throw new AuditUnavailableException("audit block " + s + " is not readable");
            }
            covered = s;
        }
    }

    /** The head pointer and checkpoints only tell the verifier how far the chain must reach: not on the commit path. */
    private void afterAppend(long seq, byte[] blockHash, long total) {
        publishHead(seq);
        try {
            long now = clock.millis();
            if (seq % config.getCheckpointEveryBlocks() == 0
                    || now - lastCheckpointMillis >= config.getCheckpointInterval().toMillis()) {
                writeCheckpoint(seq, blockHash, total, now);
                if (records != null) {
                    records.publish(chain, covered); // a start replays from here (a lagging mark costs only time)
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Audit: head pointer or checkpoint not written after block {} ({})", seq,
                    e.getClass().getSimpleName());
        }
    }

    /**
     * Raises the head pointer to {@code seq} off the writer thread, at most once per
     * {@link AuditConfig#getHeadPublishInterval()}: under load many blocks share one update, and the writer goes on to
     * the next block at once.
     */
    private void publishHead(long seq) {
        headToPublish.accumulateAndGet(seq, Math::max);
        if (headPublishing.compareAndSet(false, true)) {
            headPublisher.execute(() -> {
                try {
                    long published = 0;
                    while (true) {
                        long target = headToPublish.get();
                        if (target <= published) {
                            headPublishing.set(false);
                            // an append may have raised the target between the read and the reset
                            if (headToPublish.get() <= published || !headPublishing.compareAndSet(false, true)) {
                                return;
                            }
                            continue;
                        }
                        // at most one update per interval: blocks appended during the pause share it
                        long interval = config.getHeadPublishInterval().toNanos();
                        long pause = Math.min(interval, lastHeadPublish + interval - System.nanoTime());
                        if (pause > 0) {
                            LockSupport.parkNanos(pause);
                            target = headToPublish.get();
                        }
                        heads.updateOne(eq("_id", chain), Updates.max("s", target), new UpdateOptions().upsert(true));
                        lastHeadPublish = System.nanoTime();
                        published = target;
                    }
                } catch (RuntimeException e) {
                    headPublishing.set(false);
                    LOG.warn("Audit: head pointer not raised ({})", e.getClass().getSimpleName());
                }
            });
        }
    }

    private void writeCheckpoint(long seq, byte[] blockHash, long total, long now) {
        RecordSignature sig = signer.sign(AuditCodec.checkpointPayload(chain, seq, blockHash, total, now));
        try {
            checkpoints.insertOne(new Document("_id", AuditCodec.blockId(chain, seq)).append("c", chain)
                    .append("s", seq).append("bh", new Binary(blockHash)).append("t", total).append("at", new Date(now))
                    .append("sig", sig.encoded()));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        lastCheckpointMillis = now;
    }

    /** The end of the chain: from the head pointer, then forward by _id while blocks exist. */
    private Head readHead() {
        Document pointer = heads.find(eq("_id", chain)).first();
        long seq = pointer == null ? 0 : ((Number) pointer.get("s")).longValue();
        Head h = Head.GENESIS;
        if (seq > 0) {
            Document b = blocks.find(eq("_id", AuditCodec.blockId(chain, seq))).first();
            if (b == null) {
                throw new AuditUnavailableException("the audit head pointer is at block " + seq
                        + ", which is not stored; restart the service to repair it, or run 'audit verify'");
            }
            h = headOf(b);
        }
        while (true) {
            Document next = blocks.find(eq("_id", AuditCodec.blockId(chain, h.seq + 1))).first();
            if (next == null) {
                return h;
            }
            h = headOf(next);
        }
    }

    private static Head headOf(Document block) {
        byte[] all = AuditCodec.bytes(block.get("h"));
        byte[] last = new byte[AuditCodec.HASH_BYTES];
        System.arraycopy(all, all.length - AuditCodec.HASH_BYTES, last, 0, AuditCodec.HASH_BYTES);
        return new Head(((Number) block.get("s")).longValue(), AuditCodec.bytes(block.get("bh")), last,
                ((Number) block.get("t")).longValue());
    }

    /**
     * Why audited requests cannot be served right now, or empty when they can: the log is closed, or the last
     * append failed and a probe (at most once a second, only while failing) still finds the end of the chain
     * unreadable or the store not taking writes. What {@code /health} reports.
     */
    public Optional<String> unavailable() {
        if (closed) {
            return Optional.of("the audit log is closed");
        }
        if (simulatedOutage) {
            return Optional.of("the audit store is unreachable (simulated outage)");
        }
        String failure = lastFailure;
        if (failure == null) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        if (now - lastProbeNanos > 1_000_000_000L) {
            lastProbeNanos = now;
            try {
                readHead(); // the end of the chain is readable again ...
                probes.updateOne(eq("_id", writerId), Updates.set("at", new Date(clock.millis())),
                        new UpdateOptions().upsert(true)); // ... and the store takes writes
                if (failure.equals(lastFailure)) {
                    lastFailure = null;
                }
                return Optional.empty();
            } catch (RuntimeException e) {
                lastFailure = e instanceof AuditUnavailableException a
                        ? a.getMessage()
                        : "the audit store does not answer (" + e.getClass().getSimpleName() + ")";
            }
        }
        return Optional.ofNullable(lastFailure);
    }

    /** Test-only: while on, every entry fails to be stored (the caller must then refuse). */
    void simulateOutage(boolean on) {
        simulatedOutage = on;
    }

    /** Stops taking entries, stores what is queued, and writes a final checkpoint so truncation is detectable. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.join(config.getWriteTimeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        headPublisher.shutdown();
        try {
            headPublisher.awaitTermination(config.getWriteTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Head h = head;
        if (h != null && h.seq > 0) {
            try {
                heads.updateOne(eq("_id", chain), Updates.max("s", h.seq), new UpdateOptions().upsert(true));
                writeCheckpoint(h.seq, h.blockHash, h.total, clock.millis());
                if (records != null) {
                    records.publish(chain, covered);
                }
            } catch (RuntimeException e) {
                LOG.warn("Audit: final checkpoint not written ({})", e.getClass().getSimpleName());
            }
        }
        if (records != null) {
            try {
                records.close(); // what waits of the newest receptions, and the mark over it
            } catch (RuntimeException e) {
                LOG.warn("Audit: recipients' newest receptions not written at close ({}); the next start applies "
                        + "them again", e.getClass().getSimpleName());
            }
        }
    }
}
