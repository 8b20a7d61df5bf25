package org.wellbeingpassport.api.fhir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.wellbeingpassport.fhir.validate.Conformance;

/**
 * The project's own StructureDefinitions (its extensions, with snapshots), CodeSystems and ValueSets, as fhir-adapter
 * defines them ({@link Conformance}), encoded once: what {@link ConformanceController} serves and the
 * CapabilityStatement declares.
 */
@Singleton
final class ConformanceResources {
    static final List<String> TYPES = List.of("StructureDefinition", "CodeSystem", "ValueSet");
    /** Type -> id -> JSON, in a stable order. */
    private final Map<String, Map<String, String>> byType = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> urls = new LinkedHashMap<>();

    ConformanceResources() {
        List<MetadataResource> all = new ArrayList<>();
        all.addAll(Conformance.structureDefinitions());
        all.addAll(Conformance.codeSystems());
        all.addAll(Conformance.valueSets());
        for (MetadataResource r : all) {
            if (r instanceof StructureDefinition sd && !sd.hasSnapshot()) {
                r = withSnapshot(sd);
            }
            byType.computeIfAbsent(r.fhirType(), t -> new LinkedHashMap<>()).put(r.getIdElement().getIdPart(),
                    FhirJson.encode(r));
            urls.computeIfAbsent(r.fhirType(), t -> new LinkedHashMap<>()).put(r.getUrl(),
                    r.getIdElement().getIdPart());
        }
    }

    Optional<String> read(String type, String id) {
        return Optional.ofNullable(byType.getOrDefault(type, Map.of()).get(id));
    }

    /** Id -> JSON of one type, in a stable order. */
    Map<String, String> all(String type) {
        return byType.getOrDefault(type, Map.of());
    }

    /** The id of the resource of this type with this canonical URL (a {@code |version} suffix ignored). */
    Optional<String> idOf(String type, String url) {
        return Optional.ofNullable(urls.getOrDefault(type, Map.of()).get(url.split("\\|")[0]));
    }

    /**
     * The definition with its snapshot, as HAPI's snapshot generator makes it from the differential and the base R4
     * definitions: served with a snapshot, a StructureDefinition can be used by a client without a snapshot generator
     * of its own.
     */
    private static StructureDefinition withSnapshot(StructureDefinition sd) {
        var ctx = FhirJson.context();
        var chain = new org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain(
                new ca.uhn.fhir.context.support.DefaultProfileValidationSupport(ctx),
                new org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport(ctx));
        var generated = chain.generateSnapshot(new ca.uhn.fhir.context.support.ValidationSupportContext(chain), sd,
                sd.getUrl(), sd.getUrl(), sd.getName());
        return generated instanceof StructureDefinition g ? g : sd;
    }

    /** The canonical URLs of one type (for the CapabilityStatement). */
    static List<String> urls(String type) {
        List<MetadataResource> all = new ArrayList<>();
        switch (type) {
            case "StructureDefinition" -> all.addAll(Conformance.structureDefinitions());
            case "CodeSystem" -> all.addAll(Conformance.codeSystems());
            default -> all.addAll(Conformance.valueSets());
        }
        return all.stream().map(MetadataResource::getUrl).toList();
    }
}
