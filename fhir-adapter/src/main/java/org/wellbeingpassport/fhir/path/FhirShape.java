package org.wellbeingpassport.fhir.path;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.wellbeingpassport.fhir.Fhir;

/**
 * What HAPI's R4 definitions say about each top-level JSON key of a resource type: the element it
 * belongs to (choice types like {@code valueQuantity} belong to {@code value}), its cardinality and
 * its kind. Built once per resource type, then read without locking.
 */
public final class FhirShape {
    /** How an element can be marked when withheld. */
    public enum Kind {
        /** A primitive: marked through its {@code _name} extension. */
        PRIMITIVE,
        /** A data type (CodeableConcept, Reference, ...): marked by an object holding only the extension. */
        DATATYPE,
        /** A backbone element: cannot be marked without breaking its own rules. */
        BACKBONE,
        /** Contained resources and anything else. */
        OTHER
    }

    /** One top-level JSON key of a resource type; {@code type} is the FHIR type name ("code", "Annotation", ...). */
    public record Info(String element, int min, boolean repeats, Kind kind, String type) {
        public boolean required() {
            return min > 0;
        }

        /**
         * Whether a value of this element can be replaced by a data-absent-reason mark and still be
         * valid R4: not codes and coded concepts (their bindings want a code; a required one is tried
         * anyway), not types with required parts of their own.
         */
        public boolean markable() {
            return switch (kind) {
                case PRIMITIVE -> !type.equals("code") || required();
                case DATATYPE -> !UNMARKABLE.contains(type)
                        && (required() || !(type.equals("CodeableConcept") || type.equals("Coding")));
                default -> false;
            };
        }
    }

    private static final java.util.Set<String> UNMARKABLE = java.util.Set.of("Annotation", "Extension", "Narrative",
            "Signature", "SampledData", "RelatedArtifact", "UsageContext", "Expression", "TriggerDefinition",
            "DataRequirement", "ParameterDefinition", "ElementDefinition");

    private static final Map<String, Map<String, Info>> BY_TYPE = new ConcurrentHashMap<>();

    private FhirShape() {
    }

    /** The element a top-level JSON key (with or without its leading '_') belongs to; null when R4 has no such key. */
    public static Info info(String resourceType, String jsonKey) {
        Map<String, Info> keys = BY_TYPE.computeIfAbsent(resourceType, FhirShape::build);
        String k = jsonKey.startsWith("_") ? jsonKey.substring(1) : jsonKey;
        return keys.get(k);
    }

    /** Every JSON key of a resource type (for tests and documentation). */
    public static Map<String, Info> keys(String resourceType) {
        return BY_TYPE.computeIfAbsent(resourceType, FhirShape::build);
    }

    private static Map<String, Info> build(String resourceType) {
        Map<String, Info> out = new HashMap<>();
        RuntimeResourceDefinition def;
        try {
            def = Fhir.context().getResourceDefinition(resourceType);
        } catch (RuntimeException e) {
            return Map.of();
        }
        for (BaseRuntimeChildDefinition child : def.getChildren()) {
            String element = child.getElementName();
            if (element.endsWith("[x]")) {
                element = element.substring(0, element.length() - 3);
            }
            boolean repeats = child.getMax() == -1 || child.getMax() > 1;
            if (element.equals("extension") || element.equals("modifierExtension")) {
                out.put(element, new Info(element, 0, true, Kind.OTHER, "Extension")); // an extension cannot lose its url
                continue;
            }
            for (String name : child.getValidChildNames()) {
                BaseRuntimeElementDefinition<?> d;
                try {
                    d = child.getChildByName(name);
                } catch (RuntimeException e) {
                    d = null;
                }
                out.put(name, new Info(element, child.getMin(), repeats, kind(d), d == null ? "" : d.getName()));
            }
        }
        return Map.copyOf(out);
    }

    private static Kind kind(BaseRuntimeElementDefinition<?> d) {
        if (d == null) {
            return Kind.OTHER;
        }
        return switch (d.getChildType()) {
            case PRIMITIVE_DATATYPE, ID_DATATYPE, PRIMITIVE_XHTML, PRIMITIVE_XHTML_HL7ORG -> Kind.PRIMITIVE;
            case COMPOSITE_DATATYPE -> Kind.DATATYPE;
            case RESOURCE_BLOCK -> Kind.BACKBONE;
            default -> Kind.OTHER;
        };
    }
}
