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
import org.wellbeingpassport.keys.BlindIndex;
import org.wellbeingpassport.keys.KeyHierarchy;

/**
 * Finding a passport from an identifier without searching and without storing it: {@code identifiers} is keyed by
 * "nhs#" + a keyed blind index of the number (HMAC-SHA256 under a key in the keystore, {@code KeyHierarchy#blindIndex}),
 * so a lookup is one read by _id (no scan on any store), a lookup of a number nobody has costs the same, and a copy of
 * the database alone does not reveal the numbers. Written whenever a passport is created or imported and whenever its
 * Patient changes ({@link #index}); removed on erasure ({@link #remove}). The entry holds the birth date's blind index
 * too, so a match needs both and never reads the passport. Entries written before the blind index ("nhs|number",
 * plaintext) are moved under it when first found (ADR 0014).
 */
@Singleton
public final class IdentifierIndex {
    static final String COLLECTION = "identifiers";
    private final MongoCollection<Document> identifiers;
    private final BlindIndex blind;

    public IdentifierIndex(MongoStore store, KeyHierarchy keys) {
        this.identifiers = store.database().getCollection(COLLECTION);
        this.blind = keys.blindIndex();
    }

    /** What an identifier leads to; the birth date is kept only as its blind index. */
    public record Entry(String residentId, Optional<String> birthDateToken, BlindIndex blind) {
        /** Whether the passport's Patient has this birth date (YYYY-MM-DD). */
        public boolean birthDateMatches(String birthDate) {
            return birthDateToken.map(t -> t.equals(blind.token("birth-date", birthDate))).orElse(false);
        }
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
                d.append("bd", blind.token("birth-date", birthDate));
            }
            identifiers.replaceOne(eq("_id", d.get("_id")), d, new ReplaceOptions().upsert(true));
            identifiers.deleteOne(eq("_id", legacyKey(number.get())));
        }
    }

    /**
     * Erasure: the NHS number(s) of the resident's Patient lead nowhere any more (entries of this resident only).
     * Idempotent.
     */
    public void remove(String residentId, ObjectNode patient) {
        for (JsonNode id : patient.path("identifier")) {
            if (!CodeSystems.NHS_NUMBER.equals(id.path("system").asText())) {
                continue;
            }
            normalise(id.path("value").asText("")).ifPresent(number -> {
                identifiers.deleteOne(new Document("_id", key(number)).append("rid", residentId));
                identifiers.deleteOne(new Document("_id", legacyKey(number)).append("rid", residentId));
            });
        }
    }

    public Optional<Entry> lookup(String nhsNumber) {
        Optional<String> number = normalise(nhsNumber);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        Document d = identifiers.find(eq("_id", key(number.get()))).first();
        if (d == null) {
            d = migrate(number.get());
            if (d == null) {
                return Optional.empty();
            }
        }
        return Optional.of(new Entry(d.getString("rid"), Optional.ofNullable(d.getString("bd")), blind));
    }

    /** An entry written before the blind index: moved under it (and its plaintext deleted), or null. */
    private Document migrate(String number) {
        Document old = identifiers.find(eq("_id", legacyKey(number))).first();
        if (old == null) {
            return null;
        }
        Document d = new Document("_id", key(number)).append("rid", old.getString("rid"));
        String birthDate = old.getString("birthDate");
        if (birthDate != null) {
            d.append("bd", blind.token("birth-date", birthDate));
        }
        identifiers.replaceOne(eq("_id", d.get("_id")), d, new ReplaceOptions().upsert(true));
        identifiers.deleteOne(eq("_id", legacyKey(number)));
        return d;
    }

    /** Ten digits, spaces and dashes removed; anything else is not an NHS number. */
    public static Optional<String> normalise(String raw) {
        String digits = raw.replace(" ", "").replace("-", "");
        return digits.matches("[0-9]{10}") ? Optional.of(digits) : Optional.empty();
    }

    private String key(String number) {
        return "nhs#" + blind.token("nhs-number", number);
    }

    private static String legacyKey(String number) {
        return "nhs|" + number;
    }
}
