package org.wellbeingpassport.api;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.keys.KeyHierarchy;

/**
 * Opens what every request needs before the port opens: the store (and that it answers) and the key hierarchy
 * (passphrase, key store). A failure here stops the start (see {@link Application}) instead of failing every
 * request later. Only when the service itself starts ({@link Application} sets {@value #PROPERTY}): the key and
 * audit command lines open what they need themselves.
 */
@Singleton
@Requires(property = StartupChecks.PROPERTY, value = "true")
public final class StartupChecks implements ApplicationEventListener<StartupEvent> {
    static final String PROPERTY = "passport.startup-checks";
    private final BeanContext beans;

    public StartupChecks(BeanContext beans) {
        this.beans = beans;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        MongoStore store = beans.getBean(MongoStore.class);
        if (store.pingMicros().isEmpty()) {
            throw new io.micronaut.context.exceptions.ConfigurationException(
                    "the store does not answer (" + store.backend().description()
                            + "); check MONGODB_URI, or that no other process holds the data directory");
        }
        beans.getBean(KeyHierarchy.class);
    }
}
