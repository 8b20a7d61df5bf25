package org.wellbeingpassport.api.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/** Reading the small JSON bodies of the access flows: every problem is a 400 or 422 that says what to send. */
final class Bodies {
    static final ObjectMapper JSON = new ObjectMapper();

    private Bodies() {
    }

    /** The body as a JSON object whose fields are all among {@code allowed}: any other field is a 400 naming it. */
    static ObjectNode parse(String body, String... allowed) {
        ObjectNode json = parse(body);
        only(json, "", allowed);
        return json;
    }

    /** Closed parsing: a field the route does not know is refused (400, naming it), never silently ignored. */
    static void only(ObjectNode json, String prefix, String... allowed) {
        Set<String> known = Set.of(allowed);
        List<String> unknown = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                unknown.add(prefix + f);
            }
        });
        if (!unknown.isEmpty()) {
            throw new Problem(io.micronaut.http.HttpStatus.BAD_REQUEST, "Unknown field",
                    "This request does not take " + String.join(", ", unknown) + "; it takes "
                            + String.join(", ", new java.util.TreeSet<>(known)) + ".",
                    unknown.stream().map(f -> f + ": unknown field").toList());
        }
    }

    static ObjectNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (JsonProcessingException e) {
            // the message of a parse error may echo the body: say only that it is not JSON
        }
        throw Problem.badRequest("The body must be a JSON object");
    }

    static String text(ObjectNode body, String field, int maxLength) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw Problem.invalid("'" + field + "' is required", List.of(field + ": required text"));
        }
        String v = n.asText().strip();
        if (v.length() > maxLength) {
            throw Problem.invalid("'" + field + "' is too long",
                    List.of(field + ": at most " + maxLength + " characters"));
        }
        return v;
    }

    static Optional<String> optionalText(ObjectNode body, String field, int maxLength) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        return Optional.of(text(body, field, maxLength));
    }

    static int integer(ObjectNode body, String field, int min, int max, int orElse) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return orElse;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < min || n.asInt() > max) {
            throw Problem.invalid("'" + field + "' must be a whole number from " + min + " to " + max,
                    List.of(field + ": " + min + ".." + max));
        }
        return n.asInt();
    }

    static Purpose purpose(ObjectNode body, String field) {
        String code = text(body, field, 64);
        return Purpose.fromCode(code).orElseThrow(() -> Problem.invalid("Unknown purpose '" + code + "'",
                List.of(field + ": one of " + codes(Purpose.values()))));
    }

    static Set<Purpose> purposes(ObjectNode body, String field) {
        Set<Purpose> out = EnumSet.noneOf(Purpose.class);
        for (String code : list(body, field)) {
            out.add(Purpose.fromCode(code).orElseThrow(() -> Problem.invalid("Unknown purpose '" + code + "'",
                    List.of(field + ": one of " + codes(Purpose.values())))));
        }
        return out;
    }

    /** Required, non-empty list of story sections. */
    static Set<StorySection> sections(ObjectNode body, String field) {
        return optionalSections(body, field).orElseThrow(() -> Problem.invalid("'" + field + "' is required",
                List.of(field + ": a list of sections, from " + codes(StorySection.values()))));
    }

    static Optional<Set<StorySection>> optionalSections(ObjectNode body, String field) {
        if (body.get(field) == null || body.get(field).isNull()) {
            return Optional.empty();
        }
        Set<StorySection> out = EnumSet.noneOf(StorySection.class);
        for (String code : list(body, field)) {
            out.add(StorySection.fromCode(code).orElseThrow(() -> Problem.invalid("Unknown section '" + code + "'",
                    List.of(field + ": from " + codes(StorySection.values())))));
        }
        return Optional.of(out);
    }

    static Optional<LocalDate> optionalDate(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(n.asText()));
        } catch (DateTimeParseException e) {
            throw Problem.invalid("'" + field + "' must be a date such as 2027-03-31",
                    List.of(field + ": ISO date (YYYY-MM-DD)"));
        }
    }

    private static List<String> list(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isArray() || n.isEmpty() || n.size() > 32) {
            throw Problem.invalid("'" + field + "' must be a non-empty list", List.of(field + ": non-empty list"));
        }
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (JsonNode x : n) {
            if (!x.isTextual()) {
                throw Problem.invalid("'" + field + "' must list codes", List.of(field + ": codes as text"));
            }
            out.add(x.asText());
        }
        return out;
    }

    static String codes(org.wellbeingpassport.consent.vocabulary.Coded[] values) {
        return Arrays.stream(values).map(org.wellbeingpassport.consent.vocabulary.Coded::code)
                .collect(Collectors.joining(", "));
    }

    static Problem tooMany(String detail) {
        return new Problem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail);
    }

    static Problem conflict(String detail) {
        return new Problem(HttpStatus.CONFLICT, "Conflict", detail);
    }

    static Problem forbidden(String detail) {
        return new Problem(HttpStatus.FORBIDDEN, "Forbidden", detail);
    }
}
