package org.wellbeingpassport.api.pages;

import io.micronaut.context.MessageSource;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

/** The pages' words: i18n/messages.properties (English) and messages_cy.properties (Cymraeg). */
@Factory
public class PageMessages {
    @Singleton
    public MessageSource pageMessageSource() {
        return new ResourceBundleMessageSource("i18n.messages");
    }
}
