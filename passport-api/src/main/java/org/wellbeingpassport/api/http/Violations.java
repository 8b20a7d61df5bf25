package org.wellbeingpassport.api.http;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.List;

/** A record that broke its constraints: 422, one entry per problem, each with the path of its field. */
public final class Violations {
    private Violations() {
    }

    public static Problem problem(ConstraintViolationException e) {
        List<String> errors = e.getConstraintViolations().stream().map(v -> path(v) + ": " + v.getMessage()).sorted()
                .distinct().toList();
        String first = errors.isEmpty() ? "The request is not valid" : errors.get(0);
        return Problem.invalid(errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more)", errors);
    }

    /** The path inside the body or query ({@code sections[1]}), without the method and parameter it came in by. */
    static String path(ConstraintViolation<?> v) {
        StringBuilder out = new StringBuilder();
        boolean inBody = false;
        for (Path.Node n : v.getPropertyPath()) {
            ElementKind kind = n.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.RETURN_VALUE
                    || kind == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (kind == ElementKind.PARAMETER) {
                // a query or path parameter names itself; a body's own name ("body") is left out
                if (!n.getName().equals("body")) {
                    out.append(n.getName());
                }
                inBody = true;
                continue;
            }
            if (kind == ElementKind.CONTAINER_ELEMENT) {
                if (n.getIndex() != null) {
                    out.append('[').append(n.getIndex()).append(']');
                } else if (n.getKey() != null) {
                    out.append('[').append(n.getKey()).append(']');
                }
                continue;
            }
            if (n.getName() != null && !n.getName().isEmpty() && !n.getName().startsWith("<")) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(n.getName());
            }
            if (n.getIndex() != null) {
                out.append('[').append(n.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? (inBody ? "(body)" : "(request)") : out.toString();
    }
}
