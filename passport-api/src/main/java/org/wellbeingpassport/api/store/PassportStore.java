package org.wellbeingpassport.api.store;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.wellbeingpassport.fhir.store.StorageForm;
import org.wellbeingpassport.keys.ElementCipher;
import org.wellbeingpassport.keys.KeyHierarchy;

/**
 * FHIR resources of every passport, with FHIR versioning, on MongoDB without multi-document transactions.
 *
 * <p>
 * Three collections (see docs/adr/0001-storage.md and docs/adr/0008-storage-design.md):
 * <ul>
 * <li>{@code passports}: one document per resident, {@code _id} = resident id, holding the current version of each
 * of the resident's resources under {@code res.<Type/id>} and an aggregate counter {@code ver}. Every write is a
 * compare-and-set whose filter is exactly {@code {rid, ver}}, the full key of the unique index (rid, ver), so it is
 * one indexed, atomic single-document update on real MongoDB and on the embedded stand-in alike.</li>
 * <li>{@code passport_heads}: one small document per resident, {@code _id} = resident id, {@code ver} never lower
 * than the passport's and never lowered, raised before the passport's changes. Readers check their prepared copy
 * against it (a few bytes by {@code _id}) instead of against the whole passport document. It outlives an erasure
 * as a tombstone of one counter, so a passport started again under the same id never reuses a version.</li>
 * <li>{@code resource_history}: insert-only, {@code _id} = {r, t, i, v}. Inserting version n+1 of a resource is the
 * claim on that version: exactly one writer can succeed, so concurrent writers never both get the same version
 * and never lose an update.</li>
 * </ul>
 * A writer that wins the claim but dies before publishing leaves a claimed, unpublished version; the next writer of
 * that resource publishes it ("roll forward") before going on, so the record never gets stuck.
 */
@Singleton
public final class PassportStore {
    public static final String PASSPORTS = "passports";
    public static final String HISTORY = "resource_history";
    public static final String HEADS = "passport_heads";
    private static final int MAX_ATTEMPTS = 64;
    private static final long SETTLE_WAIT_MILLIS = 250;
    /** A change of several resources that has not claimed them all after this long was abandoned by its writer. */
    private static final long ABANDONED_MILLIS = 30_000;
    /** The mark of a claim made by a change of several resources ({@link #updateAll}). */
    private static final String TX = "tx";

    private final MongoCollection<Document> passports;
    private final MongoCollection<Document> history;
    private final MongoCollection<RawBsonDocument> rawPassports;
    private final MongoCollection<Document> heads;
    /** The history and the heads for the steps of a write before its last (see {@link #stepsOf}). */
    private final MongoCollection<Document> historySteps;
    private final MongoCollection<Document> headSteps;
    private final MongoCollection<RawBsonDocument> rawHeads;
    private final Clock clock;
    private final AtRest atRest;
    private final com.mongodb.client.MongoDatabase database;

    public PassportStore(MongoStore store, KeyHierarchy keys) {
        this(store, keys, Clock.systemUTC());
    }

    PassportStore(MongoStore store, KeyHierarchy keys, Clock clock) {
        this.atRest = new AtRest(keys.elements(), store.envelopeBytes());
        this.database = store.database();
        this.passports = store.database().getCollection(PASSPORTS);
        this.history = store.database().getCollection(HISTORY);
        this.rawPassports = store.database().getCollection(PASSPORTS, RawBsonDocument.class);
        this.heads = store.database().getCollection(HEADS);
        this.historySteps = stepsOf(history);
        this.headSteps = stepsOf(heads);
        this.rawHeads = store.database().getCollection(HEADS, RawBsonDocument.class);
        this.clock = clock;
        passports.createIndex(Indexes.ascending("rid", "ver"), new IndexOptions().unique(true).name("rid_ver"));
    }

    /**
     * The collection for the steps of a write before the one that makes it current: the claim in history and the
     * raise of the head are sent with the client's write concern but {@code j: false}, so on the on-disk stand-in
     * they are acknowledged once applied, without waiting for a commit of their own; the compare-and-set (or insert)
     * that publishes the write follows with the full write concern, and the commit it waits for holds every step
     * before it (one store, commits in order, each taken between whole commands). On real MongoDB the write concern
     * is otherwise unchanged (majority, whose acknowledgement of the last step covers the earlier ones of the same
     * client in oplog order). See docs/adr/0014-durability-and-erasure.md, amended 2026-12-04.
     */
    private static MongoCollection<Document> stepsOf(MongoCollection<Document> collection) {
        return MongoStore.withoutJournal(collection);
    }

