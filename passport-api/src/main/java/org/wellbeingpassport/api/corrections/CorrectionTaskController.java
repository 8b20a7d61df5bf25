package org.wellbeingpassport.api.corrections;

import org.wellbeingpassport.api.gate.Gate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.http.FhirException;
import org.wellbeingpassport.api.http.FhirMediaTypes;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.partner.PartnerAccess;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import io.micronaut.http.HttpStatus;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.wellbeingpassport.fhir.Fhir;

/**
 * The review queue for partner systems, as FHIR: {@code GET /fhir/Task} searches the correction requests (the guide's
 * Task) addressed to the caller's organisation, optionally by {@code status} or {@code code}; {@code GET
 * /fhir/Task/{id}} reads one. Each Task returned is read through the corrections flow (in the caller's queue, entry
 * visible to them for record-correction, audited first); anything else is the one 404. Unknown search parameters are
 * refused (400), never ignored.
 */
@Controller("/fhir/Task")
@Secured("system")
public class CorrectionTaskController {
    private static final Set<String> PARAMS = Set.of("status", "code", "_count");
    private final Corrections corrections;
    private final Gate gate;

    public CorrectionTaskController(Corrections corrections, Gate gate) {
        this.gate = gate;
        this.corrections = corrections;
    }

    /** A SMART token must carry system/Task.{permission} and may state record-correction (tokens of old: consent alone). */
    private static void scope(Authentication auth, char permission) {
        PartnerAccess access = PartnerAccess.of(auth);
        if (!access.permits("Task", permission) || !access.allows(Purpose.RECORD_CORRECTION)) {
            throw new FhirException(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN,
                    "Your access token does not allow system/Task." + permission + " for record-correction");
        }
    }

    @Get(produces = FhirMediaTypes.FHIR_JSON)
    public HttpResponse<String> search(HttpRequest<?> request, Authentication auth) {
        for (String p : request.getParameters().names()) {
            if (!PARAMS.contains(p)) {
                throw FhirException.invalid("Task search does not take '" + p + "'; it takes status, code, _count");
            }
        }
        String status = request.getParameters().get("status");
        String code = request.getParameters().get("code");
        int count = 50;
        if (request.getParameters().get("_count") != null) {
            try {
                count = Math.max(0, Math.min(200, Integer.parseInt(request.getParameters().get("_count"))));
            } catch (NumberFormatException e) {
                throw FhirException.invalid("_count is a number");
            }
        }
        scope(auth, 's');
        Caller caller = Callers.of(auth);
        ObjectNode bundle = Fhir.json().createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("id", UUID.randomUUID().toString());
        bundle.put("type", "searchset");
        ArrayNode entries = bundle.putArray("entry");
        int n = 0;
        for (CorrectionQueues.Item i : corrections.queue(caller)) {
            if (n >= count) {
                break;
            }
            ObjectNode task;
            try {
                task = corrections.task(caller, i.residentId(), i.taskId());
            } catch (Problem e) {
                continue; // not visible to this caller now: not listed, not counted
            }
            if ((status != null && !status.equals(task.path("status").asText()))
                    || (code != null && !code.equals(task.path("code").path("coding").path(0).path("code").asText())
                            && !code.endsWith("|" + task.path("code").path("coding").path(0).path("code").asText()))) {
                continue;
            }
            ObjectNode e = entries.addObject();
            e.put("fullUrl", "Task/" + i.taskId());
            e.set("resource", task);
            e.putObject("search").put("mode", "match");
            n++;
        }
        bundle.put("total", n);
        // each Task listed was recorded as read above; the search itself is recorded too (even when it found none)
        return gate.listing(caller, List.of(), "a partner system searched its correction queue", HttpResponse
                .ok(Fhir.write(bundle)).contentType(FhirMediaTypes.FHIR_JSON_TYPE).header("Cache-Control", "no-store"));
    }

    @Get(uri = "/{id}", produces = FhirMediaTypes.FHIR_JSON)
    public HttpResponse<String> read(Authentication auth, @PathVariable String id) {
        scope(auth, 'r');
        Caller caller = Callers.of(auth);
        for (CorrectionQueues.Item i : corrections.queue(caller)) {
            if (i.taskId().equals(id)) {
                try {
                    return HttpResponse.ok(Fhir.write(corrections.task(caller, i.residentId(), id)))
                            .contentType(FhirMediaTypes.FHIR_JSON_TYPE).header("Cache-Control", "no-store");
                } catch (Problem e) {
                    break;
                }
            }
        }
        // "not there" is recorded too, before it is said (as a read the gate refuses is)
        throw gate.listing(caller, List.of(), "a partner system asked for a correction request not in its queue",
                FhirException.notFound("Task", id));
    }
}
