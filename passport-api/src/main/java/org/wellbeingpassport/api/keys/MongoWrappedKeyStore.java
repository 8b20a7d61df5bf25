package org.wellbeingpassport.api.keys;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import com.mongodb.client.MongoCursor;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.keys.WrappedDataKey;
import org.wellbeingpassport.keys.WrappedKeyRecord;
import org.wellbeingpassport.keys.WrappedKeyStore;

/**
 * Wrapped resident data keys in MongoDB: one document per resident ({@code _id} = resident id), compare-and-set on
 * the unique (rid, version) key, its filter exactly that key so it is indexed on the embedded stand-in too. Only
 * wrapped material is stored; erasure deletes the document. They live in the key store's own database
 * ({@link KeyStoreDatabase}), never beside the data they protect: keys stored in the data's database before that
 * (ADR 0014) are moved there when this store is opened, with a progress log, and the move is audited at start-up.
 */
@Singleton
public final class MongoWrappedKeyStore implements WrappedKeyStore {
    private static final Logger LOG = LoggerFactory.getLogger(MongoWrappedKeyStore.class);
    static final String COLLECTION = "resident_keys";
    private final MongoCollection<Document> keys;
    private final long migrated;

    public MongoWrappedKeyStore(KeyStoreDatabase keyStore, MongoStore data) {
        this.keys = keyStore.database().getCollection(COLLECTION);
        keys.createIndex(Indexes.ascending("rid", "version"), new IndexOptions().unique(true).name("rid_version"));
        this.migrated = moveFrom(data.database().getCollection(COLLECTION));
    }

    /**
     * Moves every record left in the data's database into the key store: insert (a record already there was moved
     * by an interrupted earlier start, and is at least as new: every change since went to the key store), then
     * delete by {@code _id}. Idempotent and resumable; returns the number of records moved.
     */
    private long moveFrom(MongoCollection<Document> old) {
        if (old.find().projection(new Document("_id", 1)).first() == null) {
            return 0;
        }
        long total = old.countDocuments();
        LOG.info("Key store: moving {} residents' wrapped keys out of the data's database", total);
        long moved = 0;
        long started = System.nanoTime();
        try (MongoCursor<Document> it = old.find().batchSize(500).iterator()) {
            while (it.hasNext()) {
                Document d = it.next();
                try {
                    keys.insertOne(d);
                } catch (MongoWriteException e) {
                    if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                }
                old.deleteOne(eq("_id", d.get("_id")));
                moved++;
                if (moved % 1000 == 0) {
                    LOG.info("Key store: moved {} of {}", moved, total);
                }
            }
        }
        LOG.info("Key store: moved {} residents' wrapped keys in {} ms; none left beside the data", moved,
                (System.nanoTime() - started) / 1_000_000);
        return moved;
    }

    /** How many residents' records this process moved out of the data's database when it opened the key store. */
    public long migratedAtStart() {
        return migrated;
    }

    @Override
    public Optional<WrappedKeyRecord> find(String residentId) {
        return Optional.ofNullable(keys.find(eq("_id", residentId)).first()).map(MongoWrappedKeyStore::fromDocument);
    }

    @Override
    public boolean compareAndSet(long expectedVersion, WrappedKeyRecord record) {
        Document doc = toDocument(record);
        try {
            if (expectedVersion == 0) {
                keys.insertOne(doc);
                return true;
            }
            // exactly the full key of the unique (rid, version) index: an $and of the same fields makes the
            // embedded stand-in scan every resident's keys (docs/adr/0008-storage-design.md)
            return keys.replaceOne(new Document("rid", record.residentId()).append("version", expectedVersion), doc)
                    .getMatchedCount() == 1;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void destroy(String residentId) {
        keys.deleteOne(eq("_id", residentId));
    }

    @Override
    public long count() {
        return keys.countDocuments();
    }

    @Override
    public Stream<WrappedKeyRecord> all() {
        var cursor = keys.find().batchSize(500).iterator();
        Iterable<Document> it = () -> cursor;
        return StreamSupport.stream(it.spliterator(), false).map(MongoWrappedKeyStore::fromDocument)
                .onClose(cursor::close);
    }

    private static Document toDocument(WrappedKeyRecord r) {
        List<Document> list = new ArrayList<>();
        for (WrappedDataKey k : r.keys()) {
            list.add(new Document("kid", k.keyId()).append("mk", k.masterKeyId()).append("w", k.wrappedKey())
                    .append("created", k.createdAtEpochMilli()).append("reserved", k.encryptionsReserved())
                    .append("retired", k.retired()));
        }
        return new Document("_id", r.residentId()).append("rid", r.residentId()).append("version", r.version())
                .append("primary", r.primaryKeyId()).append("keys", list);
    }

    private static WrappedKeyRecord fromDocument(Document d) {
        List<WrappedDataKey> list = new ArrayList<>();
        for (Document k : d.getList("keys", Document.class)) {
            list.add(new WrappedDataKey(k.getString("kid"), k.getString("mk"), k.getString("w"), k.getLong("created"),
                    k.getLong("reserved"), k.getBoolean("retired")));
        }
        return new WrappedKeyRecord(d.getString("rid"), d.getLong("version"), d.getString("primary"), list);
    }
}
