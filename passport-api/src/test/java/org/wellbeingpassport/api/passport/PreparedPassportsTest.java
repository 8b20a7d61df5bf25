package org.wellbeingpassport.api.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.api.store.PassportStore;

/**
 * The per-instance prepared passports are never served stale: two server instances on one store, each reading over
 * HTTP; a change made through one instance (a revocation, a new grant, leaving) acts on the very next read through
 * the other, whose copy of the older version must not be used.
 */
class PreparedPassportsTest {
    static final String JEAN_GOAL = "Walk to the park and back without stopping";
    static final String SAM = "/passports/jean-whitfield?purpose=support-planning";

    @TempDir
    Path keys;

    @Test
    void aChangeThroughOneInstanceActsOnTheNextReadThroughTheOther() throws Exception {
        MongoServer mongo = mongo();
        Map<String, Object> props = new java.util.HashMap<>(props(mongo));
        props.put("passport.demo.enabled", true);
        props.put("micronaut.server.port", -1);
        try (EmbeddedServer one = ApplicationContext.run(EmbeddedServer.class, props, "test");
                EmbeddedServer two = ApplicationContext.run(EmbeddedServer.class, props, "test")) {
            ServiceTokens tokens = one.getApplicationContext().getBean(ServiceTokens.class);
            Http samOnOne = new Http(one.getURI()).as(DemoScenarioSupport.token(tokens, "prac-sam-okoro"));
            Http jeanOnTwo = new Http(two.getURI()).as(DemoScenarioSupport.token(tokens, "jean-whitfield"));
            PreparedPassports prepared = one.getApplicationContext().getBean(PreparedPassports.class);

            HttpResponse<String> first = samOnOne.get(SAM);
            assertEquals(200, first.statusCode(), first.body());
            assertTrue(first.body().contains(JEAN_GOAL));
            PreparedPassport kept = prepared.current("jean-whitfield").orElseThrow();
            assertSame(kept, prepared.current("jean-whitfield").orElseThrow(), "an unchanged passport is kept");
            HttpResponse<String> again = samOnOne.get(SAM);
            assertEquals(200, again.statusCode());
            assertEquals(stripTimes(first.body()), stripTimes(again.body()), "a kept copy reads exactly the same");

            // Jean revokes Sam's grant through the other instance
            HttpResponse<String> revoked = jeanOnTwo.post("/me/consent/provisions/link-worker-support/revoke", "",
                    "Content-Type", "application/json");
            assertEquals(200, revoked.statusCode(), revoked.body());
            HttpResponse<String> after = samOnOne.get(SAM);
            assertEquals(404, after.statusCode(), "the revocation acts on the very next read, on every instance");
            assertFalse(after.body().contains(JEAN_GOAL));
            PreparedPassport now = prepared.current("jean-whitfield").orElseThrow();
            assertNotSame(kept, now);
            assertTrue(now.version() > kept.version());

            // she leaves through the other instance: gone at once here too, and no copy is kept
            HttpResponse<String> left = jeanOnTwo.delete("/me/passport");
            assertTrue(left.statusCode() == 200 || left.statusCode() == 204, left.body());
            Http gp = new Http(one.getURI()).as(DemoScenarioSupport.token(tokens, "prac-helen-moss"));
            assertEquals(404, gp.get("/passports/jean-whitfield?purpose=direct-care").statusCode());
            assertTrue(prepared.current("jean-whitfield").isEmpty());
        } finally {
            mongo.shutdownNow();
        }
    }

    @Test
    void aPassportStartedAgainUnderTheSameIdIsNeverTakenForTheOldOne() throws Exception {
        MongoServer mongo = mongo();
        Map<String, Object> props = props(mongo);
        try (ApplicationContext ctx = ApplicationContext.run(props, "test")) {
            PassportStore store = ctx.getBean(PassportStore.class);
            PreparedPassports prepared = ctx.getBean(PreparedPassports.class);
            assertTrue(store.importPassport("same-id", List.of(patient("Old Name"))));
            PreparedPassport old = prepared.current("same-id").orElseThrow();
            assertTrue(new String(old.resources().get(0).stored()).contains("Old Name"));
            // removed behind the store's back, head included (as a store that lost its heads would be), and started
            // again with the same id by another instance (this one is not told), at the same aggregate version as
            // the copy kept here: when it was started tells them apart
            Thread.sleep(5);
            var database = ctx.getBean(MongoStore.class).database();
            database.getCollection(PassportStore.PASSPORTS).deleteOne(new Document("_id", "same-id"));
            database.getCollection(PassportStore.HEADS).deleteOne(new Document("_id", "same-id"));
            assertTrue(store.importPassport("same-id", List.of(patient("New Name"))));
            PreparedPassport now = prepared.current("same-id").orElseThrow();
            assertEquals(old.version(), now.version());
            assertTrue(new String(now.resources().get(0).stored()).contains("New Name"), "not the erased passport");
        } finally {
            mongo.shutdownNow();
        }
    }

    @Test
    void aPassportErasedAndStartedAgainGoesOnFromTheErasedOnesVersion() throws Exception {
        MongoServer mongo = mongo();
        Map<String, Object> props = props(mongo);
        try (ApplicationContext ctx = ApplicationContext.run(props, "test")) {
            PassportStore store = ctx.getBean(PassportStore.class);
            PreparedPassports prepared = ctx.getBean(PreparedPassports.class);
            assertTrue(store.importPassport("again-id", List.of(patient("Old Name", "again-id"))));
            PreparedPassport old = prepared.current("again-id").orElseThrow();
            // erased through the store (by another instance: this one is not told); its head stays as a tombstone
            store.erase(store.snapshot("again-id").orElseThrow());
            assertTrue(prepared.current("again-id").isEmpty(), "an erased passport is not served from a kept copy");
            Document tombstone = ctx.getBean(MongoStore.class).database().getCollection(PassportStore.HEADS)
                    .find(new Document("_id", "again-id")).first();
            assertEquals(java.util.Set.of("_id", "ver"), tombstone.keySet(), "nothing but a counter stays");
            assertTrue(store.importPassport("again-id", List.of(patient("New Name", "again-id"))));
            PreparedPassport now = prepared.current("again-id").orElseThrow();
            assertTrue(now.version() > old.version(), "versions are never reused for a resident");
            assertTrue(new String(now.resources().get(0).stored()).contains("New Name"), "not the erased passport");
        } finally {
            mongo.shutdownNow();
        }
    }

    /** A real wire-protocol server of this test's own; both instances of a test share it and the keystore. */
    private static MongoServer mongo() {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        return mongo;
    }

    private Map<String, Object> props(MongoServer mongo) {
        return Map.of("passport.store.uri", "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort(),
                "passport.store.docker", false, "passport.keys.dir", keys.toString(), "passport.keys.passphrase",
                "prepared-passports-test", "passport.keys.scrypt-cost-log2", 10);
    }

    private static PassportStore.NewResource patient(String name) {
        return patient(name, "same-id");
    }

    private static PassportStore.NewResource patient(String name, String patientId) {
        return new PassportStore.NewResource("Patient", patientId,
                (id, version, at) -> "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"meta\":{\"versionId\":\""
                        + version + "\",\"lastUpdated\":\"" + at + "\"},\"name\":[{\"text\":\"" + name + "\"}]}");
    }

    private static String stripTimes(String bundle) {
        return bundle.replaceAll("\"timestamp\":\"[^\"]*\"", "");
    }
}
