package org.wellbeingpassport.api.fhir;

import static com.mongodb.client.model.Filters.eq;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
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
public final class ResourceLocator {
    static final String COLLECTION = "fhir_ids";
    /** Per partner (by client id): the residents it has been given something of (its working set). */
    static final String WORKING_SETS = "partner_residents";
    /**
     * Per resident ({@code _id} = resident id): the partners whose working set holds them, so that an erasure reaches
     * each of those sets by key instead of scanning them all.
     */
    static final String MEMBERSHIPS = "resident_partners";
    private final MongoCollection<Document> ids;
    private final MongoCollection<Document> workingSets;
    private final MongoCollection<Document> memberships;
    private final Cache<String, Boolean> inWorkingSet = Caffeine.newBuilder().maximumSize(200_000).build();
    /** Refs known to be indexed already (by this instance), so disclosure does not rewrite them. */
    private final Cache<String, Boolean> known = Caffeine.newBuilder().maximumSize(200_000).build();

    ResourceLocator(MongoStore store) {
        this.ids = store.database().getCollection(COLLECTION);
        this.workingSets = store.database().getCollection(WORKING_SETS);
        this.memberships = store.database().getCollection(MEMBERSHIPS);
    }

    /**
     * Remembers that this partner was given something of this resident (one document per partner, {@code _id} =
     * client id, read by key): type-level history covers these residents, no others. It grows with every resident a
     * partner reads (one id each); a partner whose set nears the document limit (some 400,000 residents) would need
     * it split, which no partner here is near.
     */
    void rememberResident(String clientId, String residentId) {
        String key = clientId + "|" + residentId;
        if (inWorkingSet.getIfPresent(key) != null) {
            return;
        }
        // the membership first: an erasure that finds it removes the resident from the set, whichever came first
        memberships.updateOne(eq("_id", residentId), Updates.addToSet("partners", clientId),
                new UpdateOptions().upsert(true));
        workingSets.updateOne(eq("_id", clientId), Updates.addToSet("residents", residentId),
                new UpdateOptions().upsert(true));
        inWorkingSet.put(key, Boolean.TRUE);
    }

    /**
     * An erased resident leaves every partner's working set and the index of resource ids: each set found by key
     * through the resident's memberships, each id by key ({@code refs}, the erased passport's Type/id), no scan.
     */
    public void forgetResident(String residentId, Collection<String> refs) {
        Document d = memberships.find(eq("_id", residentId)).first();
        if (d != null) {
            for (Object client : d.getList("partners", Object.class, List.of())) {
                workingSets.updateOne(eq("_id", String.valueOf(client)), Updates.pull("residents", residentId));
                inWorkingSet.invalidate(client + "|" + residentId);
            }
            memberships.deleteOne(eq("_id", residentId));
        }
        for (String ref : refs) {
            ids.deleteOne(eq("_id", ref));
            known.invalidate(ref);
        }
    }

    /** The residents this partner has been given something of (see {@link #rememberResident}). */
    List<String> residentsOf(String clientId) {
        Document d = workingSets.find(eq("_id", clientId)).first();
        if (d == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object o : d.getList("residents", Object.class, List.of())) {
            out.add(String.valueOf(o));
        }
        return List.copyOf(out);
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
