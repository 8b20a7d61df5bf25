package org.wellbeingpassport.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.api.store.MongoStore;

/** Tells whoever started the service what is running, on what store, and where to go next. */
@Singleton
public final class StartupMessage implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger("passport");
    /** Read caches (prepared passports and disclosures) from which G1's young pauses set the reads' tail (ADR 0007). */
    static final int LARGE_CACHES_MB = 1024;
    private final MongoStore store;
    private final Environment environment;
    private final int readCacheMb;

    public StartupMessage(MongoStore store, Environment environment,
            @Value("${passport.read-cache.max-mb:512}") int preparedMb,
            @Value("${passport.read-cache.disclosures-max-mb:256}") int disclosuresMb) {
        this.store = store;
        this.environment = environment;
        this.readCacheMb = Math.max(0, preparedMb) + Math.max(0, disclosuresMb);
    }

    /**
     * The JVM line of the start-up message: the collector and the read caches, and, when G1 runs with read caches of
     * {@value #LARGE_CACHES_MB} MB or more, the advice to start Java with ZGC (README, Configuration; ADR 0007).
     */
    static String jvmLines(String javaVersion, List<String> collectors, long maxHeapBytes, int readCacheMb) {
        return jvmLines(javaVersion, collectors, maxHeapBytes, readCacheMb, true);
    }

    /**
     * As {@link #jvmLines(String, List, long, int)}; under ZGC with a heap that is not {@code fixed} (committed and
     * touched at start: {@code -Xms} equal to {@code -Xmx} and {@code -XX:+AlwaysPreTouch}), the advice to fix it: the
     * heap's growth while requests are answered costs them page faults (README, Configuration; bench/RESULTS.md,
     * session 24).
     */
    static String jvmLines(String javaVersion, List<String> collectors, long maxHeapBytes, int readCacheMb,
            boolean fixed) {
        boolean g1 = collectors.stream().anyMatch(n -> n.startsWith("G1"));
        boolean z = collectors.stream().anyMatch(n -> n.startsWith("ZGC"));
        String collector = g1 ? "G1" : z ? "ZGC" : String.join(", ", collectors);
        StringBuilder b = new StringBuilder();
        b.append("\n  Java ").append(javaVersion).append(", collector ").append(collector).append(", heap up to ")
                .append(String.format(Locale.ROOT, "%.1f GB", maxHeapBytes / (1024.0 * 1024 * 1024)))
                .append("; read caches up to ").append(readCacheMb).append(" MB");
        if (g1 && readCacheMb >= LARGE_CACHES_MB) {
            b.append("\n  Read caches this large: start Java with -XX:+UseZGC to keep reads' latency steady")
                    .append(" (README, Configuration)");
        }
        if (z && !fixed) {
            b.append("\n  For steady latency under writes, fix the heap: start Java with -Xms equal to -Xmx and")
                    .append(" -XX:+AlwaysPreTouch (README, Configuration)");
        }
        return b.toString();
    }

    /**
     * Whether this JVM committed its whole heap at start and touched it: initial heap equal to the maximum and
     * {@code AlwaysPreTouch} on. A JVM that cannot say counts as fixed (no advice rather than wrong advice).
     */
    static boolean heapFixed() {
        try {
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            boolean preTouch = Boolean.parseBoolean(hotspot.getVMOption("AlwaysPreTouch").getValue());
            return preTouch && heap.getMax() > 0 && heap.getInit() >= heap.getMax();
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        String base = event.getSource().getURL().toString().replaceAll("/$", "");
        boolean demo = environment.getActiveNames().contains("demo");
        StringBuilder b = new StringBuilder();
        b.append("\n\n  Wellbeing Passport is running at ").append(base).append(demo ? "  (demo mode)" : "");
        b.append("\n  Store: ").append(store.backend().description()).append(" - ").append(store.location());
        b.append(jvmLines(Runtime.version().toString(),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList(),
                Runtime.getRuntime().maxMemory(), readCacheMb, heapFixed()));
        b.append("\n\n  Where to go next:");
        b.append("\n    ").append(base).append("/health            is it up, which store");
        b.append("\n    ").append(base).append("/fhir/metadata     the FHIR CapabilityStatement");
        b.append("\n    ").append(base).append("/openapi           the API outside /fhir (OpenAPI)");
        if (demo) {
            b.append("\n    ").append(base).append("/demo              demo people and how to get a token for each");
        }
        b.append("\n  README.md has the rest. Stop with Ctrl+C; data stays in the store.\n");
        LOG.info(b.toString());
    }
}
