package org.wellbeingpassport.api.fhir;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.wellbeingpassport.api.http.ETags;
import org.wellbeingpassport.api.http.FhirException;
import org.wellbeingpassport.api.http.FhirMediaTypes;
import org.wellbeingpassport.api.partner.PublicBase;
import org.wellbeingpassport.fhir.Fhir;

/**
 * FHIR R4 REST for partner systems over the resource types of a passport (besides Patient's own routes in
 * {@link FhirController}): search by patient, read, version read and history (instance and type, paged with
 * {@code _offset} and next links), Provenance by id, {@code Patient/$everything},
 * Observation create (conditional with If-None-Exist), and transaction and batch Bundles; plus reads of the
 * Practitioners, PractitionerRoles and Organizations that disclosed resources refer to. Every route names its types
 * explicitly: Task, Communication and Subscription belong to other controllers.
 */
@Controller("/fhir")
@Secured("system")
@Hidden // described by its CapabilityStatement, not by OpenAPI
public class PartnerFhirController {
    static final int MAX_COUNT = 100;
    private static final String FHIR = FhirMediaTypes.FHIR_JSON;
    private static final String JSON = MediaType.APPLICATION_JSON;

    private final PartnerReads reads;
    private final Searches searches;
    private final PartnerWrites writes;
    private final Transactions transactions;
    private final DirectoryResources directory;
    private final PublicBase base;
    private final Validation validation;

    public PartnerFhirController(PartnerReads reads, Searches searches, PartnerWrites writes, Transactions transactions,
            DirectoryResources directory, PublicBase base, Validation validation) {
        this.validation = validation;
        this.reads = reads;
        this.searches = searches;
        this.writes = writes;
        this.transactions = transactions;
        this.directory = directory;
        this.base = base;
    }

    @Get(uri = "/Patient/{id}/$everything", produces = {FHIR, JSON})
    public HttpResponse<byte[]> everything(HttpRequest<?> request, Authentication auth, @PathVariable String id,
            @Nullable @QueryValue String purpose) {
        PartnerContext ctx = context(request, auth, purpose);
        ctx.requireWholePassport();
        byte[] bundle = reads.everythingBundle(ctx, id).orElseThrow(() -> FhirException.notFound("Patient", id));
        return fhir(HttpResponse.ok(bundle));
    }

    @Get(uris = {"/Patient", "/Composition", "/CarePlan", "/Goal", "/Condition", "/Observation", "/RelatedPerson",
            "/ServiceRequest"}, produces = {FHIR, JSON})
    public HttpResponse<byte[]> search(HttpRequest<?> request, Authentication auth,
            @Nullable @QueryValue String purpose, @Nullable @Header("Prefer") String prefer) {
        String type = type(request, 0);
        PartnerContext ctx = context(request, auth, purpose);
        ctx.require(type, 's');
        boolean lenient = prefer != null && prefer.replace(" ", "").contains("handling=lenient");
        return fhir(
                HttpResponse.ok(Fhir.writeBytes(searches.bundle(ctx, type, request.getParameters().asMap(), lenient))));
    }

    @Get(uris = {"/Composition/{id}", "/CarePlan/{id}", "/Goal/{id}", "/Condition/{id}", "/Observation/{id}",
            "/RelatedPerson/{id}", "/ServiceRequest/{id}", "/Provenance/{id}"}, produces = {FHIR, JSON})
    public HttpResponse<byte[]> read(HttpRequest<?> request, Authentication auth, @PathVariable String id,
            @Nullable @QueryValue String purpose) {
        String type = type(request, 0);
        PartnerContext ctx = context(request, auth, purpose);
        ctx.require(type, 'r');
        PartnerReads.Found f = reads.read(ctx, type, id).orElseThrow(() -> FhirException.notFound(type, id));
        MutableHttpResponse<byte[]> r = fhir(HttpResponse.ok(Fhir.writeBytes(f.resource())));
        String v = f.resource().path("meta").path("versionId").asText("");
        if (!v.isEmpty()) {
            r.header("ETag", "W/\"" + v + "\"");
        }
        return r;
    }

