package org.wellbeingpassport.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.wellbeingpassport.fhir.example.ExamplePassports;
import org.wellbeingpassport.fhir.validate.PassportValidator;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/** Shared test fixtures: example passports as JSON trees and one warmed validator for the whole run. */
public final class TestPassports {
    private TestPassports() {
    }

    /** One validator for every test class (start-up costs seconds). */
    public static PassportValidator validator() {
        return PassportValidator.shared().warmUp();
    }

    /** A named resident's passport Bundle as a fresh JSON tree. */
    public static ObjectNode named(String key) {
        return Fhir.tree(ExamplePassports.named(key).passport());
    }

    /** The first resource of a type in a Bundle tree. */
    public static ObjectNode first(ObjectNode bundle, String type) {
        return all(bundle, type).get(0);
    }

    /** Every resource of a type in a Bundle tree. */
    public static List<ObjectNode> all(ObjectNode bundle, String type) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode e : bundle.path("entry")) {
            if (type.equals(e.path("resource").path("resourceType").asText())) {
                out.add((ObjectNode) e.get("resource"));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no " + type);
        }
        return out;
    }

    /** Validates JSON and returns the report (tests assert on it). */
    public static ValidationReport validate(JsonNode json) {
        return validator().validate(Fhir.write(json));
    }
}
