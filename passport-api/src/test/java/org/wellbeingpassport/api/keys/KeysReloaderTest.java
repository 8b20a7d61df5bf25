package org.wellbeingpassport.api.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.keys.InMemoryWrappedKeyStore;
import org.wellbeingpassport.keys.KeyHierarchy;
import org.wellbeingpassport.keys.KeysConfig;
import org.wellbeingpassport.keys.Passphrase;
import org.wellbeingpassport.keys.SigningPurpose;

/** The scheduled reload picks up a keystore changed by another process, and leaves an unchanged one alone. */
class KeysReloaderTest {
    @TempDir
    Path dir;

    private KeyHierarchy open(InMemoryWrappedKeyStore store) {
        return KeyHierarchy.openOrInitialise(
                KeysConfig.builder(dir, Passphrase.of("correct horse battery staple 7Qz!".toCharArray()))
                        .scryptCostLog2(10).build(),
                store);
    }

    @Test
    void aSigningKeyRotatedByTheCliIsPickedUpOnTheNextReload() {
        InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();
        KeyHierarchy server = open(store);
        KeysReloader reloader = new KeysReloader(server);
        String before = server.audit().currentKeyId();

        reloader.reload(); // nothing changed: the server keeps its key
        assertEquals(before, server.audit().currentKeyId());

        String rotated = open(store).rotateRecordSigningKey(SigningPurpose.AUDIT);
        assertNotEquals(before, rotated);
        reloader.reload();
        assertEquals(rotated, server.audit().currentKeyId());
    }

    @Test
    void anUnchangedKeystoreIsNotOpenedAgainAndAChangedOneIs() throws Exception {
        InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();
        KeyHierarchy server = open(store);
        KeysReloader reloader = new KeysReloader(server);
        Path file = server.config().keystoreFile();
        FileTime time = Files.getLastModifiedTime(file);
        // the file overwritten in place with bytes no keystore can be opened from, its time put back: size, time
        // and file identity are as the reloader saw them, so it must not try to open it (which would fail, and say so)
        byte[] garbage = new byte[(int) Files.size(file)];
        java.util.Arrays.fill(garbage, (byte) 0x5a);
        Files.write(file, garbage);
        Files.setLastModifiedTime(file, time);
        Logger logger = (Logger) LoggerFactory.getLogger(KeysReloader.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        logger.addAppender(seen);
        try {
            reloader.reload();
            assertEquals(0, seen.list.size(), "an unchanged keystore was opened again");
            Files.setLastModifiedTime(file, FileTime.fromMillis(time.toMillis() + 5_000));
            reloader.reload();
            assertEquals(1, seen.list.size(), "a changed keystore was not opened");
            assertEquals(Level.WARN, seen.list.get(0).getLevel());
            assertNotNull(server.audit().currentKeyId()); // the keys already loaded are kept
        } finally {
            logger.detachAppender(seen);
        }
    }
}
