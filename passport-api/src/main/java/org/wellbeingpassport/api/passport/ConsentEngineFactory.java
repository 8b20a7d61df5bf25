package org.wellbeingpassport.api.passport;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.wellbeingpassport.consent.ConsentEngine;

/** The one consent engine of the service (stateless and thread-safe; the break-glass minimal set is standard). */
@Factory
class ConsentEngineFactory {
    @Singleton
    ConsentEngine consentEngine() {
        return ConsentEngine.standard();
    }
}
