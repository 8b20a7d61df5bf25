package org.wellbeingpassport.api;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.context.exceptions.DependencyInjectionException;
import java.util.ArrayList;
import java.util.List;

/** Turns a failed start into the one line an operator needs: what is wrong and what to do, no stack trace. */
public final class StartupFailure {
    static final String PREFIX = "Wellbeing Passport did not start: ";

    private StartupFailure() {
    }

    public static String line(Throwable failure) {
        return PREFIX + reason(failure).replaceAll("\\s+", " ").trim();
    }

    /**
     * The most specific message in the chain of causes: a configuration error we raised says exactly what to set;
     * otherwise the innermost cause that has a message (Micronaut's wrappers describe the bean path, not the cause).
     */
    static String reason(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable t = chain.get(i);
            if (t instanceof ConfigurationException && !(t instanceof DependencyInjectionException)
                    && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable t = chain.get(i);
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage() + " (" + t.getClass().getSimpleName() + ")";
            }
        }
        return failure.getClass().getSimpleName();
    }
}
