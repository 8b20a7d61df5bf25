package org.wellbeingpassport.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.DirectiveStore;

/**
 * Reads first, through real HTTP: writes sent while reads are answered go through a lane one at a time, every one of
 * them takes effect (no write lost or refused by the lane), every read is answered, and the lane is empty afterwards.
 */
@MicronautTest
@Property(name = "passport.http.write-lane", value = "1")
class ReadsFirstTest {
    static final int READERS = 6;
    static final int WRITERS = 6;
    static final int WRITES_EACH = 15;

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    DirectiveStore directives;
    @Inject
    ReadsFirst readsFirst;

    @Test
    void writesWaitTheirTurnWhileReadsRunAndEveryOneTakesEffect() throws Exception {
        Http http = new Http(server.getURI()).as(new TestTokens(tokens).demo(Fixtures.GP_SYSTEM));
        String id = Fixtures.idOf(http.post("/fhir/Patient", Fixtures.amara()));
        Fixtures.shareWithSystem(directives, id, Fixtures.GP_SYSTEM);
        String path = "/fhir/Patient/" + id + "?" + Fixtures.DIRECT_CARE;
        String body = http.get(path).body();
        long waitedBefore = readsFirst.lane().queuedSoFar();

        ExecutorService pool = Executors.newFixedThreadPool(READERS + WRITERS);
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch readersGoing = new CountDownLatch(READERS);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    readersGoing.countDown();
                    while (writing.get() || reads == 0) {
                        HttpResponse<String> read = http.get(path);
                        assertEquals(200, read.statusCode(), read.body());
                        reads++;
                    }
                    return reads;
                }));
            }
            assertTrue(readersGoing.await(30, TimeUnit.SECONDS));
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < WRITES_EACH; i++) {
                        HttpResponse<String> put = http.put(path, body);
                        assertEquals(200, put.statusCode(), put.body());
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<Integer> f : readers) {
                assertTrue(f.get(60, TimeUnit.SECONDS) > 0);
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        assertEquals("W/\"" + (1 + WRITERS * WRITES_EACH) + "\"",
                http.get(path).headers().firstValue("ETag").orElseThrow(), "a write was lost");
        WriteLane lane = readsFirst.lane();
        assertTrue(lane.queuedSoFar() > waitedBefore, "no write waited: the lane was not exercised");
        for (int i = 0; i < 100 && lane.busy() > 0; i++) {
            Thread.sleep(10); // the last write's gap (at most WriteLane.MAX_GAP_NANOS) frees its place when it ends
        }
        assertEquals(0, lane.busy(), "a place in the lane was not given back");
        assertEquals(0, lane.waiting());
        assertEquals(0, lane.readsInFlight(), "a read was counted in flight after its answer");
        assertEquals(lane.queuedSoFar(), io.micrometer.core.instrument.Metrics.globalRegistry
                .get("passport.write.lane.waited").functionCounter().count(), "the operators' counter");
        assertEquals(0,
                io.micrometer.core.instrument.Metrics.globalRegistry.get("passport.write.lane.busy").gauge().value());
    }

    @Test
    void readsAndWritesAreToldApartByMethod() {
        assertEquals(ReadsFirst.Kind.READ, ReadsFirst.kind(io.micronaut.http.HttpRequest.GET("/passports/x")));
        assertEquals(ReadsFirst.Kind.READ, ReadsFirst.kind(io.micronaut.http.HttpRequest.HEAD("/fhir/metadata")));
        assertEquals(ReadsFirst.Kind.READ,
                ReadsFirst.kind(io.micronaut.http.HttpRequest.POST("/fhir/Patient/_search", "")));
        assertEquals(ReadsFirst.Kind.WRITE, ReadsFirst.kind(io.micronaut.http.HttpRequest.POST("/fhir", "")));
        assertEquals(ReadsFirst.Kind.WRITE,
                ReadsFirst.kind(io.micronaut.http.HttpRequest.PUT("/me/passport/Goal/g", "")));
        assertEquals(ReadsFirst.Kind.WRITE, ReadsFirst.kind(io.micronaut.http.HttpRequest.DELETE("/me/sharing/1")));
        assertEquals(ReadsFirst.Kind.OTHER, ReadsFirst.kind(io.micronaut.http.HttpRequest.OPTIONS("/fhir")));
    }

    @Test
    void aShareOfTheLaneThatIsNotAPercentageStopsTheStartWithTheSettingNamed() {
        for (int bad : new int[]{0, -5, 101}) {
            io.micronaut.context.exceptions.ConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.micronaut.context.exceptions.ConfigurationException.class, () -> new ReadsFirst(1, bad));
            assertTrue(e.getMessage().contains("PASSPORT_WRITE_LANE_SHARE"), e.getMessage());
        } // (a valid one is not built here: it would take over the operators' meters from the test's context)
    }
}
