package org.wellbeingpassport.api.passport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.WriteOutcome;
import org.wellbeingpassport.fhir.Fhir;

/**
 * A write hands this instance's prepared copy on to the passport's new version (docs/adr/0007-prepared-passports.md,
 * amended 2026-12-04) instead of leaving it to be read whole and prepared again: what is read right after a write,
 * through this instance or another on the same store, is exactly the new version and what consent allows; a consent
 * change right after acts at once; and concurrent writers, on this instance and another, never leave a copy at the
 * store's version that differs from the passport prepared afresh from the store, whether the copy goes on by the
 * compare-and-set's step (amended 2026-12-05) or by reading the head.
 */
class PreparedPassportsHandOnTest {
    static final String JEAN = "jean-whitfield";
    static final String SAM = "/passports/jean-whitfield?purpose=support-planning";

    @TempDir
    Path keys;

    @Test
    void aReadRightAfterAWriteSeesExactlyTheNewVersionThroughThisInstanceAndAnother() throws Exception {
        MongoServer mongo = mongo();
        try (EmbeddedServer one = ApplicationContext.run(EmbeddedServer.class, serverProps(mongo), "test");
                EmbeddedServer two = ApplicationContext.run(EmbeddedServer.class, serverProps(mongo), "test")) {
            ServiceTokens tokens = one.getApplicationContext().getBean(ServiceTokens.class);
            Http jeanOnOne = new Http(one.getURI()).as(DemoScenarioSupport.token(tokens, JEAN));
            Http samOnOne = new Http(one.getURI()).as(DemoScenarioSupport.token(tokens, "prac-sam-okoro"));
            Http samOnTwo = new Http(two.getURI()).as(DemoScenarioSupport.token(tokens, "prac-sam-okoro"));
            PreparedPassports prepared = one.getApplicationContext().getBean(PreparedPassports.class);
            PassportStore store = one.getApplicationContext().getBean(PassportStore.class);

            assertEquals(201, putGoal(jeanOnOne, "hand-on-goal", "Swim one length without stopping"));
            for (Http sam : List.of(samOnOne, samOnTwo)) { // both instances hold the passport at this version now
                HttpResponse<String> r = sam.get(SAM);
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.body().contains("Swim one length without stopping"), r.body());
            }
            long before = prepared.handedOn();
            PreparedPassport old = prepared.kept(JEAN).orElseThrow();

            assertEquals(200, putGoal(jeanOnOne, "hand-on-goal", "Swim two lengths without stopping"));
            PreparedPassport kept = prepared.kept(JEAN).orElseThrow();
            assertEquals(before + 1, prepared.handedOn(), "the write handed the copy on");
            assertEquals(old.version() + 1, kept.version());
            assertEquals(store.version(JEAN).orElseThrow(), kept.at(), "at the store's version");
            assertSamePassport(prepared.prepare(store.snapshot(JEAN).orElseThrow()), kept);

            HttpResponse<String> onOne = samOnOne.get(SAM);
            HttpResponse<String> onTwo = samOnTwo.get(SAM);
            for (HttpResponse<String> r : List.of(onOne, onTwo)) {
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.body().contains("Swim two lengths without stopping"), "the new version");
                assertFalse(r.body().contains("Swim one length"), "not the old one");
            }
            assertEquals(stripTimes(onTwo.body()), stripTimes(onOne.body()),
                    "the handed-on copy reads exactly as the passport read afresh by the other instance");
        } finally {
            mongo.shutdownNow();
        }
    }

    @Test
    void aConsentChangeRightAfterAStoryWriteActsAtOnce() throws Exception {
        MongoServer mongo = mongo();
        try (EmbeddedServer one = ApplicationContext.run(EmbeddedServer.class, serverProps(mongo), "test");
                EmbeddedServer two = ApplicationContext.run(EmbeddedServer.class, serverProps(mongo), "test")) {
            ServiceTokens tokens = one.getApplicationContext().getBean(ServiceTokens.class);
            Http jeanOnOne = new Http(one.getURI()).as(DemoScenarioSupport.token(tokens, JEAN));
            Http samOnOne = new Http(one.getURI()).as(DemoScenarioSupport.token(tokens, "prac-sam-okoro"));
            Http samOnTwo = new Http(two.getURI()).as(DemoScenarioSupport.token(tokens, "prac-sam-okoro"));
            PreparedPassports prepared = one.getApplicationContext().getBean(PreparedPassports.class);

            assertEquals(201, putGoal(jeanOnOne, "consent-goal", "Cook a meal for friends"));
            assertEquals(200, samOnOne.get(SAM).statusCode());
            assertEquals(200, samOnTwo.get(SAM).statusCode());
            long before = prepared.handedOn();
            assertEquals(200, putGoal(jeanOnOne, "consent-goal", "Cook a meal for four friends"));
            assertEquals(before + 1, prepared.handedOn(), "the write handed the copy on");
            // the story write's copy is at hand; the revocation right after it must still act on the next read
            HttpResponse<String> revoked = jeanOnOne.post("/me/consent/provisions/link-worker-support/revoke", "",
                    "Content-Type", "application/json");
            assertEquals(200, revoked.statusCode(), revoked.body());
            for (Http sam : List.of(samOnOne, samOnTwo)) {
                HttpResponse<String> r = sam.get(SAM);
                assertEquals(404, r.statusCode(), "the revocation acts on the very next read, on every instance");
                assertFalse(r.body().contains("Cook a meal"));
            }
        } finally {
            mongo.shutdownNow();
        }
    }

    @Test
    void concurrentWritersNeverLeaveACopyAtTheStoresVersionThatDiffersFromAFreshOne() throws Exception {
        MongoServer mongo = mongo();
        try (EmbeddedServer one = ApplicationContext.run(EmbeddedServer.class, serverProps(mongo), "test");
                ApplicationContext two = ApplicationContext.run(props(mongo), "test")) {
            ApplicationContext ctx = one.getApplicationContext();
            PreparedPassports prepared = ctx.getBean(PreparedPassports.class);
            PassportStore store = ctx.getBean(PassportStore.class);
            SealedElements sealed = ctx.getBean(SealedElements.class);
            PassportStore otherStore = two.getBean(PassportStore.class);
            // the resources written: created first, so that every later write is an update
            for (String id : List.of("race-a", "race-b", "race-c")) {
                assertTrue(store.update(JEAN, "Goal", id, OptionalLong.empty(), true,
                        sealed.sealedVersion(JEAN, goal(id, "first"))) instanceof WriteOutcome.Written);
            }
            ExecutorService pool = Executors.newFixedThreadPool(7);
            int checked = 0;
            try {
                // at least 25 rounds, and on until 3 have ended with the kept copy at the store's version (whether a
                // round does depends on which writer finished last: the other instance's leaves this copy behind)
                for (int round = 0; round < 25 || (checked < 3 && round < 400); round++) {
                    prepared.current(JEAN).orElseThrow();
                    List<Future<?>> work = new ArrayList<>();
                    int r = round;
                    for (int w = 0; w < 4; w++) { // writers on this instance, handing the copy on as the flows do
                        int writer = w;
                        work.add(pool.submit(() -> {
                            for (int k = 0; k < 4; k++) {
                                String id = List.of("race-a", "race-b", "race-c").get((writer + k) % 3);
                                if (writer == 3) { // a change of two resources at once, as a partner transaction
                                    var outcome = store.updateAll(JEAN, List.of(
                                            new PassportStore.ResourceWrite("Goal", "race-a", OptionalLong.empty(),
                                                    false, sealed.sealedVersion(JEAN, goal("race-a", r + "/" + k))),
                                            new PassportStore.ResourceWrite("Goal", "race-b", OptionalLong.empty(),
                                                    false, sealed.sealedVersion(JEAN, goal("race-b", r + "/" + k)))));
                                    if (outcome instanceof PassportStore.ChangeOutcome.Written written) {
                                        // with the store's step (as the flows do) or, every other time, without it
                                        prepared.written(JEAN, written.resources(),
                                                k % 2 == 0 ? written.step() : java.util.Optional.empty());
                                    }
                                } else {
                                    WriteOutcome outcome = store.update(JEAN, "Goal", id, OptionalLong.empty(), false,
                                            sealed.sealedVersion(JEAN, goal(id, r + "/" + writer + "/" + k)));
                                    if (outcome instanceof WriteOutcome.Written written) {
                                        prepared.written(JEAN, List.of(written.resource()),
                                                k % 2 == 0 ? written.step() : java.util.Optional.empty());
                                    }
                                }
                            }
                            return null;
                        }));
                    }
                    work.add(pool.submit(() -> { // a writer on another instance: this one is not told
                        for (int k = 0; k < 2; k++) {
                            otherStore.update(JEAN, "Goal", "race-c", OptionalLong.empty(), false,
                                    sealed.sealedVersion(JEAN, goal("race-c", "other " + r + "/" + k)));
                        }
                        return null;
                    }));
                    for (int reader = 0; reader < 2; reader++) { // readers putting the versions they read
                        work.add(pool.submit(() -> {
                            for (int k = 0; k < 6; k++) {
                                prepared.current(JEAN).orElseThrow();
                                Thread.sleep(ThreadLocalRandom.current().nextInt(2));
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : work) {
                        f.get();
                    }
                    // quiet now: a copy kept at the store's version must be exactly the passport prepared afresh
                    PreparedPassport kept = prepared.kept(JEAN).orElseThrow();
                    if (kept.at().equals(store.version(JEAN).orElseThrow())) {
                        assertSamePassport(prepared.prepare(store.snapshot(JEAN).orElseThrow()), kept);
                        checked++;
                    }
                    assertSamePassport(prepared.prepare(store.snapshot(JEAN).orElseThrow()),
                            prepared.current(JEAN).orElseThrow());
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(prepared.handedOn() > 0, "some writes handed the copy on");
            assertTrue(checked > 0, "some rounds ended with the kept copy at the store's version");
        } finally {
            mongo.shutdownNow();
        }
    }

    @Test
    void aStepFromAnotherVersionLeavesTheCopyWhereItIs() throws Exception {
        MongoServer mongo = mongo();
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, serverProps(mongo), "test")) {
            ApplicationContext ctx = server.getApplicationContext(); // with the demo's passports
            PreparedPassports prepared = ctx.getBean(PreparedPassports.class);
            PassportStore store = ctx.getBean(PassportStore.class);
            SealedElements sealed = ctx.getBean(SealedElements.class);
            assertTrue(store.update(JEAN, "Goal", "step-goal", OptionalLong.empty(), true,
                    sealed.sealedVersion(JEAN, goal("step-goal", "first"))) instanceof WriteOutcome.Written);
            PreparedPassport atN = prepared.current(JEAN).orElseThrow();
            long before = prepared.handedOn();

            // two writes; the copy is told only of the second, whose step starts where the first ended
            WriteOutcome first = store.update(JEAN, "Goal", "step-goal", OptionalLong.empty(), false,
                    sealed.sealedVersion(JEAN, goal("step-goal", "second")));
            WriteOutcome.Written second = (WriteOutcome.Written) store.update(JEAN, "Goal", "step-goal",
                    OptionalLong.empty(), false, sealed.sealedVersion(JEAN, goal("step-goal", "third")));
            PassportStore.Step step = second.step().orElseThrow();
            assertEquals(((WriteOutcome.Written) first).step().orElseThrow().to(), step.from());
            assertEquals(store.version(JEAN).orElseThrow(), new PassportStore.Version(step.created(), step.to()),
                    "the step ends at the store's version");
            prepared.written(JEAN, List.of(second.resource()), second.step());
            assertEquals(before, prepared.handedOn(), "not handed on: the copy is at n, the step starts at n + 1");
            assertEquals(atN.at(), prepared.kept(JEAN).orElseThrow().at());

            // read afresh, then a write told with its step: handed on, to exactly the passport prepared afresh
            prepared.current(JEAN).orElseThrow();
            WriteOutcome.Written third = (WriteOutcome.Written) store.update(JEAN, "Goal", "step-goal",
                    OptionalLong.empty(), false, sealed.sealedVersion(JEAN, goal("step-goal", "fourth")));
            prepared.written(JEAN, List.of(third.resource()), third.step());
            assertEquals(before + 1, prepared.handedOn());
            PreparedPassport kept = prepared.kept(JEAN).orElseThrow();
            assertEquals(store.version(JEAN).orElseThrow(), kept.at());
            assertSamePassport(prepared.prepare(store.snapshot(JEAN).orElseThrow()), kept);
        } finally {
            mongo.shutdownNow();
        }
    }

    /** Everything a read uses of a prepared passport, field by field (the stored forms byte for byte). */
    static void assertSamePassport(PreparedPassport expected, PreparedPassport actual) {
        assertEquals(expected.residentId(), actual.residentId());
        assertEquals(expected.at(), actual.at());
        assertEquals(expected.directives(), actual.directives());
        assertEquals(expected.disputes(), actual.disputes());
        assertEquals(expected.resources().size(), actual.resources().size());
        for (int k = 0; k < expected.resources().size(); k++) {
            PreparedPassport.Resource e = expected.resources().get(k);
            PreparedPassport.Resource a = actual.resources().get(k);
            assertEquals(e.ref(), a.ref(), "in the same order");
            assertEquals(e.version(), a.version(), e.ref());
            assertArrayEquals(e.stored(), a.stored(), e.ref());
            assertEquals(e.sealed(), a.sealed(), e.ref());
            assertEquals(e.items(), a.items(), e.ref());
            assertEquals(e.references(), a.references(), e.ref());
        }
    }

    private static int putGoal(Http jean, String id, String text) throws Exception {
        HttpResponse<String> r = jean.put("/me/passport/Goal/" + id, Fhir.write(goal(id, text)), "Content-Type",
                "application/fhir+json");
        return r.statusCode();
    }

    private static ObjectNode goal(String id, String text) {
        return Fhir.tree("{\"resourceType\":\"Goal\",\"id\":\"" + id + "\",\"lifecycleStatus\":\"active\","
                + "\"description\":{\"text\":\"" + text + "\"},\"subject\":{\"reference\":\"Patient/" + JEAN + "\"}}");
    }

    /** A real wire-protocol server of this test's own; both instances of a test share it and the keystore. */
    private static MongoServer mongo() {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        return mongo;
    }

    private Map<String, Object> serverProps(MongoServer mongo) {
        Map<String, Object> props = new HashMap<>(props(mongo));
        props.put("passport.demo.enabled", true);
        props.put("micronaut.server.port", -1);
        return props;
    }

    private Map<String, Object> props(MongoServer mongo) {
        return Map.of("passport.store.uri", "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort(),
                "passport.store.docker", false, "passport.keys.dir", keys.toString(), "passport.keys.passphrase",
                "prepared-passports-hand-on-test", "passport.keys.scrypt-cost-log2", 10);
    }

    private static String stripTimes(String bundle) {
        return bundle.replaceAll("\"timestamp\":\"[^\"]*\"", "");
    }
}
