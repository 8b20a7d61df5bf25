package org.wellbeingpassport.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;

/** The run command's embedded store is on disk: stop, start again, and everything is still there. */
class RestartTest {
    @TempDir
    Path dataDir;

    @Test
    void dataWrittenBeforeAStopIsReadBackAfterAStart() {
        Map<String, Object> onDisk = Map.of("passport.store.uri", "", "passport.store.docker", false,
                "passport.store.embedded-persistent", true, "passport.store.data-dir", dataDir.toString(),
                "micronaut.server.port", -1);
        String id;
        String updated;
        try (EmbeddedServer first = ApplicationContext.run(EmbeddedServer.class, onDisk, "test")) {
            assertEquals(StoreBackend.EMBEDDED_DISK, first.getApplicationContext().getBean(MongoStore.class).backend());
            Http http = new Http(first.getURI())
                    .as(new TestTokens(first.getApplicationContext().getBean(ServiceTokens.class))
                            .demo(Fixtures.GP_SYSTEM));
            id = Fixtures.idOf(http.post("/fhir/Patient", Fixtures.amara()));
            Fixtures.shareWithSystem(
                    first.getApplicationContext().getBean(org.wellbeingpassport.api.passport.DirectiveStore.class), id,
                    Fixtures.GP_SYSTEM);
            String body = http.get("/fhir/Patient/" + id + "?" + Fixtures.DIRECT_CARE).body().replace("Okafor",
                    "Okafor-Reid");
            HttpResponse<String> put = http.put("/fhir/Patient/" + id + "?" + Fixtures.DIRECT_CARE, body, "If-Match",
                    "W/\"1\"");
            assertEquals(200, put.statusCode(), put.body());
            updated = put.body();
        }
        assertTrue(Files.exists(dataDir.resolve("passport.mv")), "the store is a file under the data directory");

        try (EmbeddedServer second = ApplicationContext.run(EmbeddedServer.class, onDisk, "test")) {
            Http http = new Http(second.getURI())
                    .as(new TestTokens(second.getApplicationContext().getBean(ServiceTokens.class))
                            .demo(Fixtures.GP_SYSTEM));
            HttpResponse<String> read = http.get("/fhir/Patient/" + id + "?" + Fixtures.DIRECT_CARE);
            assertEquals(200, read.statusCode());
            assertEquals(updated, read.body(), "the same version, byte for byte");
            assertEquals("W/\"2\"", read.headers().firstValue("ETag").orElseThrow());
            assertTrue(http.get("/fhir/Patient/" + id + "/_history/1?" + Fixtures.DIRECT_CARE).body()
                    .contains("\"Okafor\""));
            // and it keeps versioning from where it was
            HttpResponse<String> again = http.put("/fhir/Patient/" + id + "?" + Fixtures.DIRECT_CARE, read.body(),
                    "If-Match", "W/\"2\"");
            assertEquals("W/\"3\"", again.headers().firstValue("ETag").orElseThrow());
        }
    }
}
