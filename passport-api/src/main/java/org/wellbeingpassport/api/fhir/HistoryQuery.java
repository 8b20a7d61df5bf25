package org.wellbeingpassport.api.fhir;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.wellbeingpassport.api.http.FhirException;

/**
 * A history's parameters (instance and type), parsed closed: {@code _count} (default 50, at most 100),
 * {@code _offset} (where a page starts, counted over what the caller is given) and, for type history,
 * {@code _since}; {@code purpose} and {@code _format} are read elsewhere. Anything else, a repeated parameter or a bad
 * value is a 400 naming it.
 */
record HistoryQuery(int count, int offset, Optional<java.time.Instant> since, Optional<String> sinceText) {
    static HistoryQuery of(HttpRequest<?> request, boolean sinceAllowed) {
        Set<String> allowed = sinceAllowed
                ? Set.of("_count", "_since", "_offset", "purpose", "_format")
                : Set.of("_count", "_offset", "purpose", "_format");
        for (Map.Entry<String, List<String>> p : request.getParameters().asMap().entrySet()) {
            if (!allowed.contains(p.getKey())) {
                throw badParameter(IssueType.NOTSUPPORTED,
                        "History takes " + (sinceAllowed ? "_count, _since and _offset" : "_count and _offset") + "; '"
                                + p.getKey() + "' is not supported",
                        p.getKey());
            }
            if (p.getValue().size() > 1) {
                throw badParameter(IssueType.INVALID, "Give " + p.getKey() + " once", p.getKey());
            }
        }
        int n = Math.min(SearchQuery.MAX_COUNT, whole(request.getParameters().get("_count"), "_count", 1, 50));
        int offset = whole(request.getParameters().get("_offset"), "_offset", 0, 0);
        String s = request.getParameters().get("_since");
        Optional<java.time.Instant> since = Optional.empty();
        if (s != null) {
            try {
                since = Optional.of(SearchQuery.range(s)[0]);
            } catch (RuntimeException e) {
                throw badParameter(IssueType.INVALID, "_since takes an instant, e.g. 2026-12-01T00:00:00Z", "_since");
            }
        }
        return new HistoryQuery(n, offset, since, Optional.ofNullable(s));
    }

    /** How many versions, newest first, a page needs read: to its end, and one more to know whether more follow. */
    int reach() {
        return (int) Math.min(Integer.MAX_VALUE, (long) offset + count + 1);
    }

    /** The query of this history from {@code at}: {@code _count}, {@code _since} as given, and the offset. */
    String query(int at) {
        StringBuilder b = new StringBuilder("_count=").append(count);
        sinceText.ifPresent(x -> b.append("&_since=").append(URLEncoder.encode(x, StandardCharsets.UTF_8)));
        if (at > 0) {
            b.append("&_offset=").append(at);
        }
        return b.toString();
    }

    /** A whole number parameter at least {@code min}, or {@code absent} when not given; else a 400 naming it. */
    private static int whole(String value, String name, int min, int absent) {
        if (value == null) {
            return absent;
        }
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min) {
                throw badParameter(IssueType.INVALID, name + " must be at least " + min, name);
            }
            return v;
        } catch (NumberFormatException e) {
            throw badParameter(IssueType.INVALID, name + " must be a whole number", name);
        }
    }

    private static FhirException badParameter(IssueType type, String message, String parameter) {
        return new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(type, message, parameter)));
    }
}
