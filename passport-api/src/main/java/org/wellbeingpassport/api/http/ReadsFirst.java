package org.wellbeingpassport.api.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterContinuation;
import io.micronaut.http.filter.ServerFilterPhase;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads first (docs/adr/0008-storage-design.md, "Reads first"): while any read is being answered, at most
 * {@code passport.http.write-lane} writes (PASSPORT_WRITE_LANE; default one per two processors, at least one; 0 turns
 * it off) run at once and
 * the others wait their turn, so a burst of writes cannot take the processors from people reading a passport. With no
 * read in flight writes are not held at all. A read is GET or HEAD (and a FHIR search sent by POST); a write is any
 * other POST, PUT, PATCH or DELETE. It runs after authentication, so a request refused there never waits. While reads
 * are in flight the writes in the lane hold each place at most {@code passport.http.write-lane-share} percent of the
 * time (PASSPORT_WRITE_LANE_SHARE, default 33; 100: back to back): a place given back stays empty for a moment before
 * the next write takes it (WriteLane).
 * Operators see {@code passport_write_lane_waiting}, {@code passport_write_lane_busy} and
 * {@code passport_write_lane_waited_total}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class ReadsFirst implements Ordered {
    /** The lane the meters read: this service's (registered once per JVM; a test's later context takes them over). */
    private static volatile WriteLane current = new WriteLane(0);

    static {
        Gauge.builder("passport.write.lane.waiting", () -> current.waiting())
                .description("writes waiting for their turn while reads are answered").register(Metrics.globalRegistry);
        Gauge.builder("passport.write.lane.busy", () -> current.busy()).description(
                "places in the lane taken while reads are answered (by a write, or empty for a moment after one)")
                .register(Metrics.globalRegistry);
        FunctionCounter.builder("passport.write.lane.waited", ReadsFirst.class, c -> current.queuedSoFar())
                .description("writes that waited for their turn since the start").register(Metrics.globalRegistry);
    }

    private final WriteLane lane;

    /** Ends the lane's gaps: one daemon thread for every instance of the filter in this JVM, idle between gaps. */
    private static final java.util.concurrent.ScheduledExecutorService GAPS = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "write-lane");
                t.setDaemon(true);
                return t;
            });

    public ReadsFirst(@Value("${passport.http.write-lane:-1}") int width,
            @Value("${passport.http.write-lane-share:33}") int sharePercent) {
        if (sharePercent < 1 || sharePercent > 100) {
            throw new io.micronaut.context.exceptions.ConfigurationException(
                    "passport.http.write-lane-share (PASSPORT_WRITE_LANE_SHARE) must be a percentage from 1 to 100, not "
                            + sharePercent);
        }
        this.lane = new WriteLane(width < 0 ? Math.max(1, Runtime.getRuntime().availableProcessors() / 2) : width,
                sharePercent / 100.0, System::nanoTime,
                (nanos, task) -> GAPS.schedule(task, nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
        current = lane;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    WriteLane lane() {
        return lane;
    }

    @RequestFilter
    public Publisher<MutableHttpResponse<?>> admit(HttpRequest<?> request,
            FilterContinuation<Publisher<MutableHttpResponse<?>>> next) {
        switch (kind(request)) {
            case READ :
                return Flux.defer(() -> {
                    lane.readStarted();
                    try {
                        return Flux.from(next.proceed()).doFinally(s -> lane.readEnded());
                    } catch (RuntimeException e) {
                        lane.readEnded(); // never counted in flight for ever
                        throw e;
                    }
                });
            case WRITE :
                return Mono.usingWhen(lane.enter(), place -> Mono.from(next.proceed()),
                        place -> Mono.fromRunnable(() -> lane.leave(place)));
            default :
                return next.proceed();
        }
    }

    enum Kind {
        READ,
        WRITE,
        OTHER
    }

    static Kind kind(HttpRequest<?> request) {
        HttpMethod method = request.getMethod();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            return Kind.READ;
        }
        if (method == HttpMethod.POST && request.getPath().endsWith("/_search")) {
            return Kind.READ; // a FHIR search sent by POST changes nothing
        }
        if (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
                || method == HttpMethod.DELETE) {
            return Kind.WRITE;
        }
        return Kind.OTHER;
    }
}
