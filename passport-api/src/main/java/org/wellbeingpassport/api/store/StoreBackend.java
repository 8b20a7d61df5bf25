package org.wellbeingpassport.api.store;

/** Which MongoDB server the service talks to; chosen once at start-up, in this order of preference. */
public enum StoreBackend {
    /** MONGODB_URI was set: any real MongoDB (replica set, sharded cluster, Atlas). */
    EXTERNAL("MongoDB at MONGODB_URI"),
    /** A Docker engine answered: Testcontainers started a real mongod as a one-node replica set. */
    TESTCONTAINERS("real mongod in a Docker container (Testcontainers, replica set)"),
    /** No URI and no Docker: the embedded wire-protocol server, on disk (H2 MVStore file). */
    EMBEDDED_DISK("embedded MongoDB wire-protocol server (mongo-java-server), on disk"),
    /** No URI and no Docker, tests: the embedded wire-protocol server, in memory. */
    EMBEDDED_MEMORY("embedded MongoDB wire-protocol server (mongo-java-server), in memory");

    private final String description;

    StoreBackend(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** True for the stand-in server: no transactions, no $text, no change streams, few indexes used. */
    public boolean isEmbedded() {
        return this == EMBEDDED_DISK || this == EMBEDDED_MEMORY;
    }
}
