package org.wellbeingpassport.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The one FHIR R4 context of the process and the JSON settings every part of the passport uses.
 *
 * <p>A {@link FhirContext} is expensive to create (it scans the model) and thread-safe once built, so
 * there is exactly one. Parsers are cheap and not thread-safe, so each call gets a new one. The
 * Jackson mapper keeps decimals exactly as written ({@code 1.50} stays {@code 1.50}), which FHIR
 * requires and which the storage form and the redactor rely on.
 */
public final class Fhir {
    private static final FhirContext CONTEXT = FhirContext.forR4Cached();

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private Fhir() {
    }

    /** The shared R4 context. */
    public static FhirContext context() {
        return CONTEXT;
    }

    /** A new JSON parser with the passport's settings (not thread-safe: one per call or thread). */
    public static IParser jsonParser() {
        IParser parser = CONTEXT.newJsonParser();
        parser.setOverrideResourceIdWithBundleEntryFullUrl(false);
        return parser;
    }

    /** The shared Jackson mapper for the read path (thread-safe; exact decimals). */
    public static ObjectMapper json() {
        return JSON;
    }

    /** HAPI model to FHIR JSON. */
    public static String encode(IBaseResource resource) {
        return jsonParser().encodeResourceToString(resource);
    }

    /** FHIR JSON to the HAPI model. */
    public static <T extends IBaseResource> T parse(Class<T> type, String json) {
        return jsonParser().parseResource(type, json);
    }

    /** FHIR JSON to the HAPI model, whatever its type. */
    public static IBaseResource parse(String json) {
        return jsonParser().parseResource(json);
    }

    /** FHIR JSON text to a Jackson tree. */
    public static ObjectNode tree(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("a FHIR resource is a JSON object");
            }
            return object;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    /** FHIR JSON bytes (UTF-8) to a Jackson tree. */
    public static ObjectNode tree(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("a FHIR resource is a JSON object");
            }
            return object;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    /** A HAPI resource as a Jackson tree (through its JSON). */
    public static ObjectNode tree(IBaseResource resource) {
        return tree(encode(resource));
    }

    /** A Jackson tree as compact JSON text. */
    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Jackson tree as compact UTF-8 JSON bytes (what the read path sends). */
    public static byte[] writeBytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