    /**
     * A no-op change with the full write concern: returns once everything this thread saw is on disk. For the rare
     * paths that answer a write as done on the strength of another writer's publish, which may still be waiting for
     * its commit.
     */
    private void confirmDurable(String residentId) {
        heads.updateOne(eq("_id", residentId), Updates.max("ver", 0L));
    }

    /** The current version of a resource of a resident. */
    public Optional<StoredResource> read(String residentId, String type, String id) {
        return readForChange(residentId, type, id).resource();
    }

    /**
     * One resource as read before a change of it: what {@link #read} gives, with the passport document it came from
     * (its version, when it was started and that one resource), so that the change's first attempt
     * ({@link #update(Seen, OptionalLong, boolean, VersionedRenderer)}) starts from it instead of reading the same
     * document again. Starting from an older read is what a slower read would be: the claim of the next version and
     * the compare-and-set on the passport's version fail if anything changed since, and the attempt after reads again.
     */
    public final class Seen {
        private final String residentId;
        private final String type;
        private final String id;
        private final Document passport;

        private Seen(String residentId, String type, String id, Document passport) {
            this.residentId = residentId;
            this.type = type;
            this.id = id;
            this.passport = passport;
        }

        /** The resource as it was read; empty when the passport or the resource was not there. */
        public Optional<StoredResource> resource() {
            if (passport == null) {
                return Optional.empty();
            }
            Document entry = resources(passport).get(key(type, id), Document.class);
            return Optional.ofNullable(entry).map(e -> toStored(residentId, e));
        }
    }

    /** Reads one resource for a change of it (see {@link Seen}). */
    public Seen readForChange(String residentId, String type, String id) {
        return new Seen(residentId, type, id,
                passports.find(eq("_id", residentId)).projection(oneResource(type, id)).first());
    }

    /** Every current resource of a resident's passport (one indexed read). */
    public List<StoredResource> readPassport(String residentId) {
        Document passport = passports.find(eq("_id", residentId)).first();
        if (passport == null) {
            return List.of();
        }
        List<StoredResource> all = new ArrayList<>();
        for (Object value : resources(passport).values()) {
            all.add(toStored(residentId, (Document) value));
        }
        return List.copyOf(all);
    }

    /**
     * The hot read path: the whole passport in one indexed read, decoded straight from the BSON bytes into
     * JSON trees (no intermediate Document), with the passport's version and the version of its directives.
     */
    public Optional<PassportSnapshot> snapshot(String residentId) {
        RawBsonDocument raw = rawPassports.find(eq("_id", residentId)).first();
        if (raw == null) {
            return Optional.empty();
        }
        BsonDocument res = raw.getDocument("res");
        List<PassportSnapshot.Resource> resources = new ArrayList<>(res.size());
        for (BsonValue value : res.values()) {
            BsonDocument e = value.asDocument();
            resources.add(new PassportSnapshot.Resource(
                    e.getString("t").getValue(), e.getString("i").getValue(), e.getInt64("v").getValue(),
                    Instant.ofEpochMilli(e.getDateTime("lu").getValue()), atRest.tree(residentId,
                            e.getString("t").getValue(), e.getString("i").getValue(), e.getDocument("r")),
                    e.getBoolean("s", BsonBoolean.TRUE).getValue()));
        }
        return Optional.of(new PassportSnapshot(residentId, versionOf(raw), List.copyOf(resources)));
    }

    /**
     * Which passport this is and its aggregate version: when it was started and {@code ver}. A prepared copy made
     * from a passport document at {@code ver} is current exactly when the passport's head is at that {@code ver}: the
     * head is raised before every change and never lowered, and versions are never reused for a resident, not even
     * by a passport started again after an erasure (see docs/adr/0008-storage-design.md).
     */
    public record Version(long created, long ver) {
    }

    /**
     * The compare-and-set a change made: the passport started at {@code created} went from {@code from} straight to
     * {@code to}, and nothing else changed it in between (its filter was exactly {@code {rid, ver: from}}; versions are
     * never reused for a resident). So the passport at {@code to} is the one at {@code from} with that change, which
     * is what a copy at {@code from} needs to go on to {@code to} without reading anything (ADR 0007, amended
     * 2026-12-05). Unknown (absent) when another writer published the change for this one.
     */
    public record Step(long created, long from, long to) {
    }

