package org.wellbeingpassport.api.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MongoDBContainer;

/** Tests only: a real mongod (one-node replica set) in Docker where a Docker engine answers. */
public final class TestcontainersMongo implements DockerMongo {
    @Override
    public Optional<Running> start(String database) {
        if (!dockerAnswers()) {
            return Optional.empty();
        }
        MongoDBContainer mongod = new MongoDBContainer("mongo:7.0");
        mongod.start();
        String connection = mongod.getReplicaSetUrl(database);
        String location = mongod.getHost() + ":" + mongod.getFirstMappedPort();
        return Optional.of(new Running() {
            @Override
            public String connectionString() {
                return connection;
            }

            @Override
            public String location() {
                return location;
            }

            @Override
            public void close() {
                mongod.stop();
            }
        });
    }

    private static boolean dockerAnswers() {
        // cheap pre-check, so a machine without Docker does not pay for (or log) a Testcontainers probe
        String host = System.getenv("DOCKER_HOST");
        if ((host == null || host.isBlank()) && !Files.exists(Path.of("/var/run/docker.sock"))
                && !Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
