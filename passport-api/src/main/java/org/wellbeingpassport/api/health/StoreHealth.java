package org.wellbeingpassport.api.health;

import jakarta.inject.Singleton;
import java.util.Optional;
import org.wellbeingpassport.api.store.MongoStore;

/** Whether the store answers, and which backend it is: all the health route may know of the store. */
@Singleton
public class StoreHealth {
    private final MongoStore store;

    public StoreHealth(MongoStore store) {
        this.store = store;
    }

    /** A round trip to the store in microseconds; empty when it does not answer. */
    public Optional<Long> pingMicros() {
        return store.pingMicros();
    }

    /** Why the store cannot take writes although it answers (the embedded store failed to commit); empty if it can. */
    public Optional<String> writeFailure() {
        return store.writeFailure();
    }

    /** The backend's name (memory, disk, mongodb, ...). */
    public String backend() {
        return store.backend().name();
    }

    /** The backend in words, without paths or host names. */
    public String description() {
        return store.backend().description();
    }
}
