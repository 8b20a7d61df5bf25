package org.wellbeingpassport.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;

/** HSTS is sent, on every response, once configured (passport.http.hsts-max-age, PASSPORT_HSTS_MAX_AGE). */
@MicronautTest
@Property(name = "passport.http.hsts-max-age", value = "365d")
class HstsTest {
    @Inject
    EmbeddedServer server;

    @Test
    void hstsWhenConfigured() {
        Http http = new Http(server.getURI());
        for (String path : new String[]{"/health", "/no-such-route", "/audit/events"}) {
            assertEquals("max-age=31536000; includeSubDomains",
                    http.get(path).headers().firstValue("Strict-Transport-Security").orElse(""), path);
        }
    }
}
