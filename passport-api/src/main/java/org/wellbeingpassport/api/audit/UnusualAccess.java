package org.wellbeingpassport.api.audit;

import java.time.Instant;
import java.util.List;

/** One finding of the unusual-access report, about one actor (or one source address for unknown callers). */
public record UnusualAccess(Kind kind, String actorId, String actorName, String organisation, long count, Instant first,
        Instant last, List<String> entryIds, String explanation) {

    public enum Kind {
        /** A professional read many passports with no request or consent grant behind them. */
        BROAD_UNBACKED_READING,
        /** Access between 22:00 and 06:00 (UK time). */
        ODD_HOURS,
        /** Many refused requests or failed sign-ins. */
        REPEATED_DENIALS
    }
}
