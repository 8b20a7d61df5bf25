package org.wellbeingpassport.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.netty.channel.epoll.Epoll;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;

/** The HTTP server runs on Netty's native epoll transport wherever epoll is available (Linux x86-64), else NIO. */
@MicronautTest
class HttpTransportTest {
    @Inject
    EmbeddedServer server;
    @Inject
    HttpTransport transport;

    @Test
    void epollWhereAvailableAndItServes() {
        assertEquals(Epoll.isAvailable() ? "epoll" : "nio", transport.name(),
                "epoll available: " + Epoll.isAvailable() + " (" + Epoll.unavailabilityCause() + ")");
        assertEquals(200, new Http(server.getURI()).get("/health").statusCode());
    }
}
