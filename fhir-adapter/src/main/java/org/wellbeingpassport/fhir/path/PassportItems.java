package org.wellbeingpassport.fhir.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The consent-engine items of a whole passport, by resource ("Type/id"). Immutable: compute it once
 * per stored version of a passport and keep it with the version, so that a read only asks the engine
 * and redacts (building items is most of the per-read cost otherwise; see bench/RESULTS.md).
 */
public final class PassportItems {
    private final String residentId;
    private final Map<String, ResourceItems> byResource;

    private PassportItems(String residentId, Map<String, ResourceItems> byResource) {
        this.residentId = residentId;
        this.byResource = Map.copyOf(byResource);
    }

    /**
     * Items for every resource of a passport Bundle (its entries) or of a JSON array of resources.
     * {@code openDisputes} gives, per resource, its open disputes by anchor (see {@link ResourceItems#of}).
     */
    public static PassportItems of(String residentId, JsonNode bundleOrResources,
            Function<JsonNode, Map<String, List<String>>> openDisputes) {
        Map<String, ResourceItems> out = new HashMap<>();
        JsonNode list = bundleOrResources.isArray() ? bundleOrResources : bundleOrResources.path("entry");
        for (JsonNode n : list) {
            JsonNode resource = n.has("resource") ? n.get("resource") : n;
            out.put(key(resource), ResourceItems.of(residentId, resource, openDisputes.apply(resource)));
        }
        return new PassportItems(residentId, out);
    }

    /** Items with no open disputes. */
    public static PassportItems of(String residentId, JsonNode bundleOrResources) {
        return of(residentId, bundleOrResources, r -> Map.of());
    }

    public String residentId() {
        return residentId;
    }

    /** The items of one resource, by its type and id. */
    public Optional<ResourceItems> get(JsonNode resource) {
        return Optional.ofNullable(byResource.get(key(resource)));
    }

    /** Number of resources. */
    public int size() {
        return byResource.size();
    }

    /** "Type/id" of a resource. */
    public static String key(JsonNode resource) {
        return resource.path("resourceType").asText() + "/" + resource.path("id").asText();
    }
}
