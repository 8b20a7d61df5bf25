package org.wellbeingpassport.api.contribution;

import org.wellbeingpassport.api.passport.Disputes;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.wellbeingpassport.api.gate.Notifications;
import org.wellbeingpassport.api.store.MongoStore;

/**
 * What a professional is told (e.g. that a resident disputes an entry they wrote): one document per practitioner
 * ({@code _id} = practitioner id, the token subject), the newest notices, appended with $push/$slice
 * by _id, as residents' notifications are. Notices carry the resident id and the entry reference, never its content
 * nor the resident's words or name.
 */
@Singleton
public final class ProfessionalNotifications {
    static final String COLLECTION = "professional_notifications";

    private final MongoCollection<Document> notices;

    public ProfessionalNotifications(MongoStore store) {
        this.notices = store.database().getCollection(COLLECTION);
    }

    public void notify(String practitionerId, String residentId, Notifications.Notice n) {
        Notifications.append(notices, practitionerId, Notifications.item(n).append("resident", residentId));
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
    public List<org.wellbeingpassport.api.gate.NoticeItem> list(String practitionerId) {
        return List.copyOf(Notifications.newestFirst(notices.find(eq("_id", practitionerId)).first()));
    }
}
