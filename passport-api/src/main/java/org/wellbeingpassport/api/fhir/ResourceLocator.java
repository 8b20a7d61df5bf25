package org.wellbeingpassport.api.fhir;

import static com.mongodb.client.model.Filters.eq;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.wellbeingpassport.api.store.MongoStore;

/**
 * Which resident a resource belongs to, for reads by {@code Type/id} alone (FHIR's read has no patient in its URL).
 * Store keys are per resident; this index ({@code fhir_ids}, {@code _id} = {@code Type/id}, insert-only) is filled
 * with what a partner was given: the resources it created and those a search or {@code $everything} disclosed to it
 * (whose resident is known there). So a read resolves what a partner can have learnt of, and anything else is the
 * one 404. The first resident to claim an id keeps it.
 */
@Singleton
final class ResourceLocator {
    static final String COLLECTION = "fhir_ids";
    private final MongoCollection<Document> ids;
    /** Refs known to be indexed already (by this instance), so disclosure does not rewrite them. */
    private final Cache<String, Boolean> known = Caffeine.newBuilder().maximumSize(200_000).build();

    ResourceLocator(MongoStore store) {
        this.ids = store.database().getCollection(COLLECTION);
    }

    Optional<String> residentOf(String type, String id) {
        String ref = type + "/" + id;
        Document d = ids.find(eq("_id", ref)).first();
        return Optional.ofNullable(d).map(x -> x.getString("rid"));
    }

    /** Remembers that these refs belong to this resident (ignores those already claimed). */
    void remember(String residentId, Collection<String> refs) {
        List<Document> fresh = new ArrayList<>();
        for (String ref : refs) {
            if (known.getIfPresent(ref) == null) {
                fresh.add(new Document("_id", ref).append("rid", residentId));
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        try {
            ids.insertMany(fresh, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            // duplicate keys: indexed before (by us or another instance); nothing else to do
        }
        for (Document d : fresh) {
            known.put(d.getString("_id"), Boolean.TRUE);
        }
    }
}
