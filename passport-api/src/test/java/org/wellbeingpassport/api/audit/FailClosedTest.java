package org.wellbeingpassport.api.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the audit store does not take the entry, the access is refused and nothing is disclosed. */
class FailClosedTest {
    @TempDir
    Path dir;
    AuditFixture fx;

    @BeforeEach
    void start() {
        fx = new AuditFixture(dir);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void aReadIsRefusedWhenTheAuditStoreIsDown() {
        AuditLog log = fx.log(16);
        String served = Audited.serve(log, AuditFixture.read("r1", 1), () -> "goals and contact preferences");
        assertEquals("goals and contact preferences", served);

        fx.server.shutdownNow();
        AtomicBoolean disclosed = new AtomicBoolean();
        AuditUnavailableException e = assertThrows(AuditUnavailableException.class,
                () -> Audited.serve(log, AuditFixture.read("r1", 2), () -> {
                    disclosed.set(true);
                    return "goals and contact preferences";
                }));
        assertFalse(disclosed.get(), "the record was disclosed although its audit entry was not stored");
        assertFalse(e.getMessage().contains("goals"), "the error must not carry record content");
    }

    @Test
    void aClosedLogRefusesAtOnce() {
        AuditLog log = fx.log(16);
        log.close();
        AtomicBoolean disclosed = new AtomicBoolean();
        assertThrows(AuditUnavailableException.class, () -> Audited.serve(log, AuditFixture.read("r1", 3), () -> {
            disclosed.set(true);
            return "x";
        }));
        assertFalse(disclosed.get());
    }
}
