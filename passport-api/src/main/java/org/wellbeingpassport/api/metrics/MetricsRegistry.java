package org.wellbeingpassport.api.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;

/**
 * The service's metrics, in Prometheus form. The registry joins Micrometer's global registry, so the parts of the
 * service that measure (HTTP routes, audit entries, the store's commands, caches) do so with one line each and need no
 * wiring: see docs in the README (Metrics).
 */
@Factory
public class MetricsRegistry {
    @Context
    @Bean(preDestroy = "close")
    PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) {
            @Override
            public void close() {
                Metrics.globalRegistry.remove(this);
                super.close();
            }
        };
        registry.config().commonTags("service", "wellbeing-passport");
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Metrics.addRegistry(registry);
        // shown from the start, so an alert on it has a series to watch before the first failure
        Metrics.counter("passport.audit.failures");
        return registry;
    }
}
