package org.wellbeingpassport.api.keys;

import com.mongodb.client.MongoDatabase;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.api.store.StoreBackend;
import org.wellbeingpassport.api.store.StoreConfiguration;

/**
 * The database of the key store (ADR 0014): never the data's own database. With {@code passport.key-store.uri}, a
 * MongoDB of its own; with the data on MongoDB, a separate database on the same server (its own backup policy);
 * with the embedded on-disk store, a second embedded store in its own directory and file, committed before every
 * answer like the data's; in memory (tests), a separate database of the in-memory server.
 */
@Singleton
public final class KeyStoreDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyStoreDatabase.class);
    private final MongoDatabase database;
    private final MongoStore own;
    private final String location;

    public KeyStoreDatabase(KeyStoreConfiguration config, StoreConfiguration storeConfig, MongoStore data) {
        if (config.getUri().isPresent() || data.backend() == StoreBackend.EMBEDDED_DISK) {
            StoreConfiguration c = new StoreConfiguration();
            c.setUri(config.getUri().orElse(null));
            c.setDocker(false);
            c.setDatabase(config.getDatabase());
            c.setEmbeddedPersistent(true);
            c.setEmbeddedCacheMb(16);
            c.setEmbeddedSync(storeConfig.isEmbeddedSync());
            c.setDataDir(config.getDir().orElseGet(() -> defaultDir(storeConfig)));
            this.own = new MongoStore(c);
            this.database = own.database();
            this.location = own.location();
        } else {
            this.own = null;
            this.database = data.sibling(config.getDatabase());
            this.location = data.location();
        }
        if (database.getName().equals(data.database().getName()) && own == null) {
            throw new io.micronaut.context.exceptions.ConfigurationException(
                    "passport.key-store.database must differ from the data's database (" + database.getName() + ")");
        }
        LOG.info("Key store: database '{}' ({}), apart from the data", database.getName(), location);
    }

    /** The key store's default directory on the embedded on-disk store: beside the data file, never inside it. */
    public static Path defaultDir(StoreConfiguration storeConfig) {
        return storeConfig.getDataDir().resolve("key-store");
    }

    public MongoDatabase database() {
        return database;
    }

    /** Where it is: a file, or host:port (never credentials). */
    public String location() {
        return location;
    }

    @Override
    @PreDestroy
    public void close() {
        if (own != null) {
            own.close();
        }
    }
}
