package org.wellbeingpassport.api.resident;

import org.wellbeingpassport.api.http.Refuses;
import java.util.Optional;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.gate.Provenance;

import org.wellbeingpassport.api.auth.ResidentAccounts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.security.annotation.Secured;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.wellbeingpassport.api.http.ApiErrors;
import org.wellbeingpassport.api.http.FhirSchemas;
import org.wellbeingpassport.api.http.ProblemBody;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.http.FhirMediaTypes;
import org.wellbeingpassport.api.http.ETags;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.passport.PassportImporter;

/** A resident's own passport: start it, read all of it, write their story. Always their own, never anyone else's. */
@Controller("/me/passport")
@io.swagger.v3.oas.annotations.tags.Tag(name = "MyPassport", description = "a resident starting, reading, writing and leaving their passport")
@Secured("resident")
public class ResidentController {
    private final ResidentAccounts accounts;
    private final PassportImporter importer;
    private final ResidentWrites writes;
    private final Erasure erasure;
    private final Gate gate;

    public ResidentController(ResidentAccounts accounts, PassportImporter importer, ResidentWrites writes,
            Erasure erasure, Gate gate) {
        this.gate = gate;
        this.erasure = erasure;
        this.accounts = accounts;
        this.importer = importer;
        this.writes = writes;
    }

    /** Starts my passport from my Patient resource (FHIR JSON). */
    @Post(consumes = FhirMediaTypes.FHIR_JSON, produces = MediaType.APPLICATION_JSON)
    @Status(HttpStatus.CREATED)
    @RequestBody(content = @Content(mediaType = FhirMediaTypes.FHIR_JSON, schema = @Schema(implementation = FhirSchemas.Patient.class)))
    @Refuses.Malformed
    @Refuses.Caller
    @ApiResponse(responseCode = "409", description = "conflict: you have already started a passport", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    @Refuses.Invalid
    @Refuses.AuditDown
    public HttpResponse<Started> create(Authentication auth, @Body String body) {
        Caller me = Callers.of(auth);
        refuseSecond(me);
        return begin(me, ResidentWrites.parseAndValidate(body, "Patient"));
    }

    /** Starts my passport from my name, date of birth and NHS number, without FHIR (the same Patient is stored). */
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @io.swagger.v3.oas.annotations.Operation(operationId = "startPassport")
    @Status(HttpStatus.CREATED)
    @Refuses.Malformed
    @Refuses.Caller
    @ApiResponse(responseCode = "409", description = "conflict: you have already started a passport", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    @Refuses.Invalid
    @Refuses.AuditDown
    public HttpResponse<Started> start(Authentication auth, @Valid @Body StartForm form) {
        Caller me = Callers.of(auth);
        refuseSecond(me);
        ObjectNode patient = Fhir.json().createObjectNode();
        patient.put("resourceType", "Patient");
        if (form.nhsNumber() != null) {
            patient.putArray("identifier").addObject().put("system", CodeSystems.NHS_NUMBER).put("value",
                    form.nhsNumber().replace(" ", ""));
        }
        ObjectNode name = patient.putArray("name").addObject();
        name.put("family", form.familyName().strip());
        name.putArray("given").add(form.givenName().strip());
        patient.put("birthDate", form.birthDate().toString());
        return begin(me, ResidentWrites.parseAndValidate(patient.toString(), "Patient"));
    }

    private void refuseSecond(Caller me) {
        if (accounts.ownsAPassport(me.account())) {
            throw new Problem(HttpStatus.CONFLICT, "You have a passport",
                    "You have already started a passport. You can change your details in it.");
        }
    }

    private HttpResponse<Started> begin(Caller me, ObjectNode patient) {
        String residentId = UUID.randomUUID().toString();
        patient.put("id", residentId);
        Provenance.stamp(patient, me);
        // record first: without the entry, no passport is started
        gate.change(new Gate.Change(me, AuditAction.CREATE, residentId, List.of("Patient/" + residentId),
                Optional.of("direct-care"), "resident", "the resident started their passport"), () -> {
                    importer.importPassport(residentId, List.of(patient), List.of());
                    return residentId;
                });
        if (!accounts.link(me.account(), residentId)) {
            throw new Problem(HttpStatus.CONFLICT, "You have a passport", "You have already started a passport.");
        }
        return HttpResponse.created(new Started(residentId)).header("Location", "/me/passport");
    }

    /** All of my passport, nothing withheld (it is mine), as a FHIR Bundle. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "all of my passport", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/fhir+json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Bundle.class)))
    @Refuses.Read
    @Get(produces = FhirMediaTypes.FHIR_JSON)
    public HttpResponse<byte[]> read(Authentication auth) {
        Caller me = Callers.of(auth);
        String residentId = MyPassport.of(accounts, me);
        byte[] bundle = gate.own(me, residentId).map(Gate.Own::bundle).orElseThrow(Problem::notAvailable);
        return HttpResponse.ok(bundle).contentType(FhirMediaTypes.FHIR_JSON_TYPE).header("Cache-Control", "no-store");
    }

    /** Writes (creates or updates) one resource of my story; If-Match guards against overwriting a newer version. */
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
            @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/fhir+json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Resource.class)),
            @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Resource.class))})
    @Status(HttpStatus.OK)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "updated: the new version is in the ETag")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "created: there was no resource with this id")
    @Refuses.Change
    @Refuses.Stale
    @Put(uri = "/{type}/{id}", consumes = {FhirMediaTypes.FHIR_JSON, "application/json"}, produces = {
            MediaType.APPLICATION_JSON, ApiErrors.PROBLEM_JSON})
    @Consumes({FhirMediaTypes.FHIR_JSON, "application/json"})
    public HttpResponse<Void> write(Authentication auth, @PathVariable String type, @PathVariable String id,
            @Body String body, @Nullable @Header("If-Match") String ifMatch) {
        Caller me = Callers.of(auth);
        String residentId = MyPassport.of(accounts, me);
        OptionalLong expected = ifMatch == null ? OptionalLong.empty() : OptionalLong.of(version(ifMatch));
        ResidentWrites.Written w = writes.write(me, residentId, type, id, body, expected);
        MutableHttpResponse<Void> r = HttpResponse.status(w.created() ? HttpStatus.CREATED : HttpStatus.OK);
        return r.header("ETag", "W/\"" + w.version() + "\"");
    }

    /**
     * I am leaving: my data key is destroyed (so every encrypted element of mine is unreadable everywhere, backups
     * included), then my passport, its history and my sign-in link are deleted. Recorded in the audit trail first:
     * if that cannot be done, nothing is erased.
     */
    @io.micronaut.http.annotation.Delete(produces = {MediaType.APPLICATION_JSON, ApiErrors.PROBLEM_JSON})
    @Status(HttpStatus.NO_CONTENT)
    @Refuses.Read
    public HttpResponse<Void> leave(Authentication auth) {
        Caller me = Callers.of(auth);
        String residentId = MyPassport.of(accounts, me);
        gate.change(new Gate.Change(me, AuditAction.ERASURE, residentId, List.of(), Optional.empty(), "resident",
                "the resident left; data key destroyed, record deleted"), () -> {
                    erasure.erase(residentId, me.account());
                    return residentId;
                });
        return HttpResponse.noContent();
    }

    static long version(String etag) {
        return ETags.ifMatch(etag);
    }
}
