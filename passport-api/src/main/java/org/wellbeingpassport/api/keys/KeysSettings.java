package org.wellbeingpassport.api.keys;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the keystore lives and how it is unlocked. The passphrase comes from WP_KEYSTORE_PASSPHRASE in
 * production; only the demo and test configurations set {@code passport.keys.passphrase}.
 */
@ConfigurationProperties("passport.keys")
public class KeysSettings {
    private Path dir;
    private String passphrase;
    private int scryptCostLog2 = 16;

    /** The keystore directory; by default {@code <data-dir>/keys}, or a temporary one for an in-memory store. */
    public Optional<Path> getDir() {
        return Optional.ofNullable(dir);
    }

    public void setDir(Path dir) {
        this.dir = dir;
    }

    public Optional<String> getPassphrase() {
        return Optional.ofNullable(passphrase).filter(p -> !p.isEmpty());
    }

    public void setPassphrase(String passphrase) {
        this.passphrase = passphrase;
    }

    public int getScryptCostLog2() {
        return scryptCostLog2;
    }

    public void setScryptCostLog2(int scryptCostLog2) {
        this.scryptCostLog2 = scryptCostLog2;
    }

    @Override
    public String toString() {
        return "KeysSettings[dir=" + dir + ", passphrase=" + (passphrase == null ? "unset" : "(set)") + "]";
    }
}
