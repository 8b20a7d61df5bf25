package org.wellbeingpassport.api;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.api.store.StoreConfiguration;

/**
 * Two instances of the service's store on one real wire-protocol server (the in-memory stand-in): two MongoStores,
 * each with its own driver client, as two running instances of the service would have. For tests of what one
 * instance sees of another's changes.
 */
public final class TwoInstances implements AutoCloseable {
    private final MongoServer server = new MongoServer(new MemoryBackend());
    public final MongoStore one;
    public final MongoStore two;

    public TwoInstances() {
        server.bind("127.0.0.1", 0);
        one = store();
        two = store();
    }

    private MongoStore store() {
        StoreConfiguration c = new StoreConfiguration();
        c.setUri("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        return new MongoStore(c);
    }

    @Override
    public void close() {
        one.close();
        two.close();
        server.shutdown();
    }
}
