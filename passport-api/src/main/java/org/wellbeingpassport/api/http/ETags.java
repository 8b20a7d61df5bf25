package org.wellbeingpassport.api.http;

import java.util.Optional;

/** Versions in ETag / If-Match headers: W/"3", "3" or 3. */
public final class ETags {
    private ETags() {
    }

    /** The version an ETag names, or empty when it names none (not a positive whole number). */
    public static Optional<Long> version(String etag) {
        String t = etag.trim();
        if (t.startsWith("W/")) {
            t = t.substring(2);
        }
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            return v >= 1 ? Optional.of(v) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The version an If-Match header names; 400 when it names none. */
    public static long ifMatch(String etag) {
        return version(etag).orElseThrow(() -> Problem.badRequest("If-Match must be an ETag such as W/\"3\""));
    }
}
