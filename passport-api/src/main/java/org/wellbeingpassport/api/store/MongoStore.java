package org.wellbeingpassport.api.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one MongoDB connection of the service, through the real driver, whatever server is behind it. The backend
 * is chosen in the order MONGODB_URI, Docker (Testcontainers), embedded, and logged.
 */
@Singleton
public final class MongoStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MongoStore.class);

    private final StoreBackend backend;
    private final String location;
    /**
     * The on-disk stand-in's I/O threads. Each connection is served by one of them, and a changing command holds its
     * thread until its group commit is on disk (DurableH2Backend), so with Netty's default (2 per core) a few writers
     * waiting for a commit stopped every read whose connection shared their thread (ADR 0008). Waiting threads cost
     * no CPU; the commands themselves are serialised by the stand-in's locks whatever the count.
     */
    static final int DISK_WORKER_THREADS = 32;

    private final MongoClient client;
    private final MongoDatabase database;
    private final MongoServer embedded;
    private final DockerMongo.Running container;
    private final DurableH2Backend disk;
    private final boolean envelopeBytes;

    public MongoStore(StoreConfiguration config) {
        this.envelopeBytes = config.isEnvelopeBytes();
        Optional<String> uri = config.getUri();
        MongoServer server = null;
        DockerMongo.Running mongod = null;
        DurableH2Backend durable = null;
        Optional<DockerMongo.Running> docker = config.isDocker() ? startDocker(config) : Optional.empty();
        String connection;
        if (uri.isPresent()) {
            backend = StoreBackend.EXTERNAL;
            connection = uri.get();
            location = redact(new ConnectionString(connection));
        } else if (docker.isPresent()) {
            backend = StoreBackend.TESTCONTAINERS;
            mongod = docker.get();
            connection = mongod.connectionString();
            location = mongod.location();
        } else if (config.isEmbeddedPersistent()) {
            backend = StoreBackend.EMBEDDED_DISK;
            Path file = prepareDataFile(config.getDataDir());
            // H2 keeps documents serialised and deserialises a whole page to read one; its default 16 MB page cache
            // is smaller than a few thousand passports, so even a head lookup went to the file (ADR 0008)
            // a write is answered only once committed to the file (and forced to the device unless embedded-sync
            // is off): H2's own background commit lost up to a second of acknowledged writes (ADR 0014)
            durable = DurableH2Backend.open(file, config.getEmbeddedCacheMb(), config.isEmbeddedSync(),
                    config.getEmbeddedCommitDelayMicros(), config.getEmbeddedCommitSiblings());
            server = new MongoServer(durable);
            connection = "mongodb://" + bindLoopback(server, DISK_WORKER_THREADS);
            location = file.toAbsolutePath().toString();
        } else {
            backend = StoreBackend.EMBEDDED_MEMORY;
            server = new MongoServer(new MemoryBackend());
            connection = "mongodb://" + bindLoopback(server);
            location = "memory";
        }
        this.embedded = server;
        this.disk = durable;
        this.container = mongod;
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connection))
                .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS))
                .applyToClusterSettings(s -> s.serverSelectionTimeout(10, TimeUnit.SECONDS))
                // store timings per command and collection (mongodb_driver_commands_seconds), never a value
                .addCommandListener(new io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener(
                        io.micrometer.core.instrument.Metrics.globalRegistry));
        if (!backend.isEmbedded()) {
            // a write acknowledged to a resident is in the journal of a majority: it survives a crash of any
            // member and the loss of the primary (ADR 0014); a majority that does not answer within 10 s is an error
            settings.writeConcern(WriteConcern.MAJORITY.withJournal(true).withWTimeout(10, TimeUnit.SECONDS))
                    .readConcern(ReadConcern.MAJORITY);
        }
        this.client = MongoClients.create(settings.build());
        // a database named in MONGODB_URI wins; otherwise (and always for the embedded server) the configured one
        String named = uri.isPresent() ? new ConnectionString(connection).getDatabase() : null;
        this.database = client.getDatabase(named != null ? named : config.getDatabase());
        LOG.info("Store: {} ({}), database '{}'", backend.description(), location, database.getName());
        if (backend.isEmbedded()) {
            LOG.info("Store: the embedded server has no multi-document transactions, $text or change streams;"
                    + " set MONGODB_URI to use a real MongoDB");
        }
    }

    public StoreBackend backend() {
        return backend;
    }

    /** Whether sealed envelopes are written as bytes ({@link StoreConfiguration#isEnvelopeBytes()}). */
    boolean envelopeBytes() {
        return envelopeBytes;
    }

    /** Where the data is: a file, "memory", or host:port (never credentials). */
    public String location() {
        return location;
    }

    public MongoDatabase database() {
        return database;
    }

    /**
     * Another database on the same server and client, with the same write and read concerns: the key store's when
     * it has no server of its own (ADR 0014).
     */
    public MongoDatabase sibling(String name) {
        return client.getDatabase(name);
    }

    /**
     * The collection with the client's write concern but {@code j: false}: for a step whose durability a later write
     * with the full concern, by the same thread, covers (on the on-disk stand-in it is acknowledged once applied and
     * reaches the file with the next commit; on MongoDB the later journalled majority write covers it in oplog order).
     */
    public static <T> MongoCollection<T> withoutJournal(MongoCollection<T> collection) {
        return collection.withWriteConcern(collection.getWriteConcern().withJournal(false));
    }

    /** The client's write concern: what an acknowledged write means on this backend. */
    public WriteConcern writeConcern() {
        return database.getWriteConcern();
    }

    /** Why the store cannot take changes although it answers (the embedded store failed to commit to disk). */
    public Optional<String> writeFailure() {
        return disk == null ? Optional.empty() : disk.failure();
    }

    /** Round-trip time of a ping, or empty when the server does not answer. */
    public Optional<Long> pingMicros() {
        try {
            long start = System.nanoTime();
            database.runCommand(new Document("ping", 1));
            return Optional.of((System.nanoTime() - start) / 1000);
        } catch (RuntimeException e) {
            LOG.warn("Store ping failed: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    @Override
    @PreDestroy
    public void close() {
        client.close();
        if (embedded != null) {
            embedded.shutdown();
        }
        if (container != null) {
            container.close();
        }
    }

    /** Only when asked (PASSPORT_DOCKER=true), and only where Testcontainers is on the class path: the tests. */
    private static Optional<DockerMongo.Running> startDocker(StoreConfiguration config) {
        if (config.getUri().isPresent()) {
            return Optional.empty();
        }
        DockerMongo docker = DockerMongo.provided()
                .orElseThrow(() -> new io.micronaut.context.exceptions.ConfigurationException(
                        "PASSPORT_DOCKER=true, but this build does not start containers (Testcontainers is for tests);"
                                + " start a MongoDB yourself and set MONGODB_URI, or leave PASSPORT_DOCKER unset"));
        return docker.start(config.getDatabase());
    }

    private static Path prepareDataFile(Path dir) {
        try {
            Files.createDirectories(dir);
            return dir.resolve("passport.mv");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir.toAbsolutePath(), e);
        }
    }

    /** Loopback only: the embedded server has no authentication, so it must not be reachable from outside. */
    private static String bindLoopback(MongoServer server) {
        return bindLoopback(server, 0); // Netty's default: 2 per core
    }

    private static String bindLoopback(MongoServer server, int workers) {
        server.bind(new InetSocketAddress("127.0.0.1", 0), 1, workers);
        InetSocketAddress a = server.getLocalAddress();
        return a.getHostString() + ":" + a.getPort();
    }

    private static String redact(ConnectionString cs) {
        return String.join(",", cs.getHosts());
    }
}
