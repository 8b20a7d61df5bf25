package org.wellbeingpassport.api.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.store.MongoStore;

/** /health on the on-disk store (the run command's): anyone may ask, and nobody learns where the data is. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthOnDiskTest implements TestPropertyProvider {
    static Path dir;

    @Inject
    EmbeddedServer server;
    @Inject
    MongoStore store;

    @Override
    public Map<String, String> getProperties() {
        try {
            dir = Files.createTempDirectory("wp-health-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("passport.store.embedded-persistent", "true", "passport.store.docker", "false",
                "passport.store.data-dir", dir.toString());
    }

    @Test
    void healthSaysNothingAboutTheHost() {
        assertTrue(store.location().contains(dir.getFileName().toString()), "the store is in the test's directory");
        HttpResponse<String> r = new Http(server.getURI()).get("/health");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"backend\":\"EMBEDDED_DISK\""), r.body());
        assertFalse(r.body().contains(dir.getFileName().toString()), r.body());
        assertFalse(r.body().contains(System.getProperty("user.dir")), r.body());
        assertFalse(r.body().contains("location"), r.body());
        assertFalse(r.body().contains("/"), "no path of any kind: " + r.body());
    }
}
