package org.wellbeingpassport.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.micronaut.http.HttpStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a request body that could not be read into its record becomes: malformed JSON or an unknown field is a 400,
 * well-formed JSON of the wrong shape (a word where a number goes, an unknown code, a date that is not a date) is a
 * 422 naming the path. The parser's own message is never sent: it can echo the body and names Java classes.
 */
public final class BodyErrors {
    private BodyErrors() {
    }

    /** The Jackson failure among {@code e}'s causes, as a problem; empty if there is none. */
    public static Optional<Problem> fromCauses(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException j) {
                return Optional.of(of(j));
            }
        }
        return Optional.empty();
    }

    public static Problem of(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String field = path(u);
            TreeSet<String> known = new TreeSet<>();
            Collection<Object> ids = u.getKnownPropertyIds();
            if (ids != null) {
                ids.forEach(id -> known.add(String.valueOf(id)));
            }
            return new Problem(HttpStatus.BAD_REQUEST, "Unknown field",
                    "This request does not take " + field
                            + (known.isEmpty() ? "." : "; it takes " + String.join(", ", known) + "."),
                    List.of(field + ": unknown field"));
        }
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            String field = path(m);
            return Problem.invalid("'" + field + "' must be " + expected(m.getTargetType()),
                    List.of(field + ": " + expected(m.getTargetType())));
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = path(m);
            return Problem.invalid("'" + field + "' is not valid", List.of(field + ": not valid"));
        }
        return Problem.badRequest("The body must be a JSON object (UTF-8, no repeated field names)");
    }

    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "(body)" : out.toString();
    }

    static String expected(Class<?> type) {
        if (type == null) {
            return "of the documented type";
        }
        if (type.isEnum()) {
            return "one of " + codes(type);
        }
        if (type == LocalDate.class) {
            return "a date such as 2027-03-31";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    /** The wire codes of an enumeration: each constant's {@code @JsonProperty} name, else its name. */
    public static String codes(Class<?> enumType) {
        List<String> out = new ArrayList<>();
        for (Object c : enumType.getEnumConstants()) {
            String name = ((Enum<?>) c).name();
            try {
                JsonProperty p = enumType.getField(name).getAnnotation(JsonProperty.class);
                out.add(p == null ? name : p.value());
            } catch (NoSuchFieldException e) {
                out.add(name);
            }
        }
        return Arrays.stream(out.toArray(String[]::new)).collect(Collectors.joining(", "));
    }
}
