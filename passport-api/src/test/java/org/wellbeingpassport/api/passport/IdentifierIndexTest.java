package org.wellbeingpassport.api.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.api.store.StoreConfiguration;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.keys.InMemoryWrappedKeyStore;
import org.wellbeingpassport.keys.KeyHierarchy;
import org.wellbeingpassport.keys.KeysConfig;
import org.wellbeingpassport.keys.Passphrase;

/** Issue 16: NHS numbers are found through a keyed blind index, never stored, and lead nowhere after erasure. */
class IdentifierIndexTest {
    @TempDir
    Path keyDir;

    private static final String NUMBER = "9434765919";

    @Test
    void numbersAreFoundWithoutBeingStoredAndLeadNowhereAfterRemoval() {
        StoreConfiguration config = new StoreConfiguration();
        config.setEmbeddedPersistent(false);
        try (MongoStore store = new MongoStore(config)) {
            KeyHierarchy keys = KeyHierarchy.openOrInitialise(
                    KeysConfig.builder(keyDir, Passphrase.of("index-test".toCharArray())).scryptCostLog2(10).build(),
                    new InMemoryWrappedKeyStore());
            IdentifierIndex index = new IdentifierIndex(store, keys);
            ObjectNode patient = (ObjectNode) Fhir.tree("{\"resourceType\":\"Patient\",\"id\":\"res-1\","
                    + "\"identifier\":[{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"" + NUMBER
                    + "\"}],\"birthDate\":\"1984-07-02\"}");
            index.index("res-1", patient);
            IdentifierIndex.Entry e = index.lookup("943 476 5919").orElseThrow();
            assertEquals("res-1", e.residentId());
            assertTrue(e.birthDateMatches("1984-07-02"));
            assertFalse(e.birthDateMatches("1984-07-03"));
            String raw = rawIdentifiers(store);
            assertFalse(raw.contains(NUMBER), "the NHS number is stored: " + raw);
            assertFalse(raw.contains("1984-07-02"), "the birth date is stored: " + raw);

            index.remove("res-2", patient); // another resident's erasure does not touch it
            assertTrue(index.lookup(NUMBER).isPresent());
            index.remove("res-1", patient);
            assertTrue(index.lookup(NUMBER).isEmpty(), "an erased resident's number still leads somewhere");
            assertEquals(0, store.database().getCollection(IdentifierIndex.COLLECTION).countDocuments());

            // an entry written before the blind index is moved under it when first found, its plaintext deleted
            store.database().getCollection(IdentifierIndex.COLLECTION).insertOne(
                    new Document("_id", "nhs|" + NUMBER).append("rid", "res-3").append("birthDate", "1990-01-01"));
            IdentifierIndex.Entry old = index.lookup(NUMBER).orElseThrow();
            assertEquals("res-3", old.residentId());
            assertTrue(old.birthDateMatches("1990-01-01"));
            assertFalse(rawIdentifiers(store).contains(NUMBER));
        }
    }

    private static String rawIdentifiers(MongoStore store) {
        StringBuilder b = new StringBuilder();
        for (Document d : store.database().getCollection(IdentifierIndex.COLLECTION).find()) {
            b.append(d.toJson());
        }
        return b.toString();
    }
}
