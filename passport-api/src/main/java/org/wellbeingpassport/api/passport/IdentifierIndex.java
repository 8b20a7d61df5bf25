package org.wellbeingpassport.api.passport;

import static com.mongodb.client.model.Filters.eq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.bson.Document;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * Finding a passport from an identifier without searching: {@code identifiers} is keyed by "nhs|&lt;number&gt;", so a
 * lookup is one read by _id (no scan on any store) and a lookup of a number nobody has costs the same. Written
 * whenever a passport is created or imported and whenever its Patient changes ({@link #index}); the entry holds the
 * birth date too, so a match needs both and never reads the passport.
 */
@Singleton
public final class IdentifierIndex {
    static final String COLLECTION = "identifiers";
    private final MongoCollection<Document> identifiers;

    public IdentifierIndex(MongoStore store) {
        this.identifiers = store.database().getCollection(COLLECTION);
    }

    /** What an identifier leads to. */
    public record Entry(String residentId, Optional<String> birthDate) {
    }

    /**
     * Indexes the NHS number(s) of a resident's Patient (FHIR JSON): call after creating, importing or updating a
     * passport's Patient. Idempotent. A Patient without an NHS number is not indexed (it cannot be found this way).
     */
    public void index(String residentId, ObjectNode patient) {
        String birthDate = patient.path("birthDate").asText("");
        for (JsonNode id : patient.path("identifier")) {
            if (!CodeSystems.NHS_NUMBER.equals(id.path("system").asText())) {
                continue;
            }
            Optional<String> number = normalise(id.path("value").asText(""));
            if (number.isEmpty()) {
                continue;
            }
            Document d = new Document("_id", key(number.get())).append("rid", residentId);
            if (!birthDate.isBlank()) {
                d.append("birthDate", birthDate);
            }
            identifiers.replaceOne(eq("_id", d.get("_id")), d, new ReplaceOptions().upsert(true));
        }
    }

    public Optional<Entry> lookup(String nhsNumber) {
        Optional<String> number = normalise(nhsNumber);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        Document d = identifiers.find(eq("_id", key(number.get()))).first();
        if (d == null) {
            return Optional.empty();
        }
        return Optional.of(new Entry(d.getString("rid"), Optional.ofNullable(d.getString("birthDate"))));
    }

    /** Ten digits, spaces and dashes removed; anything else is not an NHS number. */
    public static Optional<String> normalise(String raw) {
        String digits = raw.replace(" ", "").replace("-", "");
        return digits.matches("[0-9]{10}") ? Optional.of(digits) : Optional.empty();
    }

    private static String key(String number) {
        return "nhs|" + number;
    }
}
