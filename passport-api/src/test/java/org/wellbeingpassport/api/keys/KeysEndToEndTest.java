package org.wellbeingpassport.api.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.keys.ElementContext;
import org.wellbeingpassport.keys.KeyDestroyedException;
import org.wellbeingpassport.keys.KeyHierarchy;

/**
 * Keys end to end through MongoDB and HTTP: after a master-key rotation everything still reads; after a resident
 * leaves (erasure by key destruction) nothing of theirs decrypts, wherever a copy of the ciphertext is, and other
 * residents are untouched.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class KeysEndToEndTest {
    static final String GARETH_TRAUMA = "I was first to reach my mate";

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    MongoStore mongo;
    @Inject
    KeyHierarchy keys;
    @Inject
    KeyStoreDatabase keyStore;

    Http as(String demoUser) {
        return new Http(server.getURI()).as(new TestTokens(tokens).demo(demoUser));
    }

    @Test
    void afterMasterKeyRotationEverythingStillReads() {
        String before = keys.master().currentKeyId();
        long records = keyStore.database().getCollection("resident_keys").countDocuments();
        assertTrue(records >= 5, "the demo residents have data keys");
        List<long[]> progress = new ArrayList<>();
        var report = keys.master().rotate((done, total) -> progress.add(new long[]{done, total}));
        assertNotEquals(before, report.masterKeyId());
        assertEquals(records, report.rewrapped(), "every resident's data key was re-wrapped: " + report);
        assertFalse(progress.isEmpty(), "rotation reports progress");
        for (Document d : keyStore.database().getCollection("resident_keys").find()) {
            for (Document k : d.getList("keys", Document.class)) {
                assertEquals(report.masterKeyId(), k.getString("mk"), "wrapped under the new master key");
            }
        }
        Document stored = mongo.database().getCollection("passports").find(new Document("_id", "gareth-pryce")).first();
        Document res = stored.get("res", Document.class);
        for (String key : res.keySet()) {
            Document entry = (Document) res.get(key);
            // every stored resource is sealed whole at rest (ADR 0014); it still opens under the re-wrapped key
            byte[] sealed = entry.get("r", Document.class).get("_wpStored", Binary.class).getData();
            byte[] plain = keys.elements().decryptBytes(
                    new ElementContext("gareth-pryce", entry.getString("t"), entry.getString("i"), "$stored"), sealed);
            var tree = Fhir.tree(plain);
            if (tree.has("_wpSealed")) {
                keys.elements().decrypt(
                        new ElementContext("gareth-pryce", entry.getString("t"), entry.getString("i"), "*"),
                        tree.get("_wpSealed").asText());
            }
        }
        assertNotEquals(mongo.database().getName(), keyStore.database().getName(),
                "the data keys are kept apart from the data");
        assertEquals(0, mongo.database().getCollection("resident_keys").countDocuments(), "none beside the data");
        String body = as("prac-cerys-morgan").get("/passports/gareth-pryce?purpose=support-planning").body();
        assertTrue(body.contains(GARETH_TRAUMA), "sealed elements still decrypt after rotation");
    }

    @Test
    void afterErasureNothingOfThatResidentDecryptsAndOthersAreUntouched() {
        // keep a copy of the stored ciphertext, as a backup would
        Document backup = mongo.database().getCollection("passports").find(new Document("_id", "kayleigh-brennan"))
                .first();
        assertFalse(backup.get("res", Document.class).isEmpty(), "the backup holds her sealed resources");
        assertEquals(200, as("prac-priya-raman").get("/passports/kayleigh-brennan?purpose=direct-care").statusCode());

        assertEquals(204, as("kayleigh-brennan").delete("/me/passport").statusCode());

        assertEquals(404, as("prac-priya-raman").get("/passports/kayleigh-brennan?purpose=direct-care").statusCode());
        assertEquals(null,
                mongo.database().getCollection("passports").find(new Document("_id", "kayleigh-brennan")).first(),
                "the record is gone");
        assertEquals(0, mongo.database().getCollection("resource_history")
                .countDocuments(new Document("_id.r", "kayleigh-brennan")), "and its history");
        assertEquals(404, as("kayleigh-brennan").get("/me/passport").statusCode(), "and her sign-in leads nowhere");
        // the backup copy: every sealed element now fails to decrypt, with a clear error
        int sealed = 0;
        Document res = backup.get("res", Document.class);
        for (String key : res.keySet()) {
            Document entry = (Document) res.get(key);
            Binary envelope = entry.get("r", Document.class).get("_wpStored", Binary.class);
            if (envelope != null) {
                sealed++;
                ElementContext ctx = new ElementContext("kayleigh-brennan", entry.getString("t"), entry.getString("i"),
                        "$stored");
                assertThrows(KeyDestroyedException.class, () -> keys.elements().decryptBytes(ctx, envelope.getData()));
            }
        }
        assertEquals(res.size(), sealed, "the backup held every resource sealed");

        // other residents are untouched, sealed elements included
        String gareth = as("prac-cerys-morgan").get("/passports/gareth-pryce?purpose=support-planning").body();
        assertTrue(gareth.contains(GARETH_TRAUMA), gareth);
        String jean = as("prac-sam-okoro").get("/passports/jean-whitfield?purpose=support-planning").body();
        assertTrue(jean.contains("Walk to the park and back"), jean);
    }
}
