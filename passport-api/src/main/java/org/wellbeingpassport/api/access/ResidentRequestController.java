package org.wellbeingpassport.api.access;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.LinkedHashMap;
import java.util.Map;

/** The resident answers requests for access: approve (all or some sections, until a date) or refuse. */
@Controller("/me/requests")
@Secured("resident")
public class ResidentRequestController {
    private final AccessRequests requests;
    private final Me me;

    public ResidentRequestController(AccessRequests requests, Me me) {
        this.requests = requests;
        this.me = me;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> pending(Authentication auth) {
        Me.Resident r = me.resident(auth);
        return HttpResponse.ok(Map.<String, Object>of("requests", requests.pendingFor(r.residentId())))
                .header("Cache-Control", "no-store");
    }

    @Post(uri = "/{id}/approve", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> approve(Authentication auth, @PathVariable String id,
            @Nullable @Body String body) {
        Me.Resident r = me.resident(auth);
        var json = Bodies.parse(body, "sections", "until");
        AccessRequests.Approval a = requests.approve(r.caller(), r.residentId(), id,
                Bodies.optionalSections(json, "sections"), Bodies.optionalDate(json, "until"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("status", "approved");
        out.put("sections", a.sections());
        out.put("until", a.until().toString());
        out.put("provisionId", a.provisionId());
        return HttpResponse.ok(out);
    }

    @Post(uri = "/{id}/refuse", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> refuse(Authentication auth, @PathVariable String id,
            @Nullable @Body String body) {
        Me.Resident r = me.resident(auth);
        requests.refuse(r.caller(), r.residentId(), id);
        return HttpResponse.ok(Map.<String, Object>of("id", id, "status", "refused"));
    }

}
