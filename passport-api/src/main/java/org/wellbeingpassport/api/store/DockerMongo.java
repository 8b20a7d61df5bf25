package org.wellbeingpassport.api.store;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A throw-away MongoDB in Docker, for tests only: Testcontainers is a test dependency, so the runnable jar has no
 * implementation and never starts a container; tests provide one through {@link ServiceLoader}.
 */
public interface DockerMongo {
    /** A started mongod, or empty when no Docker engine answers. */
    Optional<Running> start(String database);

    /** The first implementation on the class path (tests only). */
    static Optional<DockerMongo> provided() {
        return ServiceLoader.load(DockerMongo.class).findFirst();
    }

    interface Running extends AutoCloseable {
        String connectionString();

        /** host:port, for the log. */
        String location();

        @Override
        void close();
    }
}
