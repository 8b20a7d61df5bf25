package org.wellbeingpassport.api.pages;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A submitted HTML form (application/x-www-form-urlencoded), with repeated fields kept (checkboxes). */
public record Form(Map<String, List<String>> fields) {
    private static final int MAX_FIELDS = 64;

    public Form {
        fields = Map.copyOf(fields);
    }

    public static Form parse(String body) {
        if (body == null || body.isEmpty()) {
            return new Form(Map.of());
        }
        QueryStringDecoder d = new QueryStringDecoder(body, StandardCharsets.UTF_8, false, MAX_FIELDS);
        try {
            return new Form(d.parameters());
        } catch (IllegalArgumentException notAForm) {
            // a % not followed by two hex digits: nothing in it can be trusted, its form token included, so it is
            // refused as a forged form is (403 page), never a 500 (issue 17's HTTP fuzz)
            throw new PageForbidden();
        }
    }

    public Optional<String> first(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The trimmed value, empty when absent or blank. */
    public String text(String name) {
        return first(name).map(String::strip).orElse("");
    }

    public List<String> all(String name) {
        return fields.getOrDefault(name, List.of());
    }
}
