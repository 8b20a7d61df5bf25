package org.wellbeingpassport.api.keys;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.keys.KeyHierarchy;

/**
 * Picks up keys rotated by the key CLI (or another instance): new signing keys are used and published within a minute.
 *
 * <p>
 * Opening the keystore derives its key from the passphrase (a deliberately slow KDF, seconds of CPU), so the reload
 * runs only when the keystore file has changed since the last look (its size, modification time or file key).
 */
@Singleton
public class KeysReloader {
    private static final Logger LOG = LoggerFactory.getLogger(KeysReloader.class);
    private final KeyHierarchy keys;
    private volatile String seen;

    public KeysReloader(KeyHierarchy keys) {
        this.keys = keys;
        this.seen = fingerprint();
    }

    @Scheduled(fixedDelay = "60s", initialDelay = "60s")
    void reload() {
        String now = fingerprint();
        if (now != null && now.equals(seen)) {
            return;
        }
        try {
            keys.reload();
            seen = now;
        } catch (RuntimeException e) {
            LOG.warn("Keys: reload failed ({}); keeping the keys already loaded", e.getClass().getSimpleName());
        }
    }

    /** Size, modification time and file key of the keystore file; null when it cannot be read (then always reload). */
    private String fingerprint() {
        Path file = keys.config().keystoreFile();
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + "/" + a.lastModifiedTime().toMillis() + "/" + a.fileKey();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
