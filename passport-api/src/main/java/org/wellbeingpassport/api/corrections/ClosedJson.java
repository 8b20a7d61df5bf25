package org.wellbeingpassport.api.corrections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import org.wellbeingpassport.api.http.Problem;

/** Closed parsing of the small JSON bodies of these routes into records: an unknown field is a 400 naming it. */
final class ClosedJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ClosedJson() {
    }

    static <T> T parse(String body, Class<T> type) {
        String json = body == null || body.isBlank() ? "{}" : body;
        try {
            if (!JSON.readTree(json).isObject()) {
                throw Problem.badRequest("The body must be a JSON object");
            }
            return JSON.readValue(json, type);
        } catch (UnrecognizedPropertyException e) {
            throw new Problem(io.micronaut.http.HttpStatus.BAD_REQUEST, "Unknown field",
                    "This request does not take '" + e.getPropertyName() + "'.",
                    List.of(e.getPropertyName() + ": unknown field"));
        } catch (MismatchedInputException e) {
            String path = e.getPath().isEmpty() ? "" : e.getPath().get(0).getFieldName();
            throw Problem.invalid("'" + path + "' has the wrong type", List.of(path + ": wrong type"));
        } catch (JsonProcessingException e) {
            // the parser's message may echo the body: say only that it is not JSON
            throw Problem.badRequest("The body must be a JSON object");
        }
    }

    /** Required, trimmed text of at most {@code max} characters. */
    static String text(String value, String field, int max) {
        return optional(value, field, max)
                .orElseThrow(() -> Problem.invalid("'" + field + "' is required", List.of(field + ": required text")));
    }

    static java.util.Optional<String> optional(String value, String field, int max) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        if (value.isBlank()) {
            throw Problem.invalid("'" + field + "' must be text", List.of(field + ": text"));
        }
        String v = value.strip();
        if (v.length() > max) {
            throw Problem.invalid("'" + field + "' is too long", List.of(field + ": at most " + max + " characters"));
        }
        return java.util.Optional.of(v);
    }
}