    /**
     * The passport's head: one small document read by {@code _id}, so the check costs the same whatever the size of
     * the passport or the number of residents, on every backend (the on-disk stand-in deserialises a whole document
     * to read any field of it). Empty when there is no passport; present but newer than every copy after an erasure.
     */
    public Optional<Version> version(String residentId) {
        RawBsonDocument head = rawHeads.find(eq("_id", residentId)).first();
        if (head != null) {
            return Optional.of(versionOf(head));
        }
        // no head: a passport stored before heads existed gets one now (never one written since: they raise it first)
        RawBsonDocument raw = rawPassports.find(eq("_id", residentId))
                .projection(new Document("ver", 1).append("created", 1)).first();
        if (raw == null) {
            return Optional.empty();
        }
        Version v = versionOf(raw);
        raiseHead(residentId, v.ver(), v.created());
        return Optional.of(v);
    }

    private static Version versionOf(BsonDocument passport) {
        BsonValue created = passport.get("created");
        return new Version(created != null && created.isDateTime() ? created.asDateTime().getValue() : 0,
                passport.getNumber("ver").longValue());
    }

    /** The head's version, 0 when there is none. */
    private long headVersion(String residentId) {
        RawBsonDocument head = rawHeads.find(eq("_id", residentId)).first();
        return head == null ? 0 : head.getNumber("ver").longValue();
    }

