package org.wellbeingpassport.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a provision is in force: from {@code start} (inclusive) until {@code end} (exclusive), or
 * open-ended. A period whose end is not after its start is reported by validation.
 */
public record Period(Instant start, Optional<Instant> end) {
    public Period {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    public static Period between(Instant start, Instant end) {
        return new Period(start, Optional.of(end));
    }

    public static Period from(Instant start) {
        return new Period(start, Optional.empty());
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && end.map(t::isBefore).orElse(true);
    }
}
