package org.wellbeingpassport.api.notices;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.wellbeingpassport.api.gate.Notifications;
import org.wellbeingpassport.api.store.MongoStore;

/**
 * Partner systems' Subscriptions: one document per partner system ({@code _id} = its subject), holding its
 * subscriptions (id, topic, rest-hook endpoint, status), changed by single-document updates by {@code _id}; and one
 * event counter per subscription ({@code subscription_events}, $inc by {@code _id}), the backport's
 * events-since-subscription-start.
 */
@Singleton
public final class Subscriptions {
    static final String COLLECTION = "subscriptions";
    static final String EVENTS = "subscription_events";

    /** One subscription. */
    public record Subscription(String id, String owner, Notifications.Kind topic, String endpoint, String status,
            Instant created) {
    }

    private final MongoCollection<Document> subs;
    private final MongoCollection<Document> events;

    public Subscriptions(MongoStore store) {
        this.subs = store.database().getCollection(COLLECTION);
        this.events = store.database().getCollection(EVENTS);
    }

    void add(Subscription s) {
        Document d = new Document("id", s.id()).append("topic", s.topic().code()).append("endpoint", s.endpoint())
                .append("status", s.status()).append("created", Date.from(s.created()));
        subs.updateOne(eq("_id", s.owner()), Updates.push("subs", d), new UpdateOptions().upsert(true));
    }

    /** A partner system's subscriptions. */
    public List<Subscription> of(String owner) {
        Document doc = subs.find(eq("_id", owner)).first();
        List<Subscription> out = new ArrayList<>();
        if (doc == null) {
            return out;
        }
        for (Document d : doc.getList("subs", Document.class, List.of())) {
            Notifications.Kind kind = Topics.KINDS.stream().filter(k -> k.code().equals(d.getString("topic")))
                    .findFirst().orElse(null);
            if (kind != null) {
                out.add(new Subscription(d.getString("id"), owner, kind, d.getString("endpoint"), d.getString("status"),
                        d.getDate("created").toInstant()));
            }
        }
        return out;
    }

    public Optional<Subscription> one(String owner, String id) {
        return of(owner).stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The next event number of a subscription (atomic $inc by _id). */
    long nextEvent(String subscriptionId) {
        Document d = events.findOneAndUpdate(eq("_id", subscriptionId), Updates.inc("n", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return ((Number) d.get("n")).longValue();
    }

    long events(String subscriptionId) {
        Document d = events.find(eq("_id", subscriptionId)).first();
        return d == null ? 0 : ((Number) d.get("n")).longValue();
    }
}