    @Get(uris = {"/Composition/{id}/_history/{vid}", "/CarePlan/{id}/_history/{vid}", "/Goal/{id}/_history/{vid}",
            "/Condition/{id}/_history/{vid}", "/Observation/{id}/_history/{vid}", "/RelatedPerson/{id}/_history/{vid}",
            "/ServiceRequest/{id}/_history/{vid}", "/Provenance/{id}/_history/{vid}"}, produces = {FHIR, JSON})
    public HttpResponse<byte[]> vread(HttpRequest<?> request, Authentication auth, @PathVariable String id,
            @PathVariable String vid, @Nullable @QueryValue String purpose) {
        String type = type(request, 0);
        PartnerContext ctx = context(request, auth, purpose);
        ctx.require(type, 'r');
        long version = ETags.version(vid).orElseThrow(() -> FhirException.notFound(type, id + "/_history/" + vid));
        FhirVersion r = reads.readVersion(ctx, type, id, version)
                .orElseThrow(() -> FhirException.notFound(type, id + "/_history/" + vid));
        return versionedBytes(HttpResponse.ok(utf8(r.json())), r);
    }

    @Get(uris = {"/Composition/{id}/_history", "/CarePlan/{id}/_history", "/Goal/{id}/_history",
            "/Condition/{id}/_history", "/Observation/{id}/_history", "/RelatedPerson/{id}/_history",
            "/ServiceRequest/{id}/_history", "/Provenance/{id}/_history"}, produces = {FHIR, JSON})
    public HttpResponse<byte[]> history(HttpRequest<?> request, Authentication auth, @PathVariable String id,
            @Nullable @QueryValue String purpose) {
        String type = type(request, 0);
        PartnerContext ctx = context(request, auth, purpose);
        ctx.require(type, 'r');
        HistoryQuery h = HistoryQuery.of(request, false);
        List<FhirVersion> versions = reads.history(ctx, type, id, h.reach());
        if (versions.isEmpty()) {
            throw FhirException.notFound(type, id);
        }
        return fhir(HttpResponse.ok(utf8(FhirJson.encode(Bundles.history(ctx.base(), type, id, versions, h)))));
    }

    @Get(uris = {"/Composition/_history", "/CarePlan/_history", "/Goal/_history", "/Condition/_history",
            "/Observation/_history", "/RelatedPerson/_history", "/ServiceRequest/_history"}, produces = {FHIR, JSON})
    public HttpResponse<byte[]> typeHistory(HttpRequest<?> request, Authentication auth,
            @Nullable @QueryValue String purpose) {
        String type = type(request, 0);
        PartnerContext ctx = context(request, auth, purpose);
        ctx.require(type, 'r');
        HistoryQuery h = HistoryQuery.of(request, true);
        PartnerReads.HistoryPage page = reads.typeHistory(ctx, type, h.count(), h.offset(), h.since());
        String self = ctx.base() + "/" + type + "/_history?" + h.query(h.offset());
        String next = page.more() ? ctx.base() + "/" + type + "/_history?" + h.query(h.offset() + h.count()) : null;
        return fhir(HttpResponse
                .ok(utf8(FhirJson.encode(Bundles.typeHistory(ctx.base(), type, page.versions(), self, next)))));
    }

    @Post(uris = {"/Patient/$validate", "/Composition/$validate", "/CarePlan/$validate", "/Goal/$validate",
            "/Condition/$validate", "/Observation/$validate", "/RelatedPerson/$validate",
            "/ServiceRequest/$validate"}, consumes = {FHIR, JSON}, produces = {FHIR, JSON})
    public HttpResponse<String> validate(HttpRequest<?> request, Authentication auth, @Nullable @Body String body,
            @Nullable @QueryValue String purpose) {
        return validated(request, auth, Optional.empty(), body, purpose);
    }

    @Post(uris = {"/Patient/{id}/$validate", "/Composition/{id}/$validate", "/CarePlan/{id}/$validate",
            "/Goal/{id}/$validate", "/Condition/{id}/$validate", "/Observation/{id}/$validate",
            "/RelatedPerson/{id}/$validate",
            "/ServiceRequest/{id}/$validate"}, consumes = {FHIR, JSON}, produces = {FHIR, JSON})
    public HttpResponse<String> validateInstance(HttpRequest<?> request, Authentication auth, @PathVariable String id,
            @Nullable @Body String body, @Nullable @QueryValue String purpose) {
        return validated(request, auth, Optional.of(id), body, purpose);
    }

