package org.wellbeingpassport.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.OptionalLong;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * With {@code passport.store.envelope-bytes=false} (a rolling upgrade from a build that reads only the text form) a
 * write seals its envelope as the cipher's text token, which such a build reads; what another instance wrote as bytes
 * still reads here.
 */
@MicronautTest
@Property(name = "passport.store.envelope-bytes", value = "false")
class EnvelopeAsTextTest {
    @Inject
    PassportStore store;
    @Inject
    MongoStore mongo;

    @Test
    void aWriteSealsItsEnvelopeAsTextAndBytesWrittenElsewhereStillRead() {
        String rid = UUID.randomUUID().toString();
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"" + rid + "\",\"meta\":{\"versionId\":\"1\"},"
                + "\"name\":[{\"text\":\"Text Envelope\"}]}";
        store.createPassport(rid, "Patient", rid, (id, v, at) -> patient);
        var passports = mongo.database().getCollection(PassportStore.PASSPORTS);
        String key = PassportStore.key("Patient", rid);
        Object written = passports.find(new Document("_id", rid)).first().get("res", Document.class)
                .get(key, Document.class).get("r", Document.class).get(AtRest.FIELD);
        String token = assertInstanceOf(String.class, written, "the text form, as earlier builds read it");
        assertTrue(token.startsWith(org.wellbeingpassport.keys.ElementCipher.TOKEN_PREFIX), "a wp1 token");
        String before = store.read(rid, "Patient", rid).orElseThrow().json();
        assertTrue(before.contains("Text Envelope"), before);

        // what an instance writing bytes would have stored: the same sealed content as bytes
        byte[] bytes = java.util.Base64.getUrlDecoder()
                .decode(token.substring(org.wellbeingpassport.keys.ElementCipher.TOKEN_PREFIX.length()));
        passports.updateOne(new Document("_id", rid), new Document("$set",
                new Document("res." + key + ".r." + AtRest.FIELD, new org.bson.types.Binary(bytes))));
        assertEquals(before, store.read(rid, "Patient", rid).orElseThrow().json());
        assertEquals(before, store.readPassport(rid).get(0).json());

        assertInstanceOf(WriteOutcome.Written.class, store.update(rid, "Patient", rid, OptionalLong.empty(), false,
                (id, v, at) -> patient.replace("\"versionId\":\"1\"", "\"versionId\":\"" + v + "\"")));
        assertInstanceOf(String.class, passports.find(new Document("_id", rid)).first().get("res", Document.class)
                .get(key, Document.class).get("r", Document.class).get(AtRest.FIELD), "written as text again");
    }
}
