package org.wellbeingpassport.api.keys;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.api.store.StoreBackend;
import org.wellbeingpassport.api.store.StoreConfiguration;
import org.wellbeingpassport.keys.KeyHierarchy;
import org.wellbeingpassport.keys.KeysConfig;
import org.wellbeingpassport.keys.Passphrase;

/** Opens (or on first run creates) the key hierarchy: master key, resident data keys, signing keys. */
@Factory
public class KeysFactory {
    private static final Logger LOG = LoggerFactory.getLogger(KeysFactory.class);

    @Singleton
    KeyHierarchy keyHierarchy(KeysSettings settings, StoreConfiguration storeConfig, MongoStore store,
            MongoWrappedKeyStore wrapped) {
        Path dir = settings.getDir().orElseGet(() -> defaultDir(storeConfig, store));
        Optional<Passphrase> passphrase = Passphrase.fromEnvironment(System.getenv())
                .or(() -> settings.getPassphrase().map(p -> Passphrase.of(p.toCharArray())));
        if (passphrase.isEmpty()) {
            throw new ConfigurationException("No keystore passphrase: set " + Passphrase.ENVIRONMENT_VARIABLE
                    + " (or start with 'demo' for the demo configuration)");
        }
        KeysConfig config = KeysConfig.builder(dir, passphrase.get()).scryptCostLog2(settings.getScryptCostLog2())
                .masterKeysFromEnvironment(System.getenv()).build();
        boolean existed = KeyHierarchy.exists(dir);
        if (!existed && holdsResidentKeys(wrapped)) {
            // a new keystore here would leave every resident's sealed data unreadable: stop instead
            throw new ConfigurationException("No key store in " + dir.toAbsolutePath()
                    + ", but the store holds residents' keys: set PASSPORT_KEYS_DIR to the key store's directory");
        }
        KeyHierarchy keys = KeyHierarchy.openOrInitialise(config, wrapped);
        LOG.info("Keys: {} keystore in {}", existed ? "opened the" : "created a new", dir.toAbsolutePath());
        return keys;
    }

    private static boolean holdsResidentKeys(MongoWrappedKeyStore wrapped) {
        try (var all = wrapped.all()) {
            return all.findAny().isPresent();
        }
    }

    private static Path defaultDir(StoreConfiguration storeConfig, MongoStore store) {
        try {
            if (store.backend() == StoreBackend.EMBEDDED_MEMORY) {
                Path temp = Files.createTempDirectory("wp-keys");
                temp.toFile().deleteOnExit();
                return temp;
            }
            return storeConfig.getDataDir().resolve("keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
