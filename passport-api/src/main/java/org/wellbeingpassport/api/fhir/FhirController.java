package org.wellbeingpassport.api.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.security.authentication.Authentication;
import java.util.Optional;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.partner.PartnerAccess;
import org.wellbeingpassport.api.partner.PublicBase;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.fhir.Fhir;

import org.wellbeingpassport.api.http.FhirException;

import org.wellbeingpassport.api.http.FhirMediaTypes;

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
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.OptionalLong;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.wellbeingpassport.api.http.ETags;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.api.store.WriteOutcome;

/** The FHIR R4 REST API: translates HTTP to the services and back, nothing more. */
@Controller("/fhir")
@Secured("system") // partner systems; admin manages the service, not records
@Hidden // described by its CapabilityStatement, not by OpenAPI
public class FhirController {
    private static final String FHIR = FhirMediaTypes.FHIR_JSON;

    private final PatientService patients;
    private final CapabilityStatementFactory capabilities;
    private final PublicBase publicBase;

    public FhirController(PatientService patients, CapabilityStatementFactory capabilities, PublicBase publicBase) {
        this.patients = patients;
        this.capabilities = capabilities;
        this.publicBase = publicBase;
    }

    @Get(uri = "/metadata", produces = {FHIR, MediaType.APPLICATION_JSON})
    @Secured(SecurityRule.IS_ANONYMOUS)
    public HttpResponse<String> metadata(HttpRequest<?> request) {
        return HttpResponse.ok(capabilities.json(publicBase.of(request))).contentType(FhirMediaTypes.FHIR_JSON_TYPE);
    }

    @Post(uri = "/Patient", consumes = {FHIR, MediaType.APPLICATION_JSON}, produces = {FHIR,
            MediaType.APPLICATION_JSON})
    public HttpResponse<String> create(HttpRequest<?> request, Authentication auth, @Body String body,
            @Nullable @Header("Prefer") String prefer, @Nullable @Header("If-None-Exist") String ifNoneExist) {
        PartnerContext.requireScope(PartnerAccess.of(auth), "Patient", 'c');
        PatientService.Created created = patients.create(Callers.of(auth), body, Optional.ofNullable(ifNoneExist));
        if (created.existed()) {
            // the one that exists is named, not shown: reading it is a read, through consent, for a purpose
            return versioned(HttpResponse.ok(), created.resource()).header("Location",
                    location(request, created.resource()));
        }
        return withBody(versioned(HttpResponse.status(HttpStatus.CREATED), created.resource()).header("Location",
                location(request, created.resource())), created.resource().json(), prefer);
    }

    @Get(uri = "/Patient/{id}", produces = {FHIR, MediaType.APPLICATION_JSON})
    public HttpResponse<byte[]> read(HttpRequest<?> request, Authentication auth, @PathVariable String id,
            @Nullable @QueryValue String purpose) {
        PartnerContext ctx = context(request, auth, purpose);
        ctx.require("Patient", 'r');
        Gate.Shown shown = patients.read(ctx.caller(), id, ctx.purpose(), source(request))
                .orElseThrow(() -> FhirException.notFound("Patient", id));
        JsonNode meta = shown.resource().path("meta");
        MutableHttpResponse<byte[]> r = fhir(HttpResponse.ok(Fhir.writeBytes(shown.resource())));
        if (meta.has("versionId")) {
            r.header("ETag", "W/\"" + meta.path("versionId").asText() + "\"");
        }
        return r;
    }

    @Get(uri = "/Patient/{id}/_history/{vid}", produces = {FHIR, MediaType.APPLICATION_JSON})
    public HttpResponse<byte[]> vread(HttpRequest<?> request, Authentication auth, @PathVariable String id,
            @PathVariable String vid, @Nullable @QueryValue String purpose) {
        PartnerContext ctx = context(request, auth, purpose);
        ctx.require("Patient", 'r');
        Purpose why = ctx.purpose();
        long version = ETags.version(vid).orElseThrow(() -> FhirException.notFound("Patient", id + "/_history/" + vid));
        StoredResource r = patients.readVersion(Callers.of(auth), id, version, why, source(request))
                .orElseThrow(() -> FhirException.notFound("Patient", id + "/_history/" + vid));
        return fhir(versionedBytes(HttpResponse.ok(utf8(r.json())), r));
    }

