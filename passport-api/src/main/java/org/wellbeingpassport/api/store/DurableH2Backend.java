package org.wellbeingpassport.api.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CollectionUtils;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.netty.channel.Channel;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded stand-in's on-disk backend (mongo-java-server's H2 MVStore backend), made to acknowledge a write only
 * once it is on disk (docs/adr/0014-durability-and-erasure.md).
 *
 * <p>
 * As shipped, the H2 backend never commits itself: MVStore's background thread commits whatever is in memory about
 * once a second ({@code autoCommitDelay} 1000 ms), so a process killed within that second lost writes it had
 * acknowledged; and since that thread commits at any instant, a commit could catch a command half applied (an index
 * entry without its document; the audit head pointer raised after its block was captured without it). Here:
 * <ul>
 * <li>MVStore's auto-commit is off; a commit happens only between commands: every command that may change data runs
 * holding a shared lock, a commit holds it exclusively, so what is on disk is always a state between whole
 * commands.</li>
 * <li>Group commit: a changing command is answered only after a commit that started after it finished is written
 * (and, with {@code sync}, forced to the device: {@code FileChannel.force}). Commands that finish while a commit is
 * being written share the next one, so under load one commit (and one fsync) serves many writers.</li>
 * <li>Commit delay: when other changes are under way as a commit is about to start, the committer first waits a
 * moment ({@code passport.store.embedded-commit-delay-micros}, default {@value #DEFAULT_COMMIT_DELAY_MICROS} µs), so that the
 * writes arriving meanwhile share its commit and its fsync (as MySQL's {@code binlog_group_commit_sync_delay} and
 * PostgreSQL's {@code commit_delay}). A lone change is never delayed; how many others must be under way is a setting
 * ({@code passport.store.embedded-commit-siblings}, as PostgreSQL's {@code commit_siblings}; by default one). Under load
 * this halves the commits per write (bench/RESULTS.md, issue 18, session 16).</li>
 * <li>Read-only commands (a fixed list) neither wait for nor hold any lock; each holds the version it reads (H2's
 * version usage count), so the chunks it still has to read stay until it ends, however long it takes and whatever H2's
 * retention time ({@value #RETENTION_MS} ms).</li>
 * <li>A change sent with the write concern {@code j: false} runs holding the shared lock like any other, but is
 * answered without waiting for a commit (MongoDB's meaning of {@code j: false}); it reaches the disk with the next
 * commit. PassportStore sends the intermediate steps of a write this way and its last step with the default.</li>
 * <li>Housekeeping (H2's chunk compaction, normally done by the background thread) runs every
 * {@value #COMPACT_EVERY_MS} ms in small turns ({@value #COMPACT_STEP_BYTES} bytes of live pages rewritten, then written
 * by a group commit): the rewrite puts back the same keys
 * and values, so it runs beside commands, holding none of the locks here. It used to rewrite up to 16 MB once a minute
 * under the exclusive lock, which stopped every change (and every read waiting for its audit entry) for over a second;
 * then 256 KB once a second, which under sustained reads fell behind: every commit leaves its audit block's page live
 * in a chunk that is otherwise soon dead, so such chunks were made faster than they were rewritten and the file grew
 * by about 7 MB a second for as long as the load lasted (docs/adr/0008-storage-design.md).</li>
 * </ul>
 * If a commit fails (disk full, I/O error), the command is answered with an error, never acknowledged, and
 * {@link #failure()} says why (the health check reports it).
 *
 * <p>
 * The file is in store format 2 ({@link StoreFormat}): every collection's and unique index's map is opened with key and
 * value types that compare keys natively and keep documents as BSON, instead of H2's default type (Java serialisation
 * for both); a store written before is migrated when it is opened. H2's implicit commits (when unsaved changes pass
 * its write buffer, even with auto-commit off) are off too ({@code autoCommitBufferSize 0}): they could write a
 * command half applied, and the migration relies on no commit but its own.
 */
final class DurableH2Backend extends H2Backend {
    private static final Logger LOG = LoggerFactory.getLogger(DurableH2Backend.class);

    /** Commands that never change data: they skip the commit (anything not listed is treated as a change). */
    private static final Set<String> READ_ONLY = Set.of("find", "getMore", "getmore", "count", "aggregate", "distinct",
            "listCollections", "listIndexes", "listDatabases", "ping", "hello", "isMaster", "ismaster", "buildInfo",
            "buildinfo", "serverStatus", "dbStats", "collStats", "whatsmyuri", "killCursors", "endSessions", "explain",
            "hostInfo", "getCmdLineOpts", "getParameter", "connectionStatus", "getLastError", "getlasterror", "getLog",
            "currentOp", "saslStart", "saslContinue", "validate");

    /**
     * How much of the live pages of sparse chunks one turn of housekeeping rewrites (then commits), and how often a turn
     * runs: up to 4 MB a second, only as long as there is work. One rewrite a turn: each walks H2's whole list of chunks
     * twice (its fill rate, then the chunks to rewrite), and under sustained reads that list holds tens of thousands of
     * chunks (a commit makes one, and H2 keeps them for its retention time); four rewrites of 256 KB a turn, as before,
     * walked that list four times as often for the same bytes moved (ADR 0008, amended 2026-12-07, session 32).
     */
    static final int COMPACT_STEP_BYTES = 1024 * 1024;
    private static final long COMPACT_EVERY_MS = 250;
    /**
     * Housekeeping rewrites only while the store is less live than this (percent of its chunks' bytes; H2 counts chunks
     * younger than its retention time, {@value #RETENTION_MS} ms, as live), so under load the file settles at about
     * twice what it holds plus the writes of the last retention time (ADR 0008, amended 2026-12-07). H2's own
     * background thread, switched off here, uses 90.
     */
    private static final int COMPACT_FILL_RATE = 50;

    /**
     * How long H2 keeps a chunk after it emptied before its space is written again: H2's default, 45 s. Reads hold the
     * version they read ({@link #holdingVersion}), so a read no longer depends on it. Tried at 2 s (session 28): under
     * sustained reads at 2,000 residents the file settled at half the size and reads were faster, at 20,000 they were
     * slower in every run (bench/RESULTS.md), so the default stays.
     */
    static final int RETENTION_MS = 45_000;

    /** The commit delay by default, in microseconds: long enough for a few writes to join a commit. */
    static final long DEFAULT_COMMIT_DELAY_MICROS = 6_000;

    /**
     * How many changes besides the committer's own must be under way for a commit to wait the delay, by default: one,
     * as since the delay was made (PostgreSQL's {@code commit_siblings} is 5 by default; measured here with 5, four
     * writers beside reads wrote faster but story writes took 0.41 commits each instead of 0.30, and the reads beside
     * the writers did no better: bench/RESULTS.md, issue 18, session 33).
     */
    static final int DEFAULT_COMMIT_SIBLINGS = 1;

    private final MVStore mv;
    private final boolean sync;
    /** How long a commit waits for more writes to join it when others are under way; 0: never. */
    private final long commitDelayNanos;
    /** How many other changes must be under way for a commit to wait the delay. */
    private final int commitSiblings;
    /**
     * Changing commands under way that wait for a commit: applying, or waiting for it ({@code j: false} ones are not
     * counted: they wait for none).
     */
    private final AtomicInteger changing = new AtomicInteger();
    /** Commits that waited for more writes to join them (a counting hook for tests). */
    private final AtomicLong delayedCommits = new AtomicLong();
    /** The same, for operators ({@code passport_store_commits_delayed_total}). */
    private final Counter delayed = Metrics.counter("passport.store.commits.delayed");
    /** Shared by changing commands while they run; held exclusively by a commit. */
    private final ReentrantReadWriteLock commands = new ReentrantReadWriteLock();
    /** One committer at a time; the others wait here and are usually covered by its commit. */
    private final ReentrantLock committer = new ReentrantLock();
    private final ScheduledExecutorService housekeeping;
    /** Commits started, and the number of the newest one known to be on disk. */
    private volatile long started;
    private volatile long durable;
    private volatile String failure;
    /** Commits written ({@code passport_store_commits_total}): with the commands, what a request costs the store. */
    private final Counter commits = Metrics.counter("passport.store.commits");
    /**
     * Bytes those commits wrote to the file ({@code passport_store_written_bytes_total}): what a request costs the disk,
     * and the work of serialising the pages it changed, in a figure that does not depend on the machine's speed.
     */
    private final Counter written = Counter.builder("passport.store.written").baseUnit("bytes")
            .register(Metrics.globalRegistry);
    /** H2 counts the bytes its file store writes in a protected field with no getter in 2.3; null if that changes. */
    private static final Field WRITE_BYTES = fileStoreCounter("writeBytes");
    /** And the bytes it reads from the file (pages its cache did not hold), likewise. */
    private static final Field READ_BYTES = fileStoreCounter("readBytes");
    /**
     * Bytes read back from the file ({@code passport_store_read_bytes_total}): the page cache's misses, in bytes.
     * Counted at each commit and each housekeeping turn (every {@value #COMPACT_EVERY_MS} ms), so a figure is at most
     * that late.
     */
    private final Counter read = Counter.builder("passport.store.read").baseUnit("bytes")
            .register(Metrics.globalRegistry);
    private final AtomicLong readCounted = new AtomicLong();

    private DurableH2Backend(MVStore mv, boolean sync, long commitDelayMicros, int commitSiblings) {
        super(mv);
        this.mv = mv;
        this.sync = sync;
        mv.setRetentionTime(RETENTION_MS);
        this.commitDelayNanos = TimeUnit.MICROSECONDS.toNanos(Math.max(0, commitDelayMicros));
        this.commitSiblings = Math.max(1, commitSiblings);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(this::compact, COMPACT_EVERY_MS, COMPACT_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens (or creates) the store file with auto-commit off.
     *
     * @param sync force every commit to the device (power loss safe); without it a commit is handed to the operating
     *            system, which survives a killed process but not a lost machine
     */
    static DurableH2Backend open(Path file, int cacheMb, boolean sync) {
        return open(file, cacheMb, sync, 0, DEFAULT_COMMIT_SIBLINGS);
    }

    /**
     * As {@link #open(Path, int, boolean)}, with a commit delay.
     *
     * @param commitDelayMicros how long a commit waits for more writes to join it when other changes are under way
     *            (0: never waits)
     * @param commitSiblings how many changes besides the committer's must be under way for it to wait (at least 1)
     */
    static DurableH2Backend open(Path file, int cacheMb, boolean sync, long commitDelayMicros, int commitSiblings) {
        MVStore mv = StoreFormat.openStore(file, cacheMb);
        try {
            StoreFormat.prepare(mv);
        } catch (RuntimeException e) {
            mv.closeImmediately(); // nothing more is written: a migration that failed leaves the old maps as they were
            throw e;
        }
        return new DurableH2Backend(mv, sync, commitDelayMicros, commitSiblings);
    }

    /**
     * Called by H2Backend's constructor for each database in the file (before this class's fields are set) and later
     * for new ones: a database whose maps are opened with the format 2 types.
     */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new FormattedDatabase(databaseName);
    }

    /**
     * mongo-java-server's H2 database, with each collection's and unique index's map opened with the format 2 types
     * first: H2 hands an open map to a later {@code openMap(name)}, so the stock code then uses it as it is. An inner
     * class: its reference to the backend is set before H2Database's constructor opens the existing collections.
     */
    private final class FormattedDatabase extends H2Database {
        FormattedDatabase(String databaseName) {
            super(databaseName, DurableH2Backend.this.getMvStore(), DurableH2Backend.this.getCursorRegistry());
        }

        /**
         * As H2Database opens a collection (same maps, same names), but as a {@link SizedOnDemand} collection: it does
         * not keep a running data size, which cost two BSON encodings of the whole document and a write to the
         * collection's meta map on every change.
         */
        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String namespace = getFullCollectionNamespace(collectionName);
            MVStore store = DurableH2Backend.this.getMvStore();
            StoreFormat.open(store, "databases." + namespace);
            MVMap<Object, Document> data = store.openMap("databases." + namespace);
            MVMap<String, Object> meta = store.openMap("meta." + namespace);
            return new SizedOnDemand(this, collectionName, options, data, meta,
                    DurableH2Backend.this.getCursorRegistry());
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            StoreFormat.open(getMvStore(), getFullCollectionNamespace(collectionName) + "._index_" + indexName);
            return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        }
    }

    /**
     * A collection whose data size (reported only by collStats, dbStats and validate) is measured when asked, by
     * encoding every document, instead of kept up to date on every change: mongo-java-server keeps it by BSON-encoding
     * the old and the new document of every update (a whole passport, 30-50 KB, twice per write) and writing the sum
     * to the collection's meta map (one more page for every commit). Documents, indexes and every query are as before.
     *
     * <p>
     * Its updates of the common shape (one {@code $set} of plain paths, on one document) build the new document by
     * copying only what lies along the paths, see {@link #updateDocuments}.
     */
    static final class SizedOnDemand extends H2Collection {
        /**
         * mongo-java-server's own test of whether a {@code $set} changes a field (numbers compared by value, so
         * {@code 1} and {@code 1L} are the same), which it does not make public; null if a later version moves it, and
         * then every update takes the stock route.
         */
        private static final MethodHandle NULL_AWARE_EQUALS = nullAwareEquals();

        private final MVMap<Object, Document> data;
        /** Updates that took the path-copy route (a counting hook for tests). */
        private final AtomicLong pathCopies = new AtomicLong();

        SizedOnDemand(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
                MVMap<String, Object> meta, de.bwaldvogel.mongo.backend.CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
            this.data = data;
        }

        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        @Override
        protected int getDataSize() {
            if (data == null) {
                return super.getDataSize(); // called by H2Collection's constructor (a log line): the stored figure
            }
            long total = 0;
            io.netty.buffer.ByteBuf buffer = io.netty.buffer.Unpooled.buffer();
            try {
                for (Document d : data.values()) {
                    buffer.clear();
                    de.bwaldvogel.mongo.wire.bson.BsonEncoder.encodeDocument(d, buffer);
                    total += buffer.writerIndex();
                }
            } finally {
                buffer.release();
            }
            return (int) Math.min(Integer.MAX_VALUE, total);
        }

        /**
         * As mongo-java-server updates, but for the shape the store's hot writes have (one {@code $set} of plain dotted
         * paths on one document: a passport's changed entries and its version) the new document is built by path copy
         * instead. The stock route deep-clones the whole stored document twice (a passport is ~50 KB), compares the
         * clones in full and then rewrites the stored instance in place; here the new document is a shallow copy of
         * the stored one with only the sub-documents along each path copied (new fields appended, as MongoDB orders
         * them), so the cost follows the size of the change, not of the document. The stored instance is never
         * changed: a reader holding it still sees the old version whole.
         *
         * <p>
         * Everything else takes the stock route, and so does this shape when no document matches (the stock route
         * then upserts, or answers that none matched) or a path crosses anything but a sub-document (an array, a null, a scalar: the stock route's
         * errors and array rules apply). Indexes are checked and updated in the stock order, so a duplicate key is
         * refused with the same error before anything changes, and the answer ({@code n}, {@code nModified}) and the
         * oplog entry are the stock route's.
         */
        @Override
        public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                boolean isMulti, boolean isUpsert, Oplog oplog) {
            Document sets = plainSets(updateQuery, arrayFilters, isMulti);
            Document stored = null;
            if (sets != null) {
                for (Document match : queryDocuments(selector, null, 0, 0, 0, null)) {
                    stored = match;
                    break;
                }
            }
            Document updated = stored == null ? null : pathCopy(stored, sets);
            if (updated == null) {
                return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
            }
            pathCopies.incrementAndGet();
            Utils.validateFieldNames(updated); // as the stock route, changed or not
            List<Object> updatedIds = new ArrayList<>(1);
            if (!updated.equals(stored)) {
                List<Index<Object>> indexes = getIndexes();
                for (Index<Object> index : indexes) {
                    index.checkUpdate(stored, updated, this);
                }
                Object position = singlePosition(stored);
                for (Index<Object> index : indexes) {
                    index.updateInPlace(stored, updated, position, this);
                }
                // no data size to update: tracksDataSize() is false here
                handleUpdate(position, stored, updated);
                updatedIds.add(stored.get(getIdField()));
            }
            oplog.handleUpdate(getFullName(), selector, updateQuery, updatedIds);
            Document result = new Document();
            result.put("n", Integer.valueOf(1));
            result.put("nModified", Integer.valueOf(updatedIds.size()));
            return result;
        }

        /** Updates that took the path-copy route. */
        long pathCopies() {
            return pathCopies.get();
        }

        /**
         * The {@code $set} document of an update the path-copy route takes, or null: the update is only a
         * {@code $set}, on one document, without array filters, of plain dotted paths (no {@code $}, no empty or
         * numeric part, not the id, none inside another).
         */
        private Document plainSets(Document updateQuery, ArrayFilters arrayFilters, boolean isMulti) {
            if (NULL_AWARE_EQUALS == null || isMulti || arrayFilters == null || !arrayFilters.isEmpty()
                    || updateQuery.size() != 1 || !(updateQuery.get("$set") instanceof Document sets) || sets.isEmpty()
                    || getIdField() == null) {
                return null;
            }
            String id = getIdField();
            for (String path : sets.keySet()) {
                if (!isPlainPath(path) || path.equals(id) || path.startsWith(id + ".")) {
                    return null;
                }
                for (String other : sets.keySet()) {
                    if (other.startsWith(path + ".")) {
                        return null; // the stock route refuses it (conflicting paths)
                    }
                }
            }
            return sets;
        }

        private static boolean isPlainPath(String path) {
            if (path.indexOf('$') >= 0) {
                return false;
            }
            int start = 0;
            while (true) {
                int end = path.indexOf('.', start);
                int stop = end < 0 ? path.length() : end;
                if (stop == start || isDigits(path, start, stop)) {
                    return false;
                }
                if (end < 0) {
                    return true;
                }
                start = end + 1;
            }
        }

        private static boolean isDigits(String s, int from, int to) {
            for (int i = from; i < to; i++) {
                if (!Character.isDigit(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The stored document with the {@code $set} applied as mongo-java-server applies it (a path whose value is
         * already equal, by its own test, is left as it is), built by copying only the documents along the paths; the
         * stored document is not changed. Null when the stock route must decide: a path crosses something that is not
         * a sub-document, or the stored document does not start with its id (the stock route would move it first).
         */
        private Document pathCopy(Document stored, Document sets) {
            String id = getIdField();
            if (stored.isEmpty() || !id.equals(stored.keySet().iterator().next())) {
                return null;
            }
            Document top = stored.clone();
            Set<Document> copied = Collections.newSetFromMap(new IdentityHashMap<>());
            copied.add(top);
            for (Map.Entry<String, Object> set : sets.entrySet()) {
                String[] parts = set.getKey().split("\\.");
                Object old = top;
                for (int i = 0; i < parts.length && !(old instanceof Missing); i++) {
                    if (!(old instanceof Document parent)) {
                        return null; // an array, a null or a scalar on the way
                    }
                    old = parent.containsKey(parts[i]) ? parent.get(parts[i]) : Missing.getInstance();
                }
                if (!(old instanceof Missing) && nullAwareEquals(set.getValue(), old)) {
                    continue; // no change, as the stock $set
                }
                Document parent = top;
                for (int i = 0; i < parts.length - 1; i++) {
                    Document child = (Document) parent.get(parts[i]);
                    if (child == null) {
                        child = new Document(); // missing: created, appended after the parent's fields
                        copied.add(child);
                        parent.put(parts[i], child);
                    } else if (!copied.contains(child)) {
                        child = child.clone(); // the stored one's: copied once, in the same place
                        copied.add(child);
                        parent.put(parts[i], child);
                    }
                    parent = child;
                }
                parent.put(parts[parts.length - 1], cloneValue(set.getValue()));
            }
            return top;
        }

        /** The position of a stored document, found as mongo-java-server's (private) getSinglePosition finds it. */
        private Object singlePosition(Document stored) {
            List<Index<Object>> indexes = getIndexes();
            if (indexes.isEmpty()) {
                return findDocumentPosition(stored);
            }
            Set<Object> positions = new HashSet<>();
            for (Index<Object> index : indexes) {
                Object position = index.getPosition(stored);
                if (position != null) {
                    positions.add(position);
                }
            }
            return CollectionUtils.getSingleElement(positions);
        }

        /** A deep copy of a value, so that the stored document shares nothing with the update command. */
        private static Object cloneValue(Object value) {
            if (value instanceof Document d) {
                return d.cloneDeeply();
            }
            if (value instanceof Collection<?>) {
                return new Document("v", value).cloneDeeply().get("v");
            }
            return value;
        }

        private static boolean nullAwareEquals(Object a, Object b) {
            try {
                return (boolean) NULL_AWARE_EQUALS.invokeExact(a, b);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        private static MethodHandle nullAwareEquals() {
            try {
                Method m = Utils.class.getDeclaredMethod("nullAwareEquals", Object.class, Object.class);
                m.setAccessible(true);
                return MethodHandles.lookup().unreflect(m);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn(
                        "Store: mongo-java-server's nullAwareEquals is not reachable ({}); updates take the stock route",
                        e.getClass().getSimpleName());
                return null;
            }
        }
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (READ_ONLY.contains(command)) {
            return holdingVersion(() -> super.handleCommand(channel, databaseName, command, query));
        }
        if (journalWaived(query)) {
            // answered once applied, and not counted as under way: it never waits for a commit, so a commit that
            // waited for it to finish would share nothing with it (the recipients' records, written beside reads)
            return applying(channel, databaseName, command, query);
        }
        changing.incrementAndGet();
        try {
            Document answer = applying(channel, databaseName, command, query);
            awaitDurable();
            return answer;
        } finally {
            changing.decrementAndGet();
        }
    }

    /** Applies a changing command in memory, shared with other commands and excluded from a commit while it runs. */
    private Document applying(Channel channel, String databaseName, String command, Document query) {
        commands.readLock().lock();
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            commands.readLock().unlock();
        }
    }

    /**
     * Runs a read holding the version it reads: H2 lets a chunk go once no version it keeps uses it, and without this
     * hold it keeps only the last few versions (and, for the retention time, every chunk). A read-only command walks a
     * map from the root it started with while others commit (it takes none of the locks here), and a query the unique
     * indexes do not cover (an auditor's search on the stand-in) walks a whole collection for seconds; held, its version
     * and the chunks it reads stay until it ends, even past the retention time. Changing commands need no hold: a
     * commit, which is where H2 lets chunks go, waits for them (ADR 0008, amended 2026-12-07, session 28).
     */
    <T> T holdingVersion(Supplier<T> read) {
        MVStore.TxCounter reading = mv.registerVersionUsage();
        try {
            return read.get();
        } finally {
            mv.deregisterVersionUsage(reading);
        }
    }

    /**
     * Whether the command's write concern says {@code j: false}: as on MongoDB, it is acknowledged once applied (in
     * memory), and is on disk with the next commit, which any later change with the default concern waits for. Every
     * other change (no write concern, {@code j: true}, or {@code j} unset) waits for its commit as before.
     */
    static boolean journalWaived(Document query) {
        return query.get("writeConcern") instanceof Document concern && Boolean.FALSE.equals(concern.get("j"));
    }

    /** Returns once a commit that started after the caller's change is on disk (writing one if none is). */
    private void awaitDurable() {
        long before = started; // a commit numbered above this one starts after the caller's change finished
        committer.lock();
        try {
            if (durable > before) {
                return; // someone else's commit covered it while we waited
            }
            String broken = failure;
            if (broken != null) {
                throw new MongoServerException("the store cannot write to disk: " + broken);
            }
            gatherOthers();
            long mine = ++started;
            long bytesBefore = writtenSoFar();
            commands.writeLock().lock();
            try {
                mv.commit();
            } finally {
                commands.writeLock().unlock();
            }
            if (sync) {
                mv.sync(); // outside the exclusive lock: new changes go on in memory while the device flushes
            }
            durable = mine;
            commits.increment();
            countReads();
            long bytesAfter = writtenSoFar();
            if (bytesBefore >= 0 && bytesAfter > bytesBefore) {
                written.increment(bytesAfter - bytesBefore); // a compaction writing at the same moment is counted too
            }
        } catch (RuntimeException e) {
            if (!(e instanceof MongoServerException)) {
                failure = e.getClass().getSimpleName();
                LOG.error("Store: a commit to disk failed ({}); changes are refused from now on", failure);
                throw new MongoServerException("the store could not write to disk", e);
            }
            throw e;
        } finally {
            committer.unlock();
        }
    }

    /**
     * Before a commit: when changes other than the caller's are under way (applying, or waiting for this commit),
     * waits the commit delay, so that writes finishing meanwhile are covered by this commit instead of each starting
     * its own. A change whose command finished meanwhile is in the commit (the commit waits for commands that are
     * applying), so waiting never loses or reorders anything: it only makes a commit cover more, and is never taken
     * when the caller is alone. Called holding the committer lock, never the command lock: changes go on meanwhile.
     */
    private void gatherOthers() {
        if (commitDelayNanos <= 0 || changing.get() - 1 < commitSiblings) {
            return;
        }
        delayedCommits.incrementAndGet();
        delayed.increment();
        long deadline = System.nanoTime() + commitDelayNanos;
        for (long left = commitDelayNanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return; // commit now: an interrupted thread would not park again, only spin
            }
        }
    }

    /** Commits that waited for more writes to join them. */
    long delayedCommits() {
        return delayedCommits.get();
    }

    /**
     * Counts one more change as under way until the returned handle is run, as a command is counted while it applies
     * and waits for its commit: a hook for tests, which cannot otherwise hold a change at that point.
     */
    Runnable changeUnderWay() {
        changing.incrementAndGet();
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                changing.decrementAndGet();
            }
        };
    }

    /**
     * Commits this store has written (the metric {@code passport.store.commits} counts those of every store in the
     * process, which a test cannot tell apart from its own).
     */
    long commitsWritten() {
        return durable;
    }

    private static Field fileStoreCounter(String name) {
        try {
            Field f = org.h2.mvstore.FileStore.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.getType() == AtomicLong.class ? f : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // the figure is left out; nothing else depends on it
        }
    }

    /** Adds the bytes read from the file since the last count to {@link #read}. */
    private void countReads() {
        if (READ_BYTES == null) {
            return;
        }
        try {
            long now = ((AtomicLong) READ_BYTES.get(mv.getFileStore())).get();
            long before = readCounted.getAndSet(now);
            if (now > before) {
                read.increment(now - before);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the figure is left out; nothing else depends on it
        }
    }

    /** Bytes the file store has written since it was opened, or -1 if H2 does not say. */
    private long writtenSoFar() {
        if (WRITE_BYTES == null) {
            return -1;
        }
        try {
            return ((AtomicLong) WRITE_BYTES.get(mv.getFileStore())).get();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    /** Why the store cannot take changes (a commit failed), or empty. */
    Optional<String> failure() {
        return Optional.ofNullable(failure).or(() -> Optional.ofNullable(mv.getPanicException())
                .map(e -> "MVStore panic (" + e.getClass().getSimpleName() + ")"));
    }

    /**
     * One step of what H2's own background thread would do: rewrites the live pages of chunks under
     * {@value #COMPACT_FILL_RATE}% full, {@value #COMPACT_STEP_BYTES} bytes a turn, so the file does not only grow.
     * A rewrite puts each key back with the value it has at that instant (MVMap's own atomic operation), so the data
     * are the same before and after and a commit that catches it half done still holds a state between whole commands;
     * it takes MVStore's own lock, never the command lock, so changes and the commits of others go on beside it except
     * for the short time H2 holds its lock. The rewritten pages then go to disk with a group commit, like a change.
     */
    private void compact() {
        countReads();
        try {
            compactStep();
        } catch (RuntimeException e) {
            LOG.warn("Store: housekeeping failed ({})", e.getClass().getSimpleName());
        }
    }

    /**
     * One turn of {@link #compact()}: at most {@value #COMPACT_STEP_BYTES} bytes of the live pages of sparse chunks
     * rewritten, when H2 finds any; whether it rewrote anything (then it is on disk when this returns: H2 counts a
     * chunk's pages as moved only once a commit has written them elsewhere, so the next turn picks other chunks).
     */
    boolean compactStep() {
        if (failure != null || !mv.compact(COMPACT_FILL_RATE, COMPACT_STEP_BYTES)) {
            return false;
        }
        awaitDurable();
        return true;
    }

    @Override
    public void close() {
        housekeeping.shutdown(); // no interrupt: an interrupted thread's file write would close H2's file channel
        try {
            // a step under way finishes (its commit included) before the file is closed
            housekeeping.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        committer.lock();
        try {
            super.close(); // commits what is left and closes the file
        } finally {
            committer.unlock();
        }
    }
}