    /**
     * Raises the head to at least {@code ver} (never lowers it) and records which passport it is: one atomic update
     * by {@code _id}. Two first writers may both try to insert it; the loser's update then finds it.
     */
    private void raiseHead(String residentId, long ver, long created) {
        List<org.bson.conversions.Bson> updates = new ArrayList<>(2);
        updates.add(Updates.max("ver", ver));
        if (created != 0) {
            updates.add(Updates.set("created", new Date(created)));
        }
        for (int attempt = 0;; attempt++) {
            try {
                headSteps.updateOne(eq("_id", residentId), Updates.combine(updates), new UpdateOptions().upsert(true));
                return;
            } catch (MongoWriteException e) {
                if (!isDuplicate(e) || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * The version a change of a passport seen at {@code seenVer} publishes, with the head raised to it first: above
     * both the seen version and the head, so a head left ahead by a writer that died is caught up with.
     */
    private long nextVersion(String residentId, long seenVer, long created) {
        if (seenVer > 0) {
            // the usual case, in one update instead of a read and an update: the head is at the seen version (H1 and
            // nobody else writing), and raising it by one changes it. If it changed nothing, the head is ahead (a
            // writer that died, or a concurrent one) or missing (a passport stored before heads): the general way.
            UpdateResult r = headSteps.updateOne(eq("_id", residentId), Updates.max("ver", seenVer + 1));
            if (r.getMatchedCount() == 1 && r.getModifiedCount() == 1) {
                return seenVer + 1;
            }
        }
        long next = Math.max(seenVer, headVersion(residentId)) + 1;
        raiseHead(residentId, next, created);
        return next;
    }

    /**
     * Before a passport is erased: its head is raised above every version any instance may hold a copy of, and it
     * forgets when the passport was started, so no copy is served from then on, whatever happens to the erasure.
     * The head itself stays, as a tombstone of one counter: a passport started again under this id goes on from it.
     */
    public void retire(String residentId) {
        RawBsonDocument raw = rawPassports.find(eq("_id", residentId)).projection(new Document("ver", 1)).first();
        long ver = Math.max(raw == null ? 0 : raw.getNumber("ver").longValue(), headVersion(residentId)) + 1;
        raiseHead(residentId, ver, 0);
        heads.updateOne(eq("_id", residentId), Updates.unset("created"));
    }

    /**
     * Erases a passport whose head was retired: every stored version of its resources (each by its full key), then
     * the passport. Returns the number of resource versions removed. Idempotent.
     */
    public long erase(PassportSnapshot snapshot) {
        String residentId = snapshot.residentId();
        retire(residentId);
        long removed = 0;
        for (PassportSnapshot.Resource r : snapshot.resources()) {
            for (long v = 1; v <= r.version(); v++) {
                removed += history.deleteOne(eq("_id", historyId(residentId, r.type(), r.id(), v))).getDeletedCount();
            }
        }
        passports.deleteOne(eq("_id", residentId));
        return removed;
    }

    /**
     * Whether this id belonged to a passport that was erased: its head is a tombstone (no start time) and there is no
     * passport. Loaders of fixed ids (the demo) must not start it again (ADR 0014).
     */
    public boolean erased(String residentId) {
        RawBsonDocument head = rawHeads.find(eq("_id", residentId)).first();
        return head != null && head.get("created") == null && !exists(residentId);
    }

    public boolean exists(String residentId) {
        return passports.find(eq("_id", residentId)).projection(new Document("_id", 1)).first() != null;
    }

    /** A past (or the current) version of a resource. */
    public Optional<StoredResource> readVersion(String residentId, String type, String id, long version) {
        Document h = history.find(eq("_id", historyId(residentId, type, id, version))).first();
        return Optional.ofNullable(h).map(d -> toStored(residentId, d));
    }

    /** Up to {@code count} versions, newest first, each fetched by its full key. */
    public List<StoredResource> history(String residentId, String type, String id, int count) {
        Optional<StoredResource> current = read(residentId, type, id);
        if (current.isEmpty()) {
            return List.of();
        }
        List<StoredResource> versions = new ArrayList<>();
        versions.add(current.get());
        for (long v = current.get().version() - 1; v >= 1 && versions.size() < count; v--) {
            readVersion(residentId, type, id, v).ifPresent(versions::add);
        }
        return List.copyOf(versions);
    }

    /**
     * Starts a resident's passport with its first resource (the Patient). Fails with {@link VersionConflict} when a
     * passport with that id exists already.
     */
    public WriteOutcome createPassport(String residentId, String type, String id, VersionedRenderer renderer) {
        Instant now = now();
        String json = renderer.render(id, 1, now);
        Document entry = entry(residentId, type, id, 1, now, json);
        if (!claim(residentId, entry)) {
            return new WriteOutcome.VersionConflict(1);
        }
        long ver = nextVersion(residentId, 0, now.toEpochMilli());
        try {
            passports.insertOne(new Document("_id", residentId).append("rid", residentId).append("ver", ver)
                    .append("created", Date.from(now)).append("res", new Document(key(type, id), entry)));
        } catch (MongoWriteException e) {
            if (isDuplicate(e)) {
                return new WriteOutcome.VersionConflict(1);
            }
            throw e;
        }
        return new WriteOutcome.Written(new StoredResource(residentId, type, id, 1, now, json), true);
    }

    /** One resource of a passport being imported whole. */
    public record NewResource(String type, String id, VersionedRenderer renderer) {
    }

    /**
     * Imports a whole passport at version 1 of each resource: one insert of all history entries, then one insert of
     * the passport. False (and nothing changed) when the passport exists already, so loading is idempotent. A crash
     * between the two inserts leaves only history entries, which the next import of the same passport reuses.
     */
    public boolean importPassport(String residentId, List<NewResource> resources) {
        if (exists(residentId)) {
            return false;
        }
        Instant now = now();
        Document res = new Document();
        List<Document> claims = new ArrayList<>(resources.size());
        for (NewResource r : resources) {
            Document entry = entry(residentId, r.type(), r.id(), 1, now, r.renderer().render(r.id(), 1, now));
            res.append(key(r.type(), r.id()), entry);
            Document h = new Document("_id", historyId(residentId, r.type(), r.id(), 1));
            h.putAll(entry);
            claims.add(h);
        }
        try {
            history.insertMany(claims); // one command (and one durable commit) for all of them, the usual case
        } catch (com.mongodb.MongoBulkWriteException bulk) {
            if (bulk.getWriteErrors().stream().anyMatch(e -> e.getCategory() != ErrorCategory.DUPLICATE_KEY)) {
                throw bulk;
            }
            // some were left by an interrupted import of this passport: one by one, as they stand
            for (Document h : claims) {
                try {
                    history.insertOne(h);
                } catch (MongoWriteException e) {
                    if (!isDuplicate(e)) {
                        throw e;
                    }
                    history.replaceOne(eq("_id", h.get("_id")), h);
                }
            }
        }
        long ver = nextVersion(residentId, 0, now.toEpochMilli());
        try {
            passports.insertOne(new Document("_id", residentId).append("rid", residentId).append("ver", ver)
                    .append("created", Date.from(now)).append("res", res));
            return true;
        } catch (MongoWriteException e) {
            if (isDuplicate(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Writes a new version of a resource of an existing passport.
     *
     * @param ifMatch the version the writer last saw; empty to write whatever is current
     * @param createIfMissing create the resource (at version 1) when the passport does not hold it yet
     */
    public WriteOutcome update(String residentId, String type, String id, OptionalLong ifMatch, boolean createIfMissing,
            VersionedRenderer renderer) {
        return update(residentId, type, id, ifMatch, createIfMissing, renderer, null);
    }

    /**
     * As {@link #update(String, String, String, OptionalLong, boolean, VersionedRenderer)}, its first attempt starting
     * from the passport as {@code seen} read it (when it was there) instead of reading it again.
     */
    public WriteOutcome update(Seen seen, OptionalLong ifMatch, boolean createIfMissing, VersionedRenderer renderer) {
        return update(seen.residentId, seen.type, seen.id, ifMatch, createIfMissing, renderer, seen.passport);
    }

    private WriteOutcome update(String residentId, String type, String id, OptionalLong ifMatch,
            boolean createIfMissing, VersionedRenderer renderer, Document seenFirst) {
        Document projection = oneResource(type, id);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Document passport = attempt == 0 && seenFirst != null
                    ? seenFirst
                    : passports.find(eq("_id", residentId)).projection(projection).first();
            if (passport == null) {
                return new WriteOutcome.NotFound();
            }
            Document current = resources(passport).get(key(type, id), Document.class);
            if (current == null && !createIfMissing) {
                return new WriteOutcome.NotFound();
            }
            long currentVersion = current == null ? 0 : current.getLong("v");
            if (ifMatch.isPresent() && ifMatch.getAsLong() != currentVersion) {
                return new WriteOutcome.VersionConflict(currentVersion);
            }
            long next = currentVersion + 1;
            Instant now = now();
            String json = renderer.render(id, next, now);
            Document entry = entry(residentId, type, id, next, now, json);
            if (!claim(residentId, entry)) {
                // another writer holds version `next`: let it finish (or finish it for them), then go round again
                settle(residentId, type, id, next);
                if (ifMatch.isPresent()) {
                    return new WriteOutcome.VersionConflict(next);
                }
                backoff(attempt);
                continue;
            }
            Optional<Step> step = publish(residentId, passport, entry);
            return new WriteOutcome.Written(new StoredResource(residentId, type, id, next, now, json), current == null,
                    step);
        }
        throw new StoreContentionException("too many concurrent writers on " + type + "/" + id);
    }

    /** One resource of a change of several (see {@link #updateAll}). */
    public record ResourceWrite(String type, String id, OptionalLong ifMatch, boolean createIfMissing,
            VersionedRenderer renderer) {
    }

    /** What {@link #updateAll} did: all of it, or nothing and why. */
    public sealed interface ChangeOutcome {
        /** Every resource written, in the order given, as one new version of the passport. */
        record Written(long passportVersion, List<StoredResource> resources, List<Boolean> created,
                Optional<Step> step) implements ChangeOutcome {
        }

        /** If-Match named a version of this resource that is no longer current: nothing written. */
        record VersionConflict(String type, String id, long currentVersion) implements ChangeOutcome {
        }

        /** No passport ({@code type} and {@code id} empty), or no such resource to update: nothing written. */
        record NotFound(String type, String id) implements ChangeOutcome {
        }
    }

    /**
     * Writes new versions of several resources of one passport as ONE new version of the passport, all or nothing:
     * one compare-and-set of the passport document (by the full key of its unique index) makes them all current at
     * once. Before it, each resource's next version is claimed in history as a single writer claims it; the claims of
     * one change carry its id, and the first of them (the primary) lists them all. A single writer blocked on one of
     * these claims rolls the whole change forward, never one resource of it; a change that could not claim all its
     * versions removes its own claims before anything is published (see docs/adr/0012-partner-api.md, 2026-12-03).
     */
    public ChangeOutcome updateAll(String residentId, List<ResourceWrite> writes) {
        if (writes.isEmpty()) {
            throw new IllegalArgumentException("nothing to write");
        }
        boolean conditional = writes.stream().anyMatch(w -> w.ifMatch().isPresent());
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Document passport = passports.find(eq("_id", residentId)).first();
            if (passport == null) {
                return new ChangeOutcome.NotFound("", "");
            }
            Instant now = now();
            List<Document> entries = new ArrayList<>(writes.size());
            List<Boolean> created = new ArrayList<>(writes.size());
            List<StoredResource> written = new ArrayList<>(writes.size());
            for (ResourceWrite w : writes) {
                Document current = resources(passport).get(key(w.type(), w.id()), Document.class);
                if (current == null && !w.createIfMissing()) {
                    return new ChangeOutcome.NotFound(w.type(), w.id());
                }
                long currentVersion = current == null ? 0 : current.getLong("v");
                if (w.ifMatch().isPresent() && w.ifMatch().getAsLong() != currentVersion) {
                    return new ChangeOutcome.VersionConflict(w.type(), w.id(), currentVersion);
                }
                String json = w.renderer().render(w.id(), currentVersion + 1, now);
                entries.add(entry(residentId, w.type(), w.id(), currentVersion + 1, now, json));
                created.add(current == null);
                written.add(new StoredResource(residentId, w.type(), w.id(), currentVersion + 1, now, json));
            }
            int lost = claimAll(residentId, entries);
            if (lost >= 0) {
                Document e = entries.get(lost);
                settle(residentId, e.getString("t"), e.getString("i"), e.getLong("v"));
                if (conditional) {
                    return new ChangeOutcome.VersionConflict(e.getString("t"), e.getString("i"), e.getLong("v"));
                }
                backoff(attempt);
                continue;
            }
            Published published = publishAll(residentId, passport, entries);
            return new ChangeOutcome.Written(published.ver(), List.copyOf(written), List.copyOf(created),
                    published.step());
        }
        throw new StoreContentionException("too many concurrent writers on passport " + residentId);
    }

    /**
     * Claims every entry's version in one ordered insert, each claim marked with the change's id, the first (primary)
     * listing all of them. Returns -1 when all are claimed; else the index of one another writer holds, after removing
     * the claims of this change that were made (nobody publishes a change whose claims are incomplete).
     */
    private int claimAll(String residentId, List<Document> entries) {
        String tx = java.util.UUID.randomUUID().toString();
        List<Document> ids = new ArrayList<>(entries.size());
        for (Document e : entries) {
            ids.add(historyId(residentId, e.getString("t"), e.getString("i"), e.getLong("v")));
        }
        List<Document> claims = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Document h = new Document("_id", ids.get(i));
            h.putAll(entries.get(i));
            Document mark = new Document("id", tx);
            if (i == 0) {
                mark.append("of", ids);
            } else {
                mark.append("primary", ids.get(0));
            }
            h.append(TX, mark);
            claims.add(h);
        }
        try {
            historySteps.insertMany(claims, new com.mongodb.client.model.InsertManyOptions().ordered(true));
            return -1;
        } catch (com.mongodb.MongoBulkWriteException bulk) {
            if (bulk.getWriteErrors().stream().anyMatch(e -> e.getCategory() != ErrorCategory.DUPLICATE_KEY)) {
                throw bulk;
            }
            int lost = bulk.getWriteErrors().get(0).getIndex();
            for (Document id : ids) {
                Document h = history.find(eq("_id", id)).first();
                if (h != null && tx.equals(h.get(TX, new Document()).getString("id"))) {
                    historySteps.deleteOne(eq("_id", id));
                }
            }
            return lost;
        }
    }

    /**
     * Makes claimed versions current together: one compare-and-set on the passport's exact (rid, ver), retried while
     * other resources of the passport change. Returns the passport version published.
     */
    private Published publishAll(String residentId, Document seen, List<Document> entries) {
        Document first = entries.get(0);
        String firstKey = key(first.getString("t"), first.getString("i"));
        Document passport = seen;
        for (int attempt = 0; attempt < MAX_ATTEMPTS * 4; attempt++) {
            long ver = passport.getLong("ver");
            long next = nextVersion(residentId, ver, createdOf(passport));
            List<org.bson.conversions.Bson> sets = new ArrayList<>(entries.size() + 1);
            for (Document e : entries) {
                sets.add(Updates.set("res." + key(e.getString("t"), e.getString("i")), e));
            }
            sets.add(Updates.set("ver", next));
            if (passports.updateOne(casFilter(residentId, ver), Updates.combine(sets)).getMatchedCount() == 1) {
                return new Published(next, Optional.of(new Step(createdOf(passport), ver, next)));
            }
            passport = passports.find(eq("_id", residentId)).first();
            if (passport == null) {
                throw new IllegalStateException("passport disappeared while writing");
            }
            Document now = resources(passport).get(firstKey, Document.class);
            if (now != null && now.getLong("v") >= first.getLong("v")) {
                // rolled forward whole by a writer it blocked (claims are unique, and published all together)
                confirmDurable(residentId);
                return new Published(passport.getLong("ver"), Optional.empty());
            }
        }
        throw new StoreContentionException("too many concurrent writers on passport " + residentId);
    }

    /** The passport version a change of several resources was published at, and its step when this writer made it. */
    private record Published(long ver, Optional<Step> step) {
    }

    /**
     * A claimed version that belongs to a change of several resources is made current only with all of them: when
     * the change claimed them all, publish them together; when it did not and the claim is older than
     * {@link #ABANDONED_MILLIS} (its writer died while claiming), remove the blocking claim, which that change can
     * then never complete.
     */
    private void rollForwardChange(String residentId, Document passport, Document claimed) {
        Document mark = claimed.get(TX, Document.class);
        String tx = mark.getString("id");
        Document primary = mark.containsKey("of")
                ? claimed
                : history.find(eq("_id", mark.get("primary", Document.class))).first();
        List<Document> entries = new ArrayList<>();
        boolean complete = primary != null && tx.equals(primary.get(TX, new Document()).getString("id"));
        if (complete) {
            for (Object o : primary.get(TX, Document.class).getList("of", Object.class)) {
                Document h = history.find(eq("_id", o)).first();
                if (h == null || !tx.equals(h.get(TX, new Document()).getString("id"))) {
                    complete = false;
                    break;
                }
                h.remove("_id");
                h.remove(TX);
                entries.add(h);
            }
        }
        if (complete) {
            publishAll(residentId, passport, entries);
        } else if (claimed.getDate("lu").toInstant().plusMillis(ABANDONED_MILLIS).isBefore(clock.instant())) {
            history.deleteOne(eq("_id", claimed.get("_id")));
        }
    }

    /**
     * {@link #sealStoredInTheClear} unless a complete pass was recorded already (one small document in
     * {@code store_migrations}): empty when there was nothing to do.
     */
    public Optional<SealReport> sealStoredInTheClearOnce(java.util.function.LongConsumer progress) {
        MongoCollection<Document> migrations = database.getCollection("store_migrations");
        if (migrations.find(eq("_id", "sealed-at-rest")).first() != null) {
            return Optional.empty();
        }
        SealReport report = sealStoredInTheClear(progress);
        migrations.updateOne(eq("_id", "sealed-at-rest"), Updates.set("at", Date.from(clock.instant())),
                new UpdateOptions().upsert(true));
        return Optional.of(report);
    }

    /** What {@link #sealStoredInTheClear} did. */
    public record SealReport(long passports, long resources, long historyVersions) {
    }

    /**
     * Seals every resource stored before the at-rest envelope ({@link AtRest}, ADR 0014): a batch job over the whole
     * store (a scan, off the hot paths), run at start-up until it has once found nothing left; progress through
     * {@code progress} (documents visited). The passport's resources are replaced by a compare-and-set on its exact
     * (rid, ver) without changing the version (the content is the same, so prepared copies stay right); history
     * versions by their full key. Passports being erased are left alone. Idempotent and resumable.
     */
    public SealReport sealStoredInTheClear(java.util.function.LongConsumer progress) {
        long passportsSealed = 0;
        long resources = 0;
        long visited = 0;
        List<String> ids = new ArrayList<>();
        for (Document d : passports.find().projection(new Document("_id", 1))) {
            ids.add(d.getString("_id"));
        }
        for (String rid : ids) {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Document passport = passports.find(eq("_id", rid)).first();
                if (passport == null || erased(rid)) {
                    break;
                }
                List<org.bson.conversions.Bson> sets = new ArrayList<>();
                Document res = resources(passport);
                for (String key : res.keySet()) {
                    Document e = res.get(key, Document.class);
                    Document r = e.get("r", Document.class);
                    if (r != null && !r.containsKey(AtRest.FIELD)) {
                        sets.add(Updates.set("res." + key + ".r",
                                atRest.seal(rid, e.getString("t"), e.getString("i"), StorageForm.toJson(r))));
                    }
                }
                if (sets.isEmpty()
                        || passports.updateOne(casFilter(rid, passport.getLong("ver")), Updates.combine(sets))
                                .getMatchedCount() == 1) {
                    if (!sets.isEmpty()) {
                        passportsSealed++;
                        resources += sets.size();
                    }
                    break;
                }
            }
            progress.accept(++visited);
        }
        long history = 0;
        List<Document> plain = new ArrayList<>();
        for (Document h : this.history.find(new Document("r." + AtRest.FIELD, new Document("$exists", false)))) {
            plain.add(h);
        }
        for (Document h : plain) {
            Document id = h.get("_id", Document.class);
            String rid = id.getString("r");
            if (!exists(rid)) {
                continue; // being erased: its history goes with it
            }
            Document sealed = atRest.seal(rid, h.getString("t"), h.getString("i"),
                    StorageForm.toJson(h.get("r", Document.class)));
            history += this.history.updateOne(eq("_id", id), Updates.set("r", sealed)).getModifiedCount();
            progress.accept(++visited);
        }
        return new SealReport(passportsSealed, resources, history);
    }

    /** Inserts the history entry that claims a version; false when another writer claimed it first. */
    private boolean claim(String residentId, Document entry) {
        Document h = new Document("_id",
                historyId(residentId, entry.getString("t"), entry.getString("i"), entry.getLong("v")));
        h.putAll(entry);
        try {
            historySteps.insertOne(h);
            return true;
        } catch (MongoWriteException e) {
            if (isDuplicate(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Makes a claimed version current: the head is raised to the new aggregate version, then a compare-and-set whose
     * filter is exactly the full key of the unique (rid, ver) index (an {@code $and} of the same two fields is not
     * used by the embedded stand-in's planner, and scans), retried while other resources of the passport change.
     */
    private Optional<Step> publish(String residentId, Document seen, Document entry) {
        String field = "res." + key(entry.getString("t"), entry.getString("i"));
        long version = entry.getLong("v");
        Document passport = seen;
        for (int attempt = 0; attempt < MAX_ATTEMPTS * 4; attempt++) {
            long ver = passport.getLong("ver");
            long next = nextVersion(residentId, ver, createdOf(passport));
            UpdateResult result = passports.updateOne(casFilter(residentId, ver),
                    Updates.combine(Updates.set(field, entry), Updates.set("ver", next)));
            if (result.getMatchedCount() == 1) {
                return Optional.of(new Step(createdOf(passport), ver, next));
            }
            passport = passports.find(eq("_id", residentId))
                    .projection(oneResource(entry.getString("t"), entry.getString("i"))).first();
            if (passport == null) {
                throw new IllegalStateException("passport disappeared while writing");
            }
            Document now = resources(passport).get(key(entry.getString("t"), entry.getString("i")), Document.class);
            if (now != null && now.getLong("v") >= version) {
                confirmDurable(residentId); // published already, by a writer that rolled it forward
                return Optional.empty();
            }
        }
        throw new StoreContentionException("too many concurrent writers on passport " + residentId);
    }

    /**
     * What a write or a read of one resource needs of the passport document: its version, when it was started and
     * that one resource, not the whole document (30-50 KB of sealed resources) encoded, sent and decoded each time.
     */
    private static Document oneResource(String type, String id) {
        return new Document("ver", 1).append("created", 1).append("res." + key(type, id), 1);
    }

    /** {@code {rid: x, ver: n}} and nothing else: the full key of the unique index, as the stand-in needs it. */
    static Document casFilter(String residentId, long ver) {
        return new Document("rid", residentId).append("ver", ver);
    }

    private static long createdOf(Document passport) {
        Date created = passport.getDate("created");
        return created == null ? 0 : created.getTime();
    }

    /** Waits for a claimed version to be published; publishes it from history if its writer went away. */
    private void settle(String residentId, String type, String id, long version) {
        long deadline = System.nanoTime() + SETTLE_WAIT_MILLIS * 1_000_000;
        int round = 0;
        Document projection = oneResource(type, id);
        while (true) {
            Document passport = passports.find(eq("_id", residentId)).projection(projection).first();
            Document current = passport == null ? null : resources(passport).get(key(type, id), Document.class);
            if (passport == null || (current != null && current.getLong("v") >= version)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                Document claimed = history.find(eq("_id", historyId(residentId, type, id, version))).first();
                if (claimed != null && claimed.containsKey(TX)) {
                    rollForwardChange(residentId, passport, claimed);
                } else if (claimed != null) {
                    claimed.remove("_id");
                    publish(residentId, passport, claimed);
                }
                return;
            }
            backoff(round++);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * A stored version: ids, version and time in the clear (what the store's keys and the version checks need), the
     * resource itself sealed under the resident's data key ({@link AtRest}). {@code s} tells readers whether the
     * resource has elements sealed inside it too (SealedElements), so that a plain one is not walked for them.
     */
    private Document entry(String residentId, String type, String id, long version, Instant lastUpdated, String json) {
        return new Document("t", type).append("i", id).append("v", version).append("lu", Date.from(lastUpdated))
                .append("s", json.contains(ElementCipher.TOKEN_PREFIX))
                .append("r", atRest.seal(residentId, type, id, json));
    }

    private StoredResource toStored(String residentId, Document e) {
        return new StoredResource(residentId, e.getString("t"), e.getString("i"), e.getLong("v"),
                e.getDate("lu").toInstant(),
                atRest.json(residentId, e.getString("t"), e.getString("i"), e.get("r", Document.class)));
    }

    private static Document resources(Document passport) {
        Document res = passport.get("res", Document.class);
        return res == null ? new Document() : res;
    }

    /** Field order matters: MongoDB compares embedded documents field by field. */
    public static Document historyId(String residentId, String type, String id, long version) {
        return new Document("r", residentId).append("t", type).append("i", id).append("v", version);
    }

    /** A field name for Type/id: '.', '$' and '%' are escaped, as MongoDB field names must not carry them. */
    static String key(String type, String id) {
        String raw = type + "/" + id;
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '%' -> b.append("%25");
                case '.' -> b.append("%2E");
                case '$' -> b.append("%24");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isDuplicate(MongoWriteException e) {
        return e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    private static void backoff(int attempt) {
        long max = Math.min(20, 1L << Math.min(attempt, 4));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, max + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreContentionException("interrupted while waiting for another writer");
        }
    }
}