    @Put(uri = "/Patient/{id}", consumes = {FHIR, MediaType.APPLICATION_JSON}, produces = {FHIR,
            MediaType.APPLICATION_JSON})
    public HttpResponse<String> update(HttpRequest<?> request, Authentication auth, @PathVariable String id,
            @Body String body, @Nullable @Header("If-Match") String ifMatch, @Nullable @Header("Prefer") String prefer,
            @Nullable @QueryValue String purpose) {
        PartnerContext ctx = context(request, auth, purpose);
        ctx.require("Patient", 'u');
        Purpose why = ctx.purpose();
        OptionalLong expected = OptionalLong.empty();
        if (ifMatch != null) {
            expected = OptionalLong.of(ETags.version(ifMatch).orElseThrow(() -> FhirException
                    .invalid("If-Match must be an ETag such as W/\"3\" naming the version you last read")));
        }
        WriteOutcome outcome = patients.update(Callers.of(auth), id, body, expected, why);
        if (outcome instanceof WriteOutcome.Written w) {
            MutableHttpResponse<String> response = versioned(HttpResponse.status(HttpStatus.OK), w.resource());
            return withBody(response, w.resource().json(), prefer);
        }
        if (outcome instanceof WriteOutcome.VersionConflict c) {
            throw new FhirException(HttpStatus.PRECONDITION_FAILED, IssueType.CONFLICT,
                    "Patient/" + id + " has changed: If-Match named version "
                            + (expected.isPresent() ? expected.getAsLong() : "?") + ", the current version is "
                            + c.currentVersion() + ". Read it again and reapply your change.");
        }
        throw FhirException.notFound("Patient", id);
    }

    @Get(uri = "/Patient/{id}/_history", produces = {FHIR, MediaType.APPLICATION_JSON})
    public HttpResponse<byte[]> history(HttpRequest<?> request, Authentication auth, @PathVariable String id,
            @Nullable @QueryValue String purpose) {
        PartnerContext ctx = context(request, auth, purpose);
        ctx.require("Patient", 'r');
        HistoryQuery h = HistoryQuery.of(request, false);
        List<StoredResource> versions = patients.history(Callers.of(auth), id, h.reach(), ctx.purpose(),
                source(request));
        if (versions.isEmpty()) {
            throw FhirException.notFound("Patient", id);
        }
        Bundle bundle = Bundles.history(ctx.base(), "Patient", id, versions.stream().map(FhirVersion::of).toList(), h);
        return fhir(HttpResponse.ok(utf8(FhirJson.encode(bundle))));
    }

    private PartnerContext context(HttpRequest<?> request, Authentication auth, String purpose) {
        return PartnerContext.of(request, auth, purpose, publicBase.fhir(request));
    }

    private static Optional<String> source(HttpRequest<?> request) {
        return Optional.of(request.getRemoteAddress().getAddress().getHostAddress());
    }

    private static <T> MutableHttpResponse<T> fhir(MutableHttpResponse<T> r) {
        return r.contentType(FhirMediaTypes.FHIR_JSON_TYPE).header("Cache-Control", "no-store");
    }

    /** A body as UTF-8 bytes, as the other partner reads send theirs (see PartnerFhirController). */
    private static byte[] utf8(String json) {
        return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static MutableHttpResponse<byte[]> versionedBytes(MutableHttpResponse<byte[]> response, StoredResource r) {
        return response.contentType(FhirMediaTypes.FHIR_JSON_TYPE).header("ETag", etag(r)).header("Last-Modified",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(r.lastUpdated().atOffset(ZoneOffset.UTC)));
    }

    private static MutableHttpResponse<String> versioned(MutableHttpResponse<String> response, StoredResource r) {
        return response.contentType(FhirMediaTypes.FHIR_JSON_TYPE).header("ETag", etag(r)).header("Last-Modified",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(r.lastUpdated().atOffset(ZoneOffset.UTC)));
    }

    /** Prefer: return=minimal sends no body; the default (and return=representation) sends the resource. */
    private static HttpResponse<String> withBody(MutableHttpResponse<String> response, String json, String prefer) {
        if (prefer != null && prefer.replace(" ", "").contains("return=minimal")) {
            return response;
        }
        return response.body(json);
    }

    private static String etag(StoredResource r) {
        return "W/\"" + r.version() + "\"";
    }

    private String location(HttpRequest<?> request, StoredResource r) {
        return publicBase.fhir(request) + "/" + r.type() + "/" + r.id() + "/_history/" + r.version();
    }

}
