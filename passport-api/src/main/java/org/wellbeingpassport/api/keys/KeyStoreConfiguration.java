package org.wellbeingpassport.api.keys;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where residents' wrapped data keys live: a store of their own, apart from the data they protect, so that its
 * copies can be kept for a shorter time than copies of the data (ADR 0014, "Erasure that reaches copies"). On
 * MongoDB a separate database ({@code passport.key-store.database}, by default {@code passport_keys}), on another
 * server when {@code passport.key-store.uri} is set; on the embedded on-disk store a separate file in its own
 * directory ({@code passport.key-store.dir}, by default {@code <data-dir>/key-store}). Also the master-key
 * rotation's schedule.
 */
@ConfigurationProperties("passport.key-store")
public class KeyStoreConfiguration {
    private String uri;
    private String database = "passport_keys";
    private String dir;
    private Duration rotationPeriod = Duration.ofDays(30);
    private boolean rotationEnabled = true;

    /** Another MongoDB for the key store; empty: the data's server, in a database of its own. */
    public Optional<String> getUri() {
        return Optional.ofNullable(uri).filter(s -> !s.isBlank());
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    /** The embedded key store's directory; empty: {@code <data-dir>/key-store}. */
    public Optional<Path> getDir() {
        return Optional.ofNullable(dir).filter(d -> !d.isBlank()).map(Path::of);
    }

    /** A path; empty or unset: the default. */
    public void setDir(String dir) {
        this.dir = dir;
    }

    /**
     * How old the current master key may get before the scheduled rotation replaces it, re-wraps every data key and
     * retires the old one (P in ADR 0014's bound).
     */
    public Duration getRotationPeriod() {
        return rotationPeriod;
    }

    public void setRotationPeriod(Duration rotationPeriod) {
        this.rotationPeriod = rotationPeriod;
    }

    public boolean isRotationEnabled() {
        return rotationEnabled;
    }

    public void setRotationEnabled(boolean rotationEnabled) {
        this.rotationEnabled = rotationEnabled;
    }
}
