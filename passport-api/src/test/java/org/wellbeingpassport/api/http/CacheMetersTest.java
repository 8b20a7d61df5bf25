package org.wellbeingpassport.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * A cache monitored under a name that an earlier cache had (a second application context in the same JVM) is the one
 * measured: MetricsTest failed now and then when the name still reported the first context's collected cache.
 */
class CacheMetersTest {
    @Test
    void theLiveCacheIsMeasuredNotTheOneBeforeIt() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            Cache<String, String> first = Caffeine.newBuilder().recordStats().build();
            CacheMeters.monitor(first, "cache_meters_test");
            first.put("a", "1");
            for (int i = 0; i < 3; i++) {
                first.getIfPresent("a");
            }
            assertEquals(3.0, hits(registry));

            Cache<String, String> second = Caffeine.newBuilder().recordStats().build();
            CacheMeters.monitor(second, "cache_meters_test");
            second.put("b", "2");
            second.getIfPresent("b");
            assertEquals(1.0, hits(registry), "the name still measures the first cache");
            first.getIfPresent("a"); // still alive here, and no longer measured
            assertEquals(1.0, hits(registry));
        } finally {
            Metrics.globalRegistry.getMeters().stream()
                    .filter(m -> "cache_meters_test".equals(m.getId().getTag("cache")))
                    .forEach(Metrics.globalRegistry::remove);
            Metrics.removeRegistry(registry);
        }
    }

    private static double hits(SimpleMeterRegistry registry) {
        return registry.get("cache.gets").tag("cache", "cache_meters_test").tag("result", "hit").functionCounter()
                .count();
    }
}
