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
    void zgcWithAHeapThatGrowsIsAdvisedToFixIt() {
        String growing = StartupMessage.jvmLines("25.0.3", List.of("ZGC Minor Cycles", "ZGC Major Cycles"), SIX_GB,
                2304, false);
        assertEquals("\n  Java 25.0.3, collector ZGC, heap up to 6.0 GB; read caches up to 2304 MB"
                + "\n  For steady latency under writes, fix the heap: start Java with -Xms equal to -Xmx and"
                + " -XX:+AlwaysPreTouch (README, Configuration)", growing);
        String fixed = StartupMessage.jvmLines("25.0.3", List.of("ZGC Minor Cycles", "ZGC Major Cycles"), SIX_GB, 2304,
                true);
        assertFalse(fixed.contains("AlwaysPreTouch"), fixed);
        // under G1 the advice is ZGC's, not the heap's
        String g1 = StartupMessage.jvmLines("17.0.15", List.of("G1 Young Generation", "G1 Old Generation"), SIX_GB, 768,
                false);
        assertFalse(g1.contains("AlwaysPreTouch"), g1);
    }

    /** A real JVM started each way says whether its heap is fixed (the flags, read back from HotSpot). */
    @Test
    void aJvmStartedWithAFixedTouchedHeapSaysSoAndOneWithoutDoesNot() throws Exception {
        assertEquals("true", heapFixedIn("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch"));
        assertEquals("false", heapFixedIn("-Xms32m", "-Xmx64m", "-XX:+AlwaysPreTouch"));
        assertEquals("false", heapFixedIn("-Xms64m", "-Xmx64m"));
    }

    private static String heapFixedIn(String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StartupMessageTest.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** Run by {@link #heapFixedIn}: prints what this JVM says of its heap. */
    public static void main(String[] args) {
        System.out.println(StartupMessage.heapFixed());
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
