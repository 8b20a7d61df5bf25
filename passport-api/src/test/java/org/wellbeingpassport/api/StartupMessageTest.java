package org.wellbeingpassport.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up message's JVM lines: the collector named, and the ZGC advice only where it applies (ADR 0007). */
class StartupMessageTest {
    private static final long SIX_GB = 6L * 1024 * 1024 * 1024;

    @Test
    void g1WithLargeReadCachesIsAdvisedToUseZgc() {
        String lines = StartupMessage.jvmLines("17.0.15", List.of("G1 Young Generation", "G1 Old Generation"), SIX_GB,
                2304);
        assertEquals("\n  Java 17.0.15, collector G1, heap up to 6.0 GB; read caches up to 2304 MB"
                + "\n  Read caches this large: start Java with -XX:+UseZGC to keep reads' latency steady"
                + " (README, Configuration)", lines);
    }

    @Test
    void noAdviceWithTheDefaultCachesOrUnderZgc() {
        String g1Default = StartupMessage.jvmLines("17.0.15", List.of("G1 Young Generation", "G1 Old Generation"),
                SIX_GB, 768);
        assertTrue(g1Default.contains("collector G1"), g1Default);
        assertFalse(g1Default.contains("UseZGC"), g1Default);
        String zgc = StartupMessage.jvmLines("17.0.15", List.of("ZGC Cycles", "ZGC Pauses"), SIX_GB, 4096);
        assertTrue(zgc.contains("collector ZGC"), zgc);
        assertFalse(zgc.contains("UseZGC"), zgc);
    }

    @Test
    void namesThisJvmsCollector() {
        List<String> names = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList();
        String lines = StartupMessage.jvmLines(Runtime.version().toString(), names, Runtime.getRuntime().maxMemory(),
                StartupMessage.LARGE_CACHES_MB);
        assertTrue(lines.startsWith("\n  Java " + Runtime.version() + ", collector "), lines);
        assertEquals(names.stream().anyMatch(n -> n.startsWith("G1")), lines.contains("-XX:+UseZGC"), lines);
    }
}
