package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.passport.IdentifierIndex;

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
import java.util.List;
import java.util.Map;
import org.wellbeingpassport.api.http.Problem;

/**
 * A professional asks for access at first contact. The answer is always 202 "pending" with a request id, whether or
 * not a passport matched: nobody learns from asking who has one. Limited to {@value AccessRequests#REQUESTS_PER_HOUR}
 * requests an hour per professional (counted in the store, across instances).
 */
@Controller("/access-requests")
@Secured("professional")
public class AccessRequestController {
    private final AccessRequests requests;

    public AccessRequestController(AccessRequests requests) {
        this.requests = requests;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> ask(Authentication auth, @Body String body) {
        var caller = Me.professional(auth);
        var json = Bodies.parse(body, "nhsNumber", "birthDate", "purpose", "sections", "reason");
        String nhs = Bodies.text(json, "nhsNumber", 32);
        String birthDate = Bodies.text(json, "birthDate", 10);
        if (!birthDate.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
            throw Problem.invalid("'birthDate' must be a date such as 1987-04-12", List.of("birthDate: YYYY-MM-DD"));
        }
        if (IdentifierIndex.normalise(nhs).isEmpty()) {
            throw Problem.invalid("'nhsNumber' must be 10 digits", List.of("nhsNumber: 10 digits"));
        }
        var purpose = Bodies.purpose(json, "purpose");
        var sections = Bodies.sections(json, "sections");
        String reason = Bodies.text(json, "reason", 500);
        String id = requests.file(caller, nhs, birthDate, purpose, sections, reason);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("status", "pending");
        return HttpResponse.<Map<String, Object>>accepted().body(out).header("Location", "/access-requests/" + id)
                .header("Cache-Control", "no-store");
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> status(Authentication auth, @PathVariable String id) {
        var caller = Me.professional(auth);
        return HttpResponse.ok(requests.forRequester(caller, id).orElseThrow(Problem::notAvailable))
                .header("Cache-Control", "no-store");
    }
}
