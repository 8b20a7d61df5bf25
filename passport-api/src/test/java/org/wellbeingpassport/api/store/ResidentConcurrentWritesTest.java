package org.wellbeingpassport.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;

/**
 * 16 writers on one resident's passport at once, over HTTP: writes of different entries all land (the passport is
 * one document, so they meet on its compare-and-set), and of 16 writers holding the same version of one entry or of
 * the resident's choices exactly one wins and every other is told 412. Nothing written is lost.
 */
@MicronautTest
class ResidentConcurrentWritesTest {
    static final int WRITERS = 16;
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        pool = Executors.newFixedThreadPool(WRITERS);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    static String goal(String rid, String id, String text) {
        return "{\"resourceType\":\"Goal\",\"id\":\"" + id + "\",\"lifecycleStatus\":\"active\","
                + "\"description\":{\"text\":\"" + text + "\"},\"subject\":{\"reference\":\"Patient/" + rid + "\"}}";
    }

    @Test
    void sixteenWritersOnOneResidentLoseNothingAndEveryLoserIsTold() throws Exception {
        Http amara = new Http(server.getURI()).as(new TestTokens(tokens).resident("resident:amara-busy", "Amara"));
        HttpResponse<String> created = amara.post("/me/passport", Fixtures.AMARA);
        assertEquals(201, created.statusCode(), created.body());
        String rid = JSON.readTree(created.body()).path("residentId").asText();

        // 1. sixteen different entries at once, no If-Match: every one is stored, none overwrites another
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        List<Future<HttpResponse<String>>> puts = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String id = "goal-" + w;
            String body = goal(rid, id, "Goal number " + w);
            puts.add(pool.submit(() -> {
                start.await();
                return amara.put("/me/passport/Goal/" + id, body);
            }));
        }
        for (Future<HttpResponse<String>> f : puts) {
            assertEquals(201, f.get().statusCode(), f.get().body());
        }
        JsonNode mine = JSON.readTree(amara.get("/me/passport").body());
        Set<String> texts = new HashSet<>();
        for (JsonNode e : mine.path("entry")) {
            if ("Goal".equals(e.path("resource").path("resourceType").asText())) {
                texts.add(e.path("resource").path("description").path("text").asText());
            }
        }
        for (int w = 0; w < WRITERS; w++) {
            assertTrue(texts.contains("Goal number " + w), "goal " + w + " was lost: " + texts);
        }

        // 2. sixteen writers holding version 1 of the same entry: one wins, fifteen are told 412
        CyclicBarrier again = new CyclicBarrier(WRITERS);
        List<Future<HttpResponse<String>>> same = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String body = goal(rid, "goal-0", "Rewritten by writer " + w);
            same.add(pool.submit(() -> {
                again.await();
                return amara.put("/me/passport/Goal/goal-0", body, "If-Match", "W/\"1\"");
            }));
        }
        int won = 0;
        String winner = null;
        for (Future<HttpResponse<String>> f : same) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 200) {
                won++;
                assertEquals("W/\"2\"", r.headers().firstValue("ETag").orElseThrow());
            } else {
                assertTrue(r.statusCode() == 412 || r.statusCode() == 409, r.statusCode() + " " + r.body());
            }
        }
        assertEquals(1, won, "exactly one writer of version 1 wins");
        JsonNode after = JSON.readTree(amara.get("/me/passport").body());
        int goals = 0;
        for (JsonNode e : after.path("entry")) {
            JsonNode r = e.path("resource");
            if ("Goal".equals(r.path("resourceType").asText())) {
                goals++;
                if ("goal-0".equals(r.path("id").asText())) {
                    winner = r.path("description").path("text").asText();
                    assertEquals("2", r.path("meta").path("versionId").asText());
                }
            }
        }
        assertTrue(winner != null && winner.startsWith("Rewritten by writer "), winner);
        assertEquals(WRITERS, goals, "the other entries are untouched");

        // 3. sixteen writers changing the resident's choices from the same version: one wins, the rest 412,
        // and retrying each loser on the new version loses none of them (every version distinct, gap-free)
        HttpResponse<String> consent = amara.get("/me/consent");
        assertEquals(200, consent.statusCode(), consent.body());
        String choices = consent.body();
        HttpResponse<String> firstChoice = amara.put("/me/consent", choices);
        assertEquals(200, firstChoice.statusCode(), firstChoice.body());
        CyclicBarrier third = new CyclicBarrier(WRITERS);
        List<Future<long[]>> changes = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            changes.add(pool.submit(() -> {
                third.await();
                long losses = 0;
                while (true) {
                    HttpResponse<String> current = amara.get("/me/consent");
                    String etag = current.headers().firstValue("ETag").orElseThrow();
                    HttpResponse<String> put = amara.put("/me/consent", choices, "If-Match", etag, "Content-Type",
                            "application/fhir+json");
                    if (put.statusCode() == 200) {
                        return new long[]{
                                Long.parseLong(put.headers().firstValue("ETag").orElseThrow().replaceAll("\\D", "")),
                                losses};
                    }
                    assertTrue(put.statusCode() == 412 || put.statusCode() == 409, put.statusCode() + " " + put.body());
                    losses++;
                }
            }));
        }
        Set<Long> versions = new TreeSet<>();
        long losses = 0;
        for (Future<long[]> f : changes) {
            long[] r = f.get();
            assertTrue(versions.add(r[0]), "version " + r[0] + " was given to two writers");
            losses += r[1];
        }
        long first = versions.iterator().next();
        assertEquals(WRITERS, versions.size());
        assertEquals(first + WRITERS - 1, ((TreeSet<Long>) versions).last(), "gap-free: " + versions);
        assertTrue(losses > 0, "writers on the same version must have been told 412");
        assertEquals("W/\"" + (first + WRITERS - 1) + "\"",
                amara.get("/me/consent").headers().firstValue("ETag").orElseThrow());
    }
}
