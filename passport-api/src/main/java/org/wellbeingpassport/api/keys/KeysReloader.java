package org.wellbeingpassport.api.keys;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.keys.KeyHierarchy;

/** Picks up keys rotated by the key CLI (or another instance): new signing keys are used and published within a minute. */
@Singleton
public class KeysReloader {
    private static final Logger LOG = LoggerFactory.getLogger(KeysReloader.class);
    private final KeyHierarchy keys;

    public KeysReloader(KeyHierarchy keys) {
        this.keys = keys;
    }

    @Scheduled(fixedDelay = "60s", initialDelay = "60s")
    void reload() {
        try {
            keys.reload();
        } catch (RuntimeException e) {
            LOG.warn("Keys: reload failed ({}); keeping the keys already loaded", e.getClass().getSimpleName());
        }
    }
}
