package org.wellbeingpassport.api;

import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.api.store.MongoStore;

/** Tells whoever started the service what is running, on what store, and where to go next. */
@Singleton
public final class StartupMessage implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger("passport");
    private final MongoStore store;
    private final Environment environment;

    public StartupMessage(MongoStore store, Environment environment) {
        this.store = store;
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        String base = event.getSource().getURL().toString().replaceAll("/$", "");
        boolean demo = environment.getActiveNames().contains("demo");
        StringBuilder b = new StringBuilder();
        b.append("\n\n  Wellbeing Passport is running at ").append(base).append(demo ? "  (demo mode)" : "");
        b.append("\n  Store: ").append(store.backend().description()).append(" - ").append(store.location());
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
