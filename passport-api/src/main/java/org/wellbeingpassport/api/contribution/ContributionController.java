package org.wellbeingpassport.api.contribution;

import org.wellbeingpassport.api.http.Refuses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import org.wellbeingpassport.api.gate.Gate;
import java.util.Optional;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.http.FhirMediaTypes;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.http.Purposes;
import org.wellbeingpassport.fhir.Fhir;

/**
 * Professionals: propose an entry (goal, referral, measure or note) for a resident's passport, for a stated purpose,
 * only while they may see something of it; and read what they have been told (e.g. that an entry of theirs is
 * disputed).
 */
@Controller
@Secured("professional")
public class ContributionController {
    private final Contributions contributions;
    private final ProfessionalNotifications notifications;
    private final Gate gate;

    public ContributionController(Contributions contributions, ProfessionalNotifications notifications, Gate gate) {
        this.gate = gate;
        this.contributions = contributions;
        this.notifications = notifications;
    }

    /** Proposes a Goal, ServiceRequest (referral) or Observation (measure, or a note coded with a story section). */
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
            @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/fhir+json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Resource.class)),
            @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Resource.class))})
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "proposed: the entry as stored", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/fhir+json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Resource.class)))
    @Refuses.Change
    @Post(uri = "/passports/{residentId}/entries", consumes = {FhirMediaTypes.FHIR_JSON,
            MediaType.APPLICATION_JSON}, produces = FhirMediaTypes.FHIR_JSON)
    public HttpResponse<byte[]> contribute(HttpRequest<?> request, Authentication auth, @PathVariable String residentId,
            @Nullable @QueryValue String purpose, @Nullable @Body String body) {
        var why = Purposes.query(purpose);
        Contributions.Contributed c = contributions.contribute(professional(auth), residentId, why, body,
                Optional.of(request.getRemoteAddress().getAddress().getHostAddress()));
        return HttpResponse.<byte[]>created(Fhir.writeBytes(c.resource()))
                .header("Location",
                        "/passports/" + residentId + "/entries/" + c.type() + "/" + c.id() + "?purpose=" + why.code())
                .header("ETag", "W/\"" + c.version() + "\"").contentType(FhirMediaTypes.FHIR_JSON_TYPE)
                .header("Cache-Control", "no-store");
    }

    /** One entry of a passport, such as the one I proposed, exactly as a read for this purpose would disclose it. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "the entry as a read for this purpose discloses it", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/fhir+json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Resource.class)))
    @Refuses.Change
    @Get(uri = "/passports/{residentId}/entries/{type}/{id}", produces = FhirMediaTypes.FHIR_JSON)
    public HttpResponse<byte[]> entry(HttpRequest<?> request, Authentication auth, @PathVariable String residentId,
            @PathVariable String type, @PathVariable String id, @Nullable @QueryValue String purpose) {
        var why = Purposes.query(purpose);
        return contributions
                .read(professional(auth), residentId, why, type, id,
                        Optional.of(request.getRemoteAddress().getAddress().getHostAddress()))
                .map(r -> HttpResponse.ok(Fhir.writeBytes(r)).contentType(FhirMediaTypes.FHIR_JSON_TYPE)
                        .header("Cache-Control", "no-store"))
                .orElseThrow(Problem::notAvailable);
    }

    /** What I have been told, newest first: disputes of entries I wrote, and their resolution. */
    @Refuses.Caller
    @Refuses.AuditDown
    @Get(uri = "/notifications", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<org.wellbeingpassport.api.gate.NoticeList> notices(Authentication auth) {
        Caller.Professional me = professional(auth);
        List<org.wellbeingpassport.api.gate.NoticeItem> notices = notifications.list(me.subject());
        return gate.listing(me,
                notices.stream().map(org.wellbeingpassport.api.gate.NoticeItem::resident)
                        .filter(java.util.Objects::nonNull).toList(),
                "a professional read their notices",
                HttpResponse.ok(new org.wellbeingpassport.api.gate.NoticeList(notices)).header("Cache-Control",
                        "no-store"));
    }

    private static Caller.Professional professional(Authentication auth) {
        if (Callers.of(auth) instanceof Caller.Professional p) {
            return p;
        }
        throw new Problem(io.micronaut.http.HttpStatus.FORBIDDEN, "Forbidden", "Only professionals can do this.");
    }
}
