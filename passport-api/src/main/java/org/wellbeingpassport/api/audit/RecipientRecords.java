package org.wellbeingpassport.api.audit;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who received something of a resident, kept beside the audit trail so that a consent change, a correction or an
 * erasure finds its recipients by the resident's {@code _id} alone, whatever the size of the trail (docs/adr/0008,
 * "Amended 2026-12-03 (helper recipients)").
 *
 * <p>
 * Two documents per resident, both by {@code _id} = the resident's id: in {@value #COLLECTION} {@code {_id, e:
 * {<element>: {<recipient>: firstAt}}}}, and in {@value #NEWEST} {@code {_id, p: {<recipient>: {o, at, agent...,
 * pu}}}}, where {@code <recipient>} and {@code <element>} are the base64url of "kind|id" and of "Type/id" or a
 * story-section path (so no key holds a dot or a dollar). {@code p} keeps, per recipient, the newest disclosing entry
 * (by its {@code o}: time, block, index, fixed width, so {@code $max} of the whole sub-document keeps the newest);
 * {@code e} keeps when each element first left to each recipient ({@code $min}). {@code p} changes on every
 * disclosure and {@code e} (which grows with the passport) only on a first reception, so they are kept apart: a
 * repeat read updates a document of a few hundred bytes (docs/adr/0008, "Amended 2026-12-04 (helper s10-recipients)").
 * A store written before the split kept {@code p} in the {@value #COLLECTION} document; it is read from both, the
 * newest {@code o} per recipient winning, which is what {@code $max} over the two would hold. The audit writer upserts
 * these, single-document updates by {@code _id}, after the block is inserted and before its callers are released;
 * replaying a block is harmless ({@code $max}/{@code $min} of what is already there). {@value #PROGRESS} holds, per chain, a block number up to which every block is known to
 * be applied; at start every block after it is applied again (the trail stays the source of truth).
 *
 * <p>
 * Erasure replaces the {@value #COLLECTION} document by a tombstone ({@code {_id, erased}}): the resident's id only,
 * as the audit trail and the sent-notices marks keep it; then deletes the {@value #NEWEST} one. A replay at start
 * skips tombstoned residents, and readers ignore anything added beside a tombstone (in either collection).
 */
public final class RecipientRecords {
    static final String COLLECTION = "recipients";
    static final String PROGRESS = "recipients_progress";
    /** Each recipient's newest reception, apart from the first receptions (see above). */
    static final String NEWEST = "recipients_newest";
    private static final Logger LOG = LoggerFactory.getLogger(RecipientRecords.class);
    private static final Set<AuditAction> DISCLOSING = Set.of(AuditAction.READ, AuditAction.EXPORT, AuditAction.SEARCH,
            AuditAction.SHARE_CODE_USE);
    private static final Set<String> RECIPIENT_KINDS = Set.of("professional", "system", "carer");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** The newest disclosing entry to one recipient: who (as recorded then), when and for which purpose. */
    public record Recipient(AuditAgent agent, Instant at, Optional<String> purpose) {
    }

    /**
     * A resident's record: recipients by "kind|id", and for each element ("Type/id" or a story-section path) the
     * first time each recipient (by "kind|id") received it.
     */
    public record Record(Map<String, Recipient> recipients, Map<String, Map<String, Instant>> firstReceived) {
        static final Record EMPTY = new Record(Map.of(), Map.of());
    }

    private final MongoCollection<Document> records;
    private final MongoCollection<Document> newest;
    /**
     * The same two collections for the audit writer's updates ({@link #apply}): sent with the client's write concern
     * but {@code j: false}. They are derived from blocks already stored, replayed at every start from the
     * {@value #PROGRESS} mark, and that mark is raised with the full write concern by the same thread after them, so
     * they need no commit of their own: on the on-disk stand-in they are acknowledged once applied (visible to every
     * reader at once) and reach the file with the next commit, which the next block's insert waits for. One commit per
     * block instead of two (docs/adr/0005-audit-trail.md, amended 2026-12-04).
     */
    private final MongoCollection<Document> recordSteps;
    private final MongoCollection<Document> newestSteps;
    private final MongoCollection<Document> progress;
    /** Test-only: the next {@link #apply} fails, as a store that stopped answering between two writes would. */
    private final java.util.concurrent.atomic.AtomicBoolean failNext = new java.util.concurrent.atomic.AtomicBoolean();
    /** Test-only: the next {@link #flush} fails, as a store that stopped answering would. */
    private final java.util.concurrent.atomic.AtomicBoolean failNextFlush = new java.util.concurrent.atomic.AtomicBoolean();
    private final MongoCollection<Document> blocks;
    /**
     * What this instance knows is stored, per resident: for each field it updated, the value it wrote (see
     * {@link Known}). A stored {@code $min} value only ever falls and a stored {@code $max} value only ever rises,
     * whoever else writes, so an update whose value is no lower (for {@code $min}) or no higher (for {@code $max}) than
     * what is known is a no-op and is left out: after a recipient's first read of a resident, a read updates one field,
     * not one per element. Bounded (the residents updated most recently); a resident not kept here is simply updated in
     * full.
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, Known> known = com.github.benmanes.caffeine.cache.Caffeine
            .newBuilder().maximumSize(KNOWN_RESIDENTS).build();
    static final int KNOWN_RESIDENTS = 20_000;

    /**
     * What this instance wrote for one resident, per recipient (its base64url key): the newest entry's {@code o} in
     * {@code p.<recipient>}, and per element, as entries name it, the first reception's time in millis in
     * {@code e.<element in base64url>.<recipient>}. Kept by the names entries use, so that a repeat read is checked
     * element by element without building a field name; a name is built only for a field that is written.
     */
    private static final class Known {
        final Map<String, String> newest = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Map<String, Long>> first = new java.util.concurrent.ConcurrentHashMap<>();

        boolean isEmpty() {
            return newest.isEmpty() && first.isEmpty();
        }

        /** The first receptions' times known for one recipient, by element (created empty). */
        Map<String, Long> timesOf(String who) {
            return first.computeIfAbsent(who, k -> new java.util.concurrent.ConcurrentHashMap<>());
        }

        void putAll(Known w) {
            newest.putAll(w.newest);
            w.first.forEach((who, times) -> timesOf(who).putAll(times));
        }
    }

    /**
     * How long each recipient's newest reception may wait in memory before it is written ({@code 0}: with its block,
     * on the writer thread). See {@link #apply} and docs/adr/0008, "Amended 2026-12-07 (lead, session 29)".
     */
    private final long flushIntervalNanos;
    /**
     * Newest receptions applied but not yet written, by resident and recipient ({@code pending}), and those being
     * written ({@code flushing}): both are read by {@link #of} before the store, so a reception is in the record from
     * the moment its block is applied, whichever of the three holds it. Guarded by {@code this.pendingLock}.
     */
    private final Object pendingLock = new Object();
    private Map<String, Map<String, Document>> pending = new java.util.HashMap<>();
    private Map<String, Map<String, Document>> flushing = Map.of();
    /**
     * When the oldest reception in {@code pending}, and in {@code flushing}, began to wait ({@link System#nanoTime});
     * meaningful while the map is not empty. Guarded by {@code this.pendingLock}.
     */
    private long pendingSince;
    private long flushingSince;
    /** Progress marks asked for ({@link #publish}) and written only once what they cover is written. */
    private final Map<String, Long> marksWanted = new java.util.HashMap<>();
    /** Held while newest receptions are written, and by an erasure: nothing written after an erasure revives it. */
    private final Object flushLock = new Object();
    private final Thread flusher;
    private volatile boolean closed;
    /**
     * Residents written per bulk write: a command holds the on-disk store's commits back while it applies (a commit
     * waits for the commands applying), so each is kept short, and the audit's commits come between them (64 held them
     * back long enough to show in the read tail at 20,000 residents: bench/RESULTS.md, session 29).
     */
    static final int FLUSH_CHUNK = 8;

    /**
     * The instance the meters read: the service's (one per JVM; a later one with a flusher, a test's, takes them over).
     * Operators see {@code passport_audit_recipients_waiting} (newest receptions applied, not yet written),
     * {@code passport_audit_recipients_waiting_oldest_seconds} (how long the oldest has waited: about the flush
     * interval at most while writes succeed, growing while they fail) and
     * {@code passport_audit_recipients_flush_failures_total}.
     */
    private static volatile RecipientRecords metered;

    static {
        Gauge.builder("passport.audit.recipients.waiting", () -> waitingOf(metered)).description(
                "recipients' newest receptions applied and in the record, waiting in memory to be written to the store")
                .register(Metrics.globalRegistry);
        Gauge.builder("passport.audit.recipients.waiting.oldest", () -> oldestWaitingOf(metered))
                .description("how long the oldest newest reception waiting to be written has waited")
                .baseUnit("seconds").register(Metrics.globalRegistry);
    }

    private static final Counter FLUSH_FAILURES = Counter.builder("passport.audit.recipients.flush.failures")
            .description(
                    "writes of the recipients' newest receptions that failed (what they took waits and is tried again)")
            .register(Metrics.globalRegistry);

    /** Newest receptions written with their block (as the tests that read the collections straight after expect). */
    public RecipientRecords(MongoDatabase database) {
        this(database, java.time.Duration.ZERO);
    }

    /**
     * @param flushInterval how long newest receptions may wait in memory before they are written; zero writes them
     *            with their block
     */
    public RecipientRecords(MongoDatabase database, java.time.Duration flushInterval) {
        this.flushIntervalNanos = Math.max(0, flushInterval.toNanos());
        this.records = database.getCollection(COLLECTION);
        this.newest = database.getCollection(NEWEST);
        this.recordSteps = org.wellbeingpassport.api.store.MongoStore.withoutJournal(records);
        this.newestSteps = org.wellbeingpassport.api.store.MongoStore.withoutJournal(newest);
        this.progress = database.getCollection(PROGRESS);
        this.blocks = database.getCollection(AuditLog.BLOCKS);
        if (flushIntervalNanos > 0) {
            flusher = new Thread(this::flushLoop, "recipients-flusher");
            flusher.setDaemon(true);
            flusher.start();
            metered = this;
        } else {
            flusher = null;
        }
    }

    /** Whether the entry disclosed something of a resident to someone else (what the record keeps). */
    public static boolean discloses(AuditEntry e) {
        return e.outcome() == AuditOutcome.SUCCESS && e.residentId().isPresent() && DISCLOSING.contains(e.action())
                && RECIPIENT_KINDS.contains(e.agent().kind());
    }

    /** The elements a disclosing entry lists as having left: its resources, then its story sections. */
    public static List<String> elements(AuditEntry e) {
        List<String> out = new ArrayList<>(e.resources());
        for (String path : e.disclosedPaths()) {
            if (path.startsWith("Composition.section[")) {
                out.add(path);
            }
        }
        return out;
    }

    /** The resident's record (by {@code _id}); empty when nothing was disclosed or the resident was erased. */
    public Record of(String residentId) {
        // what waits to be written first, then the store: a reception leaves the first only once it is in the second
        Document waiting = waiting(residentId);
        Document d = records.find(eq("_id", residentId)).first();
        if (d != null && d.containsKey("erased")) {
            return Record.EMPTY;
        }
        Document n = newest.find(eq("_id", residentId)).first();
        if (d == null && n == null && waiting == null) {
            return Record.EMPTY;
        }
        // per recipient the newest entry: from the newest document, from p in the record itself when the store was
        // written before the split, and from what waits to be written (the larger o wins, as $max over all would keep)
        Map<String, Document> newestOf = new LinkedHashMap<>();
        for (Document source : new Document[]{d, n, waiting}) {
            Document p = source == null ? null : source.get("p", Document.class);
            if (p != null) {
                for (Map.Entry<String, Object> e : p.entrySet()) {
                    newestOf.merge(e.getKey(), (Document) e.getValue(), RecipientRecords::newer);
                }
            }
        }
        Map<String, Recipient> recipients = new LinkedHashMap<>();
        for (Map.Entry<String, Document> e : newestOf.entrySet()) {
            Document r = e.getValue();
            AuditAgent agent = new AuditAgent(r.getString("k"), r.getString("id"), r.getString("n"), opt(r, "r"),
                    opt(r, "oi"), opt(r, "on"), opt(r, "ot"));
            recipients.put(decode(e.getKey()), new Recipient(agent, r.getDate("at").toInstant(), opt(r, "pu")));
        }
        Map<String, Map<String, Instant>> first = new LinkedHashMap<>();
        Document el = d == null ? null : d.get("e", Document.class);
        if (el != null) {
            for (Map.Entry<String, Object> e : el.entrySet()) {
                Map<String, Instant> who = new LinkedHashMap<>();
                for (Map.Entry<String, Object> w : ((Document) e.getValue()).entrySet()) {
                    who.put(decode(w.getKey()), ((Date) w.getValue()).toInstant());
                }
                first.put(decode(e.getKey()), Map.copyOf(who));
            }
        }
        return new Record(Map.copyOf(recipients), Map.copyOf(first));
    }

    /**
     * The resident left: their record goes (a tombstone with their id stays, so that a replay cannot bring it back).
     * The tombstone first: from then on readers see nothing, whatever is left of the newest receptions.
     */
    public void erase(String residentId) {
        synchronized (flushLock) { // a write of newest receptions under way ends first, and none starts meanwhile
            synchronized (pendingLock) {
                pending.remove(residentId);
            }
            known.invalidate(residentId);
            records.replaceOne(eq("_id", residentId), new Document("_id", residentId).append("erased", new Date()),
                    new com.mongodb.client.model.ReplaceOptions().upsert(true));
            newest.deleteOne(eq("_id", residentId));
        }
    }

    /** The newest receptions of a resident applied but not yet written, as a {@code {p: ...}} document, or null. */
    private Document waiting(String residentId) {
        if (flusher == null) {
            return null;
        }
        Document p = null;
        synchronized (pendingLock) {
            for (Map<String, Map<String, Document>> m : List.of(flushing, pending)) {
                Map<String, Document> of = m.get(residentId);
                if (of != null) {
                    if (p == null) {
                        p = new Document();
                    }
                    for (Map.Entry<String, Document> e : of.entrySet()) {
                        p.merge(e.getKey(), e.getValue(), (a, b) -> newer((Document) a, (Document) b));
                    }
                }
            }
        }
        return p == null ? null : new Document("p", p);
    }

    /** Adds newest receptions to what waits, the newer of two for one recipient kept. Holding the pending lock. */
    private void addWaiting(Map<String, Map<String, Document>> receptions) {
        if (pending.isEmpty() && !receptions.isEmpty()) {
            pendingSince = System.nanoTime();
        }
        receptions.forEach((resident, of) -> {
            Map<String, Document> now = pending.computeIfAbsent(resident, k -> new java.util.HashMap<>());
            of.forEach((who, v) -> now.merge(who, v, RecipientRecords::newer));
        });
    }

    /** Of two newest receptions of one recipient, the newer (by {@code o}: what {@code $max} keeps). */
    private static Document newer(Document a, Document b) {
        return a.getString("o").compareTo(b.getString("o")) >= 0 ? a : b;
    }

    /** Writes what waits, every flush interval, until closed. */
    private void flushLoop() {
        while (!closed) {
            LockSupport.parkNanos(flushIntervalNanos);
            if (closed) {
                break;
            }
            try {
                flush();
            } catch (RuntimeException e) {
                LOG.warn("Audit: recipients' newest receptions not written yet ({}); kept, and tried again",
                        e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Writes the newest receptions waiting (by resident, in chunks of {@value #FLUSH_CHUNK}, {@code $max} by
     * {@code _id} as {@link #apply} would have), then the progress marks asked for before they were taken: a mark is
     * written only once every reception of the blocks it covers is. On failure what was taken goes back to wait (a
     * reader sees it throughout) and the marks are asked for again.
     */
    void flush() {
        synchronized (flushLock) {
            Map<String, Map<String, Document>> batch;
            Map<String, Long> marks;
            synchronized (pendingLock) {
                if (pending.isEmpty() && marksWanted.isEmpty()) {
                    return;
                }
                batch = pending;
                flushing = batch;
                flushingSince = pendingSince;
                pending = new java.util.HashMap<>();
                marks = new java.util.HashMap<>(marksWanted);
                marksWanted.clear();
            }
            try {
                if (failNextFlush.getAndSet(false)) {
                    throw new AuditUnavailableException(
                            "the recipients' newest receptions were not written (simulated)");
                }
                List<String> residents = new ArrayList<>(batch.keySet());
                java.util.Collections.sort(residents); // neighbours in the store's pages go in the same commit
                List<com.mongodb.client.model.WriteModel<Document>> chunk = new ArrayList<>(FLUSH_CHUNK);
                for (int i = 0; i < residents.size(); i++) {
                    List<Bson> up = new ArrayList<>();
                    batch.get(residents.get(i)).forEach((who, v) -> up.add(Updates.max("p." + who, v)));
                    chunk.add(new com.mongodb.client.model.UpdateOneModel<>(eq("_id", residents.get(i)),
                            Updates.combine(up), new UpdateOptions().upsert(true)));
                    if (chunk.size() == FLUSH_CHUNK || i == residents.size() - 1) {
                        newestSteps.bulkWrite(chunk, new com.mongodb.client.model.BulkWriteOptions().ordered(false));
                        chunk.clear();
                    }
                }
                batch.forEach((resident, of) -> {
                    Known w = new Known();
                    of.forEach((who, v) -> w.newest.put(who, v.getString("o")));
                    known.asMap().computeIfAbsent(resident, k -> new Known()).putAll(w);
                });
            } catch (RuntimeException e) {
                FLUSH_FAILURES.increment();
                synchronized (pendingLock) {
                    if (!batch.isEmpty()) {
                        addWaiting(batch);
                        pendingSince = flushingSince; // it waited longer than anything added since it was taken
                    }
                    marks.forEach((chain, seq) -> marksWanted.merge(chain, seq, Math::max));
                    flushing = Map.of();
                }
                throw e;
            }
            synchronized (pendingLock) {
                flushing = Map.of();
            }
            marks.forEach(this::writeMark);
        }
    }

    /**
     * Stops the flusher and writes what waits; newest receptions applied afterwards are written with their block. The
     * audit log's close calls it after its last block, and so does the service's shutdown, in whichever order.
     */
    public void close() {
        closed = true; // from now on newest receptions are written with their block
        if (flusher != null) {
            LockSupport.unpark(flusher);
            try {
                flusher.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flush();
        }
    }

    /**
     * Applies the disclosing entries of block {@code seq} (in block order): one upsert by {@code _id} per resident.
     * {@code skipErased} (replays at start) first reads each resident's record and leaves a tombstone alone.
     */
    void apply(long seq, List<AuditEntry> entries, boolean skipErased) {
        if (failNext.getAndSet(false)) {
            throw new AuditUnavailableException("the recipients' records were not updated (simulated)");
        }
        // folded per resident first: one update per resident, each field once (its newest / first value); newest by
        // recipient, first receptions by recipient and element
        Map<String, Map<String, Document>> newestOf = new LinkedHashMap<>();
        Map<String, Map<String, Map<String, Date>>> firstOf = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            AuditEntry e = entries.get(i);
            if (!discloses(e)) {
                continue;
            }
            List<String> elements = elements(e);
            if (elements.isEmpty()) {
                continue; // nothing left: not a reception
            }
            String resident = e.residentId().get();
            String who = B64.encodeToString(key(e.agent()).getBytes(StandardCharsets.UTF_8));
            Date at = Date.from(e.at());
            AuditAgent g = e.agent();
            // "o" first: MongoDB compares embedded documents field by field, so $max keeps the newest entry
            Document newest = new Document("o", order(e.at().toEpochMilli(), seq, i)).append("at", at)
                    .append("k", g.kind()).append("id", g.id()).append("n", g.name());
            g.roleCode().ifPresent(v -> newest.append("r", v));
            g.organisationId().ifPresent(v -> newest.append("oi", v));
            g.organisationName().ifPresent(v -> newest.append("on", v));
            g.organisationType().ifPresent(v -> newest.append("ot", v));
            e.purpose().ifPresent(v -> newest.append("pu", v));
            newestOf.computeIfAbsent(resident, k -> new LinkedHashMap<>()).merge(who, newest, RecipientRecords::newer);
            Map<String, Date> first = firstOf.computeIfAbsent(resident, k -> new LinkedHashMap<>()).computeIfAbsent(who,
                    k -> new LinkedHashMap<>());
            for (String element : elements) {
                first.merge(element, at, (a, b) -> a.before(b) ? a : b);
            }
        }
        // one round trip per collection for the block, not one per resident: the writer thread waits on them before
        // releasing callers. First receptions (e) go to the record, newest receptions (p) to their own small document
        List<com.mongodb.client.model.WriteModel<Document>> updates = new ArrayList<>();
        List<com.mongodb.client.model.WriteModel<Document>> newestUpdates = new ArrayList<>();
        // what the updates write, to remember once they are stored
        Map<String, Known> written = new LinkedHashMap<>();
        // newest receptions wait in memory (replays at start are written at once: the mark follows them)
        boolean defer = flusher != null && !skipErased && !closed;
        Map<String, Map<String, Document>> later = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Document>> r : newestOf.entrySet()) {
            String resident = r.getKey();
            if (skipErased) {
                Document existing = records.find(eq("_id", resident)).projection(new Document("erased", 1)).first();
                if (existing != null && existing.containsKey("erased")) {
                    continue;
                }
            }
            Known stored = known.getIfPresent(resident);
            Known w = new Known();
            List<Bson> up = new ArrayList<>();
            r.getValue().forEach((who, v) -> {
                String o = v.getString("o");
                String s = stored == null ? null : stored.newest.get(who);
                if (s == null || s.compareTo(o) < 0) {
                    if (defer) {
                        later.computeIfAbsent(resident, k -> new LinkedHashMap<>()).put(who, v);
                    } else {
                        up.add(Updates.max("p." + who, v));
                        w.newest.put(who, o);
                    }
                }
            });
            List<Bson> u = new ArrayList<>();
            firstOf.get(resident).forEach((who, times) -> {
                Map<String, Long> storedTimes = stored == null ? null : stored.first.get(who);
                times.forEach((element, at) -> {
                    Long t = storedTimes == null ? null : storedTimes.get(element);
                    if (t == null || t > at.getTime()) {
                        u.add(Updates.min(
                                "e." + B64.encodeToString(element.getBytes(StandardCharsets.UTF_8)) + "." + who, at));
                        w.timesOf(who).put(element, at.getTime());
                    }
                });
            });
            if (!u.isEmpty()) {
                updates.add(new com.mongodb.client.model.UpdateOneModel<>(eq("_id", resident), Updates.combine(u),
                        new UpdateOptions().upsert(true)));
            }
            if (!up.isEmpty()) {
                newestUpdates.add(new com.mongodb.client.model.UpdateOneModel<>(eq("_id", resident),
                        Updates.combine(up), new UpdateOptions().upsert(true)));
            }
            if (!w.isEmpty()) {
                written.put(resident, w);
            }
        }
        if (!updates.isEmpty()) {
            recordSteps.bulkWrite(updates, new com.mongodb.client.model.BulkWriteOptions().ordered(false));
        }
        if (!newestUpdates.isEmpty()) {
            newestSteps.bulkWrite(newestUpdates, new com.mongodb.client.model.BulkWriteOptions().ordered(false));
        }
        // only after every update was stored (a failure leaves this instance knowing less, never more)
        written.forEach((resident, w) -> known.asMap().computeIfAbsent(resident, k -> new Known()).putAll(w));
        if (!later.isEmpty()) {
            synchronized (pendingLock) {
                addWaiting(later);
            }
        }
    }

    /** Test-only: makes the next update of the records fail. */
    void failNext() {
        failNext.set(true);
    }

    /** Test-only: makes the next write of the newest receptions waiting fail. */
    void failNextFlush() {
        failNextFlush.set(true);
    }

    /** How many recipients' newest receptions wait to be written (one per resident and recipient in each map). */
    int waitingReceptions() {
        synchronized (pendingLock) {
            int n = 0;
            for (Map<String, Map<String, Document>> m : List.of(flushing, pending)) {
                for (Map<String, Document> of : m.values()) {
                    n += of.size();
                }
            }
            return n;
        }
    }

    /** How long, in seconds, the oldest newest reception waiting to be written has waited (0 when none waits). */
    double oldestWaitingSeconds() {
        synchronized (pendingLock) {
            long since;
            if (!flushing.isEmpty()) {
                since = flushingSince;
            } else if (!pending.isEmpty()) {
                since = pendingSince;
            } else {
                return 0;
            }
            return (System.nanoTime() - since) / 1e9;
        }
    }

    private static double waitingOf(RecipientRecords r) {
        return r == null ? 0 : r.waitingReceptions();
    }

    private static double oldestWaitingOf(RecipientRecords r) {
        return r == null ? 0 : r.oldestWaitingSeconds();
    }

    /** Applies a stored block (a replay, or a block another instance appended). */
    void applyBlock(Document block, boolean skipErased) {
        long seq = ((Number) block.get("s")).longValue();
        List<AuditEntry> entries = new ArrayList<>();
        for (Document e : AuditCodec.entries(block)) {
            entries.add(AuditCodec.fromDocument(e));
        }
        apply(seq, entries, skipErased);
    }

    /** Reads block {@code seq} of the chain by {@code _id} and applies it; false when it is not stored. */
    boolean applyStored(String chain, long seq, boolean skipErased) {
        Document b = blocks.find(eq("_id", AuditCodec.blockId(chain, seq))).first();
        if (b == null) {
            return false;
        }
        applyBlock(b, skipErased);
        return true;
    }

    /** The block number up to which every block is known to be applied (0 when none). */
    long covered(String chain) {
        Document d = progress.find(eq("_id", chain)).first();
        return d == null ? 0 : ((Number) d.get("s")).longValue();
    }

    /** Every block up to {@code seq} is applied. */
    void publish(String chain, long seq) {
        if (flusher != null) {
            synchronized (pendingLock) {
                if (!pending.isEmpty() || !flushing.isEmpty()) {
                    marksWanted.merge(chain, seq, Math::max); // written by the flush that writes what it covers
                    return;
                }
            }
        }
        writeMark(chain, seq);
    }

    private void writeMark(String chain, long seq) {
        progress.updateOne(eq("_id", chain), Updates.max("s", seq), new UpdateOptions().upsert(true));
    }

    /**
     * At start, before anything is appended: applies every stored block after the last one known applied, up to
     * {@code end} (the end of the chain), and records that. When the chain ends before that mark (a start-up repair
     * rolled a lost tail back, {@link AuditRecovery}), the mark is set back to the end: the records may then name a
     * reception that the trail lost, which can only make a notice go to one more recipient, never to one fewer.
     *
     * @return the block number every block up to which is now applied
     */
    long catchUp(String chain, long end) {
        long from = covered(chain);
        if (from > end) {
            progress.updateOne(eq("_id", chain), Updates.set("s", end), new UpdateOptions().upsert(true));
            return end;
        }
        long applied = 0;
        for (long s = from + 1; s <= end; s++) {
            if (!applyStored(chain, s, true)) {
                throw new AuditUnavailableException("audit block " + s + " is not stored");
            }
            applied++;
        }
        if (applied > 0) {
            publish(chain, end);
            LOG.info("Audit: recipients' records caught up over {} blocks ({} to {})", applied, from + 1, end);
        }
        return end;
    }

    /**
     * An entry's place in time and in the chain, at fixed width so that strings compare as the numbers do: what
     * {@code String.format("%013d%012d%06d", millis, seq, index)} gives, without the formatter's cost on the writer
     * thread (one per disclosing entry).
     */
    static String order(long millis, long seq, int index) {
        StringBuilder b = new StringBuilder(31);
        padded(b, millis, 13);
        padded(b, seq, 12);
        padded(b, index, 6);
        return b.toString();
    }

    private static void padded(StringBuilder b, long v, int width) {
        String s = Long.toString(v);
        for (int k = s.length(); k < width; k++) {
            b.append('0');
        }
        b.append(s);
    }

    /** "kind|id", the key the ledger has always used for a recipient. */
    public static String key(AuditAgent a) {
        return a.kind() + "|" + a.id();
    }

    private static String decode(String field) {
        return new String(B64D.decode(field), StandardCharsets.UTF_8);
    }

    private static Optional<String> opt(Document d, String key) {
        return Optional.ofNullable(d.getString(key));
    }
}
