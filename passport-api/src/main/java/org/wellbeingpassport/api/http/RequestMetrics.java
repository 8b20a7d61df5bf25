package org.wellbeingpassport.api.http;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Request rate and latency per route: {@code passport_http_requests_seconds{method, route, status}}. The route is the
 * route's template (e.g. /passports/{residentId}), never the path itself, which would carry ids; a request that
 * matched no route is counted as "unmatched".
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class RequestMetrics implements Ordered {
    private static final String STARTED = "wp.metrics.started";
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 2;
    }

    @RequestFilter
    public void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    public void stop(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Long started = request.getAttribute(STARTED, Long.class).orElse(null);
        if (started == null) {
            return;
        }
        String route = BasicHttpAttributes.getUriTemplate(request).orElse("unmatched");
        timer(request.getMethodName(), route, response.code()).record(System.nanoTime() - started,
                TimeUnit.NANOSECONDS);
    }

    /**
     * The timer of a method, route template and status, built once: building one (its id, tags and histogram
     * settings) and looking it up in the registry on every request cost more than recording. Bounded by the routes'
     * templates times the statuses they answer. Micrometer's global registry is a composite whose meters follow the
     * registries added to or removed from it, so a kept timer records into whichever registry is there.
     */
    Timer timer(String method, String route, int status) {
        Key key = new Key(method, route, status);
        Timer t = timers.get(key);
        if (t == null) {
            t = timers.computeIfAbsent(key,
                    k -> Timer.builder("passport.http.requests")
                            .description("HTTP requests by route template and status").tag("method", k.method())
                            .tag("route", k.route()).tag("status", String.valueOf(k.status()))
                            .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                                    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                                    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500))
                            .register(Metrics.globalRegistry));
        }
        return t;
    }

    private record Key(String method, String route, int status) {
    }
}
