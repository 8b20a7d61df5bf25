package org.wellbeingpassport.api.notices;

import java.util.List;
import java.util.Optional;
import org.wellbeingpassport.api.gate.Notifications;

/** One SubscriptionTopic per kind of notice (canonical URLs partner systems put in Subscription.criteria). */
public final class Topics {
    public static final String BASE = "https://fhir.wellbeingpassport.org/SubscriptionTopic/";
    public static final List<Notifications.Kind> KINDS = List.of(Notifications.Kind.ENTRY_CORRECTED,
            Notifications.Kind.ENTRY_DISPUTED, Notifications.Kind.ACCESS_WITHDRAWN, Notifications.Kind.RESIDENT_ERASED);

    private Topics() {
    }

    public static String url(Notifications.Kind kind) {
        return BASE + kind.code();
    }

    public static Optional<Notifications.Kind> of(String url) {
        return KINDS.stream().filter(k -> url(k).equals(url)).findFirst();
    }

    /** The canonical URLs, for the CapabilityStatement. */
    public static List<String> urls() {
        return KINDS.stream().map(Topics::url).toList();
    }
}
