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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.wellbeingpassport.api.http.FhirException;
import org.wellbeingpassport.api.http.FhirMediaTypes;
import org.wellbeingpassport.api.partner.PublicBase;
import org.wellbeingpassport.fhir.Fhir;

/**
 * The project's own StructureDefinitions, CodeSystems and ValueSets ({@link ConformanceResources}): read by id and
 * searched by {@code url} or {@code _id} (or all of a type). Definitions, no resident's data: public like the
 * CapabilityStatement, which declares them.
 */
@Controller("/fhir")
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden // described by its CapabilityStatement, not by OpenAPI
public class ConformanceController {
    private static final String FHIR = FhirMediaTypes.FHIR_JSON;
    private final ConformanceResources resources;
    private final PublicBase base;

    public ConformanceController(ConformanceResources resources, PublicBase base) {
        this.resources = resources;
        this.base = base;
    }

    @Get(uris = {"/StructureDefinition/{id}", "/CodeSystem/{id}", "/ValueSet/{id}"}, produces = {FHIR,
            MediaType.APPLICATION_JSON})
    public HttpResponse<String> read(HttpRequest<?> request, @PathVariable String id) {
        String type = request.getPath().split("/")[2];
        String json = resources.read(type, id).orElseThrow(() -> FhirException.notFound(type, id));
        return HttpResponse.ok(json).contentType(FhirMediaTypes.FHIR_JSON_TYPE);
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
        Optional<String> byUrl = url == null ? Optional.empty() : resources.idOf(type, url);
        String fhirBase = base.fhir(request);
        List<PartnerReads.Found> found = new ArrayList<>();
        for (Map.Entry<String, String> e : resources.all(type).entrySet()) {
            if ((id != null && !id.equals(e.getKey())) || (url != null && !byUrl.equals(Optional.of(e.getKey())))) {
                continue;
            }
            found.add(new PartnerReads.Found(type, e.getKey(), Fhir.tree(e.getValue())));
        }
        String query = request.getUri().getRawQuery();
        ObjectNode bundle = Bundles.searchset(fhirBase, found,
                fhirBase + "/" + type + (query == null ? "" : "?" + query), null);
        bundle.put("total", found.size()); // definitions, not anyone's record: a total says nothing withheld
        return HttpResponse.ok(Fhir.write(bundle)).contentType(FhirMediaTypes.FHIR_JSON_TYPE);
    }
}
