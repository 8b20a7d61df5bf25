package org.wellbeingpassport.api.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;

/** 16 writers on one Patient through HTTP: distinct versions, no lost update, the losers get 412. */
@MicronautTest
class ConcurrentWritersTest {
    static final int WRITERS = 16;
    static final String MARK = "urn:test:writer";

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    org.wellbeingpassport.api.passport.DirectiveStore directives;
    Http http;
    ExecutorService pool;
    final IParser parser = FhirContext.forR4Cached().newJsonParser();

    @BeforeEach
    void setUp() {
        http = new Http(server.getURI()).as(new TestTokens(tokens).demo(Fixtures.GP_SYSTEM));
        pool = Executors.newFixedThreadPool(WRITERS);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void oneRoundOfSixteenWithTheSameIfMatchHasExactlyOneWinner() throws Exception {
        String id = Fixtures.idOf(http.post("/fhir/Patient", Fixtures.amara()));
        Fixtures.shareWithSystem(directives, id, Fixtures.GP_SYSTEM);
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            results.add(pool.submit(() -> {
                Patient p = parser.parseResource(Patient.class,
                        http.get("/fhir/Patient/" + id + "?" + Fixtures.DIRECT_CARE).body());
                p.addIdentifier(new Identifier().setSystem(MARK).setValue("writer-" + writer));
                String body = parser.encodeResourceToString(p);
                start.await();
                return http.put("/fhir/Patient/" + id + "?" + Fixtures.DIRECT_CARE, body, "If-Match", "W/\"1\"");
            }));
        }
        int ok = 0;
        int preconditionFailed = 0;
        for (Future<HttpResponse<String>> f : results) {
            int status = f.get().statusCode();
            if (status == 200) {
                ok++;
                assertEquals("W/\"2\"", f.get().headers().firstValue("ETag").orElseThrow());
            } else {
                assertEquals(412, status, f.get().body());
                preconditionFailed++;
            }
        }
        assertEquals(1, ok);
        assertEquals(WRITERS - 1, preconditionFailed);
        assertEquals("W/\"2\"", http.get("/fhir/Patient/" + id + "?" + Fixtures.DIRECT_CARE).headers()
                .firstValue("ETag").orElseThrow());
    }

    @Test
    void sixteenWritersRetryingOnConflictLoseNoUpdate() throws Exception {
        String id = Fixtures.idOf(http.post("/fhir/Patient", Fixtures.amara()));
        Fixtures.shareWithSystem(directives, id, Fixtures.GP_SYSTEM);
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        List<Future<long[]>> results = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Callable<long[]> task = () -> {
                start.await();
                long conflicts = 0;
                while (true) {
                    HttpResponse<String> current = http.get("/fhir/Patient/" + id + "?" + Fixtures.DIRECT_CARE);
                    String etag = current.headers().firstValue("ETag").orElseThrow();
                    Patient p = parser.parseResource(Patient.class, current.body());
                    p.addIdentifier(new Identifier().setSystem(MARK).setValue("writer-" + writer));
                    HttpResponse<String> put = http.put("/fhir/Patient/" + id + "?" + Fixtures.DIRECT_CARE,
                            parser.encodeResourceToString(p), "If-Match", etag);
                    if (put.statusCode() == 200) {
                        return new long[]{
                                Long.parseLong(put.headers().firstValue("ETag").orElseThrow().replaceAll("\\D", "")),
                                conflicts};
                    }
                    assertEquals(412, put.statusCode(), put.body());
                    conflicts++;
                }
            };
            results.add(pool.submit(task));
        }
        Set<Long> versions = new TreeSet<>();
        long conflicts = 0;
        for (Future<long[]> f : results) {
            long[] r = f.get();
            assertTrue(versions.add(r[0]), "version " + r[0] + " was given to two writers");
            conflicts += r[1];
        }
        Set<Long> expected = new TreeSet<>();
        for (long v = 2; v <= WRITERS + 1; v++) {
            expected.add(v);
        }
        assertEquals(expected, versions, "every success is a distinct version, 2.." + (WRITERS + 1));
        assertTrue(conflicts > 0, "concurrent writers with If-Match must have met 412s");

        Patient last = parser.parseResource(Patient.class,
                http.get("/fhir/Patient/" + id + "?" + Fixtures.DIRECT_CARE).body());
        Set<String> marks = new HashSet<>();
        last.getIdentifier().stream().filter(i -> MARK.equals(i.getSystem())).forEach(i -> marks.add(i.getValue()));
        assertEquals(WRITERS, marks.size(), "the final version carries every writer's change: none was lost");

        Bundle history = parser.parseResource(Bundle.class,
                http.get("/fhir/Patient/" + id + "/_history?" + Fixtures.DIRECT_CARE).body());
        assertEquals(WRITERS + 1, history.getTotal());
        assertEquals(WRITERS + 1, history.getEntry().size());
    }

    @Test
    void writersWithoutIfMatchEachGetTheirOwnVersion() throws Exception {
        String id = Fixtures.idOf(http.post("/fhir/Patient", Fixtures.amara()));
        Fixtures.shareWithSystem(directives, id, Fixtures.GP_SYSTEM);
        String body = http.get("/fhir/Patient/" + id + "?" + Fixtures.DIRECT_CARE).body();
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        List<Future<Long>> results = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            results.add(pool.submit(() -> {
                start.await();
                HttpResponse<String> put = http.put("/fhir/Patient/" + id + "?" + Fixtures.DIRECT_CARE, body);
                assertEquals(200, put.statusCode(), put.body());
                return Long.parseLong(put.headers().firstValue("ETag").orElseThrow().replaceAll("\\D", ""));
            }));
        }
        Set<Long> versions = new HashSet<>();
        for (Future<Long> f : results) {
            assertTrue(versions.add(f.get()));
        }
        assertEquals(WRITERS, versions.size());
        assertEquals("W/\"" + (WRITERS + 1) + "\"", http.get("/fhir/Patient/" + id + "?" + Fixtures.DIRECT_CARE)
                .headers().firstValue("ETag").orElseThrow());
    }
}
