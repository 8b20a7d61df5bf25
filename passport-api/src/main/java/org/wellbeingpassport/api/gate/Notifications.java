package org.wellbeingpassport.api.gate;

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
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.wellbeingpassport.api.store.MongoStore;

/**
 * What a resident is told: one document per resident ({@code _id} = resident id) holding the newest
 * {@value #KEEP} notices, appended with $push/$slice by _id (one indexed, atomic update; no scan).
 */
@Singleton
public final class Notifications {
    static final String COLLECTION = "notifications";
    static final int KEEP = 200;

    /** Kinds of notice (codes stable: clients show their own words). */
    public enum Kind {
        ACCESS_REQUEST("access-request"),
        ACCESS_GRANTED("access-granted"),
        SHARE_CODE_USED("share-code-used"),
        BREAK_GLASS("break-glass"),
        DELEGATION("delegation"),
        /** A professional proposed an entry for the resident's passport. */
        ENTRY_PROPOSED("entry-proposed"),
        /** The resident disputed an entry (told to its author). */
        DISPUTE_RAISED("dispute-raised"),
        /** The resident resolved or withdrew a dispute (told to its author). */
        DISPUTE_RESOLVED("dispute-resolved"),
        /** Someone else (a partner system) changed the resident's record. */
        RECORD_CHANGED("record-changed"),
        /** A correction request moved on (its author reviewed, asked, accepted or declined it). */
        CORRECTION_UPDATE("correction-update"),
        /** Recipients: an entry they received was corrected since (a new version replaces it). */
        ENTRY_CORRECTED("entry-corrected"),
        /** Recipients: an entry they received is disputed since (or carries the resident's disagreement). */
        ENTRY_DISPUTED("entry-disputed"),
        /** Recipients: the resident withdrew their access; stop using and delete what they hold. */
        ACCESS_WITHDRAWN("access-withdrawn"),
        /** Recipients: the resident left and was erased; delete what they hold. */
        RESIDENT_ERASED("resident-erased");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** One notice. {@code ref} points at what it is about (a request id, a provision id). */
    public record Notice(Instant at, Kind kind, String text, Optional<String> ref) {
    }

    private final MongoCollection<Document> notices;

    public Notifications(MongoStore store) {
        this.notices = store.database().getCollection(COLLECTION);
    }

    private static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter
            .ofPattern("d MMMM yyyy", java.util.Locale.UK);
    private static final java.time.format.DateTimeFormatter DAY_AND_TIME = java.time.format.DateTimeFormatter
            .ofPattern("d MMMM yyyy 'at' HH:mm", java.util.Locale.UK).withZone(java.time.ZoneId.of("Europe/London"));

    /** A day as people write it in a notice: 31 March 2027. */
    public static String forPeople(java.time.LocalDate day) {
        return DAY.format(day);
    }

    /** A moment as people read it in a notice: 2 December 2026 at 17:45 (UK time, to the minute). */
    public static String forPeople(Instant at) {
        return DAY_AND_TIME.format(at);
    }

    public void notify(String residentId, Notice n) {
        append(notices, residentId, item(n));
    }

    /** Newest first. */
    public List<NoticeItem> list(String residentId) {
        return newestFirst(notices.find(eq("_id", residentId)).first());
    }

    /** A notice as stored. */
    public static Document item(Notice n) {
        Document item = new Document("at", Date.from(n.at())).append("kind", n.kind().code()).append("text", n.text());
        n.ref().ifPresent(r -> item.append("ref", r));
        return item;
    }

    /** Appends to one inbox document, keeping the newest {@value #KEEP} (one atomic update by _id). */
    public static void append(MongoCollection<Document> inboxes, String id, Document item) {
        inboxes.updateOne(eq("_id", id), Updates.pushEach("items", List.of(item), new PushOptions().slice(-KEEP)),
                new UpdateOptions().upsert(true));
    }

    /** An inbox document's notices, newest first. */
    public static List<NoticeItem> newestFirst(Document inbox) {
        List<NoticeItem> out = new ArrayList<>();
        if (inbox == null) {
            return out;
        }
        List<Document> items = inbox.getList("items", Document.class, List.of());
        for (int i = items.size() - 1; i >= 0; i--) {
            Document x = items.get(i);
            out.add(new NoticeItem(x.getDate("at").toInstant(), x.getString("kind"), x.getString("text"),
                    x.getString("ref"), x.getString("resident")));
        }
        return out;
    }
}
