package org.wellbeingpassport.api.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.fhir.example.ExamplePassports;

/** Issue 16: a demo resident who left is not started again when the demo starts again on the same data. */
class DemoErasureTest {
    @TempDir
    Path dataDir;

    @Test
    void anErasedDemoResidentIsNotRecreatedOnRestart() {
        Map<String, Object> props = Map.of("passport.store.uri", "", "passport.store.docker", false,
                "passport.store.embedded-persistent", true, "passport.store.data-dir", dataDir.toString(),
                "micronaut.server.port", -1, "passport.demo.enabled", true);
        ExamplePassports.NamedResident leaving = ExamplePassports.named().get(0);
        ExamplePassports.NamedResident staying = ExamplePassports.named().get(1);
        try (EmbeddedServer first = ApplicationContext.run(EmbeddedServer.class, props, "test")) {
            Http http = new Http(first.getURI()).as(token(first, leaving.key()));
            assertEquals(200, http.get("/me/passport").statusCode());
            HttpResponse<String> gone = http.delete("/me/passport");
            assertEquals(204, gone.statusCode(), gone.body());
        }
        try (EmbeddedServer second = ApplicationContext.run(EmbeddedServer.class, props, "test")) {
            PassportStore store = second.getApplicationContext().getBean(PassportStore.class);
            assertFalse(store.exists(leaving.patientId()), "the erased demo resident was loaded again");
            assertTrue(store.erased(leaving.patientId()));
            assertTrue(store.exists(staying.patientId()), "the others are still there");
            HttpResponse<String> read = new Http(second.getURI()).as(token(second, leaving.key())).get("/me/passport");
            assertEquals(404, read.statusCode(), read.body());
        }
    }

    private static String token(EmbeddedServer server, String user) {
        return new TestTokens(server.getApplicationContext().getBean(ServiceTokens.class)).demo(user);
    }
}
