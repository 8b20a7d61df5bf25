package org.wellbeingpassport.api.fhir;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.wellbeingpassport.api.http.FhirException;
import org.wellbeingpassport.api.http.FhirMediaTypes;
import org.wellbeingpassport.api.partner.PublicBase;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.validate.Conformance;

/**
 * The project's own StructureDefinitions (its extensions), CodeSystems and ValueSets, as fhir-adapter defines them
 * ({@link Conformance}): read by id and searched by {@code url} (or all of a type). Definitions, no resident's data:
 * public like the CapabilityStatement, which declares them.
 */
@Controller("/fhir")
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden // described by its CapabilityStatement, not by OpenAPI
public class ConformanceController {
    static final List<String> TYPES = List.of("StructureDefinition", "CodeSystem", "ValueSet");
    private static final String FHIR = FhirMediaTypes.FHIR_JSON;
    /** Type -> id -> JSON, in a stable order. */
    private final Map<String, Map<String, String>> byType = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> urls = new LinkedHashMap<>();
    private final PublicBase base;

    public ConformanceController(PublicBase base) {
        this.base = base;
        List<MetadataResource> all = new ArrayList<>();
        all.addAll(Conformance.structureDefinitions());
        all.addAll(Conformance.codeSystems());
        all.addAll(Conformance.valueSets());
        for (MetadataResource r : all) {
            if (r instanceof StructureDefinition sd && !sd.hasSnapshot()) {
                r = withSnapshot(sd);
            }
            String json = FhirJson.encode(r);
            byType.computeIfAbsent(r.fhirType(), t -> new LinkedHashMap<>()).put(r.getIdElement().getIdPart(), json);
            urls.computeIfAbsent(r.fhirType(), t -> new LinkedHashMap<>()).put(r.getUrl(),
                    r.getIdElement().getIdPart());
        }
    }

    /**
     * The definition with its snapshot, as HAPI's snapshot generator makes it from the differential and the base R4
     * definitions: served with a snapshot, a StructureDefinition can be used (and validated) by a client without a
     * snapshot generator of its own. Made once, when the first definition is asked for.
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

    @Get(uris = {"/StructureDefinition/{id}", "/CodeSystem/{id}", "/ValueSet/{id}"}, produces = {FHIR,
            MediaType.APPLICATION_JSON})
    public HttpResponse<String> read(HttpRequest<?> request, @PathVariable String id) {
        String type = request.getPath().split("/")[2];
        String json = byType.getOrDefault(type, Map.of()).get(id);
        if (json == null) {
            throw FhirException.notFound(type, id);
        }
        return PartnerFhirController.fhir(HttpResponse.ok(json));
    }

    @Get(uris = {"/StructureDefinition", "/CodeSystem", "/ValueSet"}, produces = {FHIR, MediaType.APPLICATION_JSON})
    public HttpResponse<String> search(HttpRequest<?> request) {
        String type = request.getPath().split("/")[2];
        Map<String, List<String>> params = request.getParameters().asMap();
        for (String p : params.keySet()) {
            if (!Set.of("url", "_id", "_format").contains(p)) {
                throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                        "Search " + type + " by url or _id; '" + p + "' is not supported", p)));
            }
        }
        String url = request.getParameters().get("url");
        String id = request.getParameters().get("_id");
        String fhirBase = base.fhir(request);
        List<PartnerReads.Found> found = new ArrayList<>();
        for (Map.Entry<String, String> e : byType.getOrDefault(type, Map.of()).entrySet()) {
            if (id != null && !id.equals(e.getKey())) {
                continue;
            }
            if (url != null && !e.getKey().equals(urls.get(type).get(url.split("\\|")[0]))) {
                continue;
            }
            found.add(new PartnerReads.Found(type, e.getKey(), Fhir.tree(e.getValue())));
        }
        String self = fhirBase + "/" + type
                + (request.getUri().getRawQuery() == null ? "" : "?" + request.getUri().getRawQuery());
        ObjectNode bundle = Bundles.searchset(fhirBase, found, self, null);
        bundle.put("total", found.size()); // definitions, not anyone's record: a total says nothing withheld
        return PartnerFhirController.fhir(HttpResponse.ok(Fhir.write(bundle)));
    }
}
