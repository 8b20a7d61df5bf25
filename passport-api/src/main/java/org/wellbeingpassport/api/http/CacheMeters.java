package org.wellbeingpassport.api.http;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.List;

/**
 * A cache's hits, misses, size and evictions in the service's metrics (Micrometer's Caffeine binder on the global
 * registry), measuring this cache.
 *
 * <p>
 * Micrometer keeps the first meter registered under a name and tags and ignores later ones, and its cache meters hold
 * their cache weakly. So when the cache a name was first registered for is gone (an application context closed and a
 * new one started in the same JVM, as tests do), the name would go on reporting the old, collected cache (nothing,
 * or NaN) instead of the live one. Monitoring a cache therefore first removes what its name was measuring before.
 */
public final class CacheMeters {
    private CacheMeters() {
    }

    public static void monitor(Cache<?, ?> cache, String name) {
        List<Meter> stale = Metrics.globalRegistry.getMeters().stream()
                .filter(m -> name.equals(m.getId().getTag("cache"))).toList();
        stale.forEach(Metrics.globalRegistry::remove);
        CaffeineCacheMetrics.monitor(Metrics.globalRegistry, cache, name);
    }
}
