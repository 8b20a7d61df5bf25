package org.wellbeingpassport.api.store;

import de.bwaldvogel.mongo.MongoServer;
import java.net.InetSocketAddress;

/** Binds a test's embedded stand-in to a free loopback port and gives its host:port for a connection string. */
final class StandInAddress {
    private StandInAddress() {
    }

    /** Bound with Netty's default I/O threads (2 per core). */
    static String of(MongoServer server) {
        server.bind("127.0.0.1", 0);
        return hostAndPort(server);
    }

    /** Bound as the service binds its on-disk stand-in: a thread per connection, so one waiting blocks no other. */
    static String asTheServiceBindsIt(MongoServer server) {
        server.bind(new InetSocketAddress("127.0.0.1", 0), 1, MongoStore.DISK_WORKER_THREADS);
        return hostAndPort(server);
    }

    private static String hostAndPort(MongoServer server) {
        return server.getLocalAddress().getHostString() + ":" + server.getLocalAddress().getPort();
    }
}
