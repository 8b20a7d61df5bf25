package org.wellbeingpassport.api.corrections;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.wellbeingpassport.api.store.MongoStore;

/**
 * The review queues of authors: one document per owner ({@code _id} "Practitioner/x" for the entry's author, and
 * "Organization/o" for their organisation when known), each holding its newest {@value #KEEP} requests by reference
 * (resident id, Task id, entry, stage), never their words. Appended with $push/$slice and moved with a positional
 * $set, both single-document atomic updates by {@code _id}; the request itself stays in the resident's passport.
 */
@Singleton
public final class CorrectionQueues {
    static final String COLLECTION = "correction_queues";
    static final int KEEP = 500;

    /** One queued request, by reference. */
    public record Item(String residentId, String taskId, String entry, Optional<String> section, String stage,
            Instant at) {
    }

    private final MongoCollection<Document> queues;

    public CorrectionQueues(MongoStore store) {
        this.queues = store.database().getCollection(COLLECTION);
    }

    void add(String owner, Item item) {
        Document d = new Document("resident", item.residentId()).append("task", item.taskId())
                .append("entry", item.entry()).append("stage", item.stage()).append("at", Date.from(item.at()));
        item.section().ifPresent(s -> d.append("section", s));
        queues.updateOne(eq("_id", owner), Updates.pushEach("items", List.of(d), new PushOptions().slice(-KEEP)),
                new UpdateOptions().upsert(true));
    }

    void move(String owner, String taskId, String stage, Instant at) {
        queues.updateOne(and(eq("_id", owner), eq("items.task", taskId)),
                Updates.combine(Updates.set("items.$.stage", stage), Updates.set("items.$.at", Date.from(at))));
    }

    /** Forgets a resident's requests (they left): one update by _id per queue. */
    public void forget(String owner, String residentId) {
        queues.updateOne(eq("_id", owner),
                Updates.pullByFilter(new Document("items", new Document("resident", residentId))));
    }

    /** Newest first. */
    List<Item> list(String owner) {
        Document q = queues.find(eq("_id", owner)).first();
        List<Item> out = new ArrayList<>();
        if (q == null) {
            return out;
        }
        List<Document> items = q.getList("items", Document.class, List.of());
        for (int i = items.size() - 1; i >= 0; i--) {
            Document x = items.get(i);
            out.add(new Item(x.getString("resident"), x.getString("task"), x.getString("entry"),
                    Optional.ofNullable(x.getString("section")), x.getString("stage"), x.getDate("at").toInstant()));
        }
        return out;
    }

    /** Whether this owner's queue holds this request (the check before an author acts on it). */
    boolean holds(String owner, String residentId, String taskId) {
        return queues.find(and(eq("_id", owner), eq("items.task", taskId))).first() != null
                && list(owner).stream().anyMatch(i -> i.taskId().equals(taskId) && i.residentId().equals(residentId));
    }
}
