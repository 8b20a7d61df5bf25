package org.wellbeingpassport.api.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.auth.ServiceTokens;

/**
 * The two 409s of {@code /me/sharing}: a sharing choice made or stopped while the resident's choices change between
 * reading and saving (the directives' version compare-and-set). With one attempt per change (the default tries 16
 * times), concurrent changes to one resident's choices lose the race, and each loser must be told 409 with nothing
 * changed, while every winner's change is kept: no lost update either way.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "passport.sharing.save-attempts", value = "1")
class SharingRaceTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int WRITERS = 12;
    static final int ROUNDS = 5;

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;

    /** Sends {@code WRITERS} requests at once (released together) and returns their answers in order. */
    static List<HttpResponse<String>> atOnce(int n, Function<Integer, HttpResponse<String>> send) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                sent.add(pool.submit(() -> {
                    go.await();
                    return send.apply(k);
                }));
            }
            go.countDown();
            List<HttpResponse<String>> out = new ArrayList<>();
            for (Future<HttpResponse<String>> f : sent) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static Set<String> listed(Http me) throws Exception {
        HttpResponse<String> list = me.get("/me/sharing");
        assertEquals(200, list.statusCode(), list.body());
        Set<String> ids = new HashSet<>();
        for (JsonNode c : JSON.readTree(list.body()).path("choices")) {
            ids.add(c.path("id").asText());
        }
        return ids;
    }

    static String shareWith(int k) {
        LocalDate until = LocalDate.now(ZoneOffset.UTC).plusDays(10 + k);
        return SharingTest.shareGoalsWithLinkWorkers(until).replace("org-newham-sp", "org-race-" + k);
    }

    @Test
    void concurrentChangesEitherLandOrAre409AndNoneIsLost() throws Exception {
        Http me = SharingTest.startWith(server, tokens, "resident:sharing-race-" + System.nanoTime());
        int conflictsOnAdd = 0;
        int conflictsOnStop = 0;
        for (int round = 0; round < ROUNDS && (conflictsOnAdd == 0 || conflictsOnStop == 0); round++) {
            Set<String> before = listed(me);
            List<HttpResponse<String>> made = atOnce(WRITERS, k -> SharingTest.post(me, "/me/sharing", shareWith(k)));
            Set<String> won = new HashSet<>();
            for (HttpResponse<String> r : made) {
                assertTrue(r.statusCode() == 201 || r.statusCode() == 409, r.statusCode() + " " + r.body());
                if (r.statusCode() == 201) {
                    won.add(JSON.readTree(r.body()).path("id").asText());
                } else {
                    conflictsOnAdd++;
                    assertProblem(r);
                }
            }
            Set<String> expected = new HashSet<>(before);
            expected.addAll(won);
            assertEquals(expected, listed(me), "every 201 is listed, and nothing else was added");

            List<String> all = new ArrayList<>(listed(me));
            List<HttpResponse<String>> stopped = atOnce(all.size(), k -> me.delete("/me/sharing/" + all.get(k)));
            Set<String> left = new HashSet<>(all);
            for (int k = 0; k < all.size(); k++) {
                HttpResponse<String> r = stopped.get(k);
                assertTrue(r.statusCode() == 204 || r.statusCode() == 409, r.statusCode() + " " + r.body());
                if (r.statusCode() == 204) {
                    left.remove(all.get(k));
                } else {
                    conflictsOnStop++;
                    assertProblem(r);
                }
            }
            assertEquals(left, listed(me), "every 204 is gone, and every 409 is still there");
        }
        assertTrue(conflictsOnAdd > 0, "no POST /me/sharing lost the race in " + ROUNDS + " rounds of " + WRITERS);
        assertTrue(conflictsOnStop > 0, "no DELETE /me/sharing/{id} lost the race in " + ROUNDS + " rounds");
    }

    static void assertProblem(HttpResponse<String> r) throws Exception {
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0],
                r.body());
        JsonNode p = JSON.readTree(r.body());
        assertEquals(409, p.path("status").asInt(), r.body());
        assertTrue(p.path("detail").asText().contains("changed while saving"), r.body());
    }
}
