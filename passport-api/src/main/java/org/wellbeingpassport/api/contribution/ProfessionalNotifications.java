package org.wellbeingpassport.api.contribution;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.wellbeingpassport.api.access.Notifications;
import org.wellbeingpassport.api.store.MongoStore;

/**
 * What a professional is told (e.g. that a resident disputes an entry they wrote): one document per practitioner
 * ({@code _id} = practitioner id, the token subject), the newest {@value #KEEP} notices, appended with $push/$slice
 * by _id, as residents' notifications are. Notices carry the resident id and the entry reference, never its content
 * nor the resident's words or name.
 */
@Singleton
public final class ProfessionalNotifications {
    static final String COLLECTION = "professional_notifications";
    static final int KEEP = 200;

    private final MongoCollection<Document> notices;

    public ProfessionalNotifications(MongoStore store) {
        this.notices = store.database().getCollection(COLLECTION);
    }

    public void notify(String practitionerId, String residentId, Notifications.Notice n) {
        Document item = new Document("at", Date.from(n.at())).append("kind", n.kind().code()).append("text", n.text())
                .append("resident", residentId);
        n.ref().ifPresent(r -> item.append("ref", r));
        notices.updateOne(eq("_id", practitionerId),
                Updates.pushEach("items", List.of(item), new PushOptions().slice(-KEEP)),
                new UpdateOptions().upsert(true));
    }

    /** Forgets every notice about a resident (they left); one update by _id per practitioner told. */
    public void forget(String practitionerId, String residentId) {
        notices.updateOne(eq("_id", practitionerId),
                Updates.pullByFilter(new Document("items", new Document("resident", residentId))));
    }

    /** The practitioners a passport's disputes told (the owners of its dispute Tasks). */
    public static java.util.Set<String> told(org.wellbeingpassport.api.store.PassportSnapshot snapshot) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (var r : snapshot.ofType("Task")) {
            String owner = r.tree().path("owner").path("reference").asText("");
            if (Disputes.isDispute(r.tree()) && owner.startsWith("Practitioner/")) {
                out.add(owner.substring("Practitioner/".length()));
            }
        }
        return out;
    }

    /** Newest first. */
    public List<Map<String, Object>> list(String practitionerId) {
        Document d = notices.find(eq("_id", practitionerId)).first();
        List<Map<String, Object>> out = new ArrayList<>();
        if (d == null) {
            return out;
        }
        List<Document> items = d.getList("items", Document.class, List.of());
        for (int i = items.size() - 1; i >= 0; i--) {
            Document x = items.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", x.getDate("at").toInstant().toString());
            m.put("kind", x.getString("kind"));
            m.put("text", x.getString("text"));
            m.put("resident", x.getString("resident"));
            if (x.containsKey("ref")) {
                m.put("ref", x.getString("ref"));
            }
            out.add(m);
        }
        return List.copyOf(out);
    }
}