    private HttpResponse<String> validated(HttpRequest<?> request, Authentication auth, Optional<String> id,
            String body, String purpose) {
        String type = type(request, 0);
        PartnerContext ctx = context(request, auth, purpose);
        if (!ctx.access().permits(type, 'c') && !ctx.access().permits(type, 'u')) {
            ctx.require(type, 'c');
        }
        return fhir(HttpResponse.ok(validation.validate(ctx, type, id, body)));
    }

    @Get(uri = "/Composition/{id}/$document", produces = {FHIR, JSON})
    public HttpResponse<byte[]> document(HttpRequest<?> request, Authentication auth, @PathVariable String id,
            @Nullable @QueryValue String purpose) {
        PartnerContext ctx = context(request, auth, purpose);
        ctx.requireWholePassport();
        List<PartnerReads.Found> found = reads.document(ctx, id)
                .orElseThrow(() -> FhirException.notFound("Composition", id));
        return fhir(HttpResponse.ok(Fhir.writeBytes(Bundles.document(ctx.base(), id, found, directory::read))));
    }

    @Post(uri = "/Observation", consumes = {FHIR, JSON}, produces = {FHIR, JSON})
    public HttpResponse<String> create(HttpRequest<?> request, Authentication auth, @Nullable @Body String body,
            @Nullable @Header("If-None-Exist") String ifNoneExist, @Nullable @Header("Prefer") String prefer,
            @Nullable @QueryValue String purpose) {
        PartnerContext ctx = context(request, auth, purpose);
        PartnerWrites.Created c = writes.create(ctx,
                writes.prepare(ctx, body, Optional.ofNullable(ifNoneExist).filter(s -> !s.isBlank())));
        String location = ctx.base() + "/Observation/" + c.resource().id() + "/_history/" + c.resource().version();
        if (c.existed()) {
            return versioned(HttpResponse.ok(), c.resource()).header("Location", location);
        }
        MutableHttpResponse<String> r = versioned(HttpResponse.status(HttpStatus.CREATED), c.resource())
                .header("Location", location);
        return prefer != null && prefer.replace(" ", "").contains("return=minimal") ? r : r.body(c.resource().json());
    }

    @Post(uri = "/", consumes = {FHIR, JSON}, produces = {FHIR, JSON})
    public HttpResponse<String> transaction(HttpRequest<?> request, Authentication auth, @Nullable @Body String body,
            @Nullable @QueryValue String purpose) {
        PartnerContext ctx = context(request, auth, purpose);
        return fhir(HttpResponse.ok(Fhir.write(transactions.process(ctx, body))));
    }

    @Get(uris = {"/Organization/{id}", "/Practitioner/{id}", "/PractitionerRole/{id}"}, produces = {FHIR, JSON})
    public HttpResponse<String> directoryRead(HttpRequest<?> request, Authentication auth, @PathVariable String id) {
        String type = type(request, 0);
        PartnerContext.requireScope(org.wellbeingpassport.api.partner.PartnerAccess.of(auth), type, 'r');
        return fhir(HttpResponse.ok(directory.read(type, id).orElseThrow(() -> FhirException.notFound(type, id))));
    }

    private PartnerContext context(HttpRequest<?> request, Authentication auth, String purpose) {
        return PartnerContext.of(request, auth, purpose, base.fhir(request));
    }

    /** The resource type: the path segment after /fhir/ ({@code index} 0). */
    private static String type(HttpRequest<?> request, int index) {
        String[] parts = request.getPath().split("/");
        return parts[2 + index];
    }

    static <T> MutableHttpResponse<T> fhir(MutableHttpResponse<T> r) {
        return r.contentType(FhirMediaTypes.FHIR_JSON_TYPE).header("Cache-Control", "no-store");
    }

    /**
     * A read's body as UTF-8 bytes: Micronaut sends a byte[] as it is, where a String body is re-encoded character by
     * character on every response (bench/RESULTS.md, "partner `Patient/$everything`, bytes instead of trees").
     */
    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static MutableHttpResponse<byte[]> versionedBytes(MutableHttpResponse<byte[]> response, FhirVersion r) {
        return fhir(response).header("ETag", "W/\"" + r.version() + "\"").header("Last-Modified",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(r.lastUpdated().atOffset(ZoneOffset.UTC)));
    }

    private static MutableHttpResponse<String> versioned(MutableHttpResponse<String> response, FhirVersion r) {
        return fhir(response).header("ETag", "W/\"" + r.version() + "\"").header("Last-Modified",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(r.lastUpdated().atOffset(ZoneOffset.UTC)));
    }
}
