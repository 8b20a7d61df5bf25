package org.wellbeingpassport.api.corrections;

import org.wellbeingpassport.api.passport.Disputes;
import io.micronaut.core.annotation.Introspected;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.Valid;
import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.gate.Gate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wellbeingpassport.api.auth.Callers;

/**
 * The author's review queue (professionals): the requests addressed to them or their organisation, by reference; one
 * request with its messages; and the steps of the guide's workflow: review, ask, accept (amend), partial accept,
 * decline. Anything not in the caller's queue, or about an entry they cannot see, is the one 404.
 */
@Controller("/corrections")
@Secured("professional")
public class ReviewController {
    private final Corrections corrections;
    private final Gate gate;

    public ReviewController(Corrections corrections, Gate gate) {
        this.gate = gate;
        this.corrections = corrections;
    }

    /** A question for the resident: {"question": "..."}. */
    @Introspected
    public record AskBody(@NotBlank @Size(max = Corrections.MAX_WORDS) String question) {
    }

    /** A decline: {"reason": "..."}. */
    @Introspected
    public record DeclineBody(@NotBlank @Size(max = Corrections.MAX_WORDS) String reason) {
    }

    /**
     * An acceptance: the corrected words of a story section ({@code text}) or the corrected entry ({@code resource},
     * FHIR JSON); {@code answer} optional; {@code declined} (what was not accepted, and why) makes it partial.
     */
    @Introspected
    public record AcceptBody(
            @Nullable @Size(max = Corrections.MAX_WORDS) @Pattern(regexp = Corrections.NOT_BLANK, message = "must not be blank") String text,
            @Nullable ObjectNode resource,
            @Nullable @Size(max = Corrections.MAX_WORDS) @Pattern(regexp = Corrections.NOT_BLANK, message = "must not be blank") String answer,
            @Nullable @Size(max = Corrections.MAX_WORDS) @Pattern(regexp = Corrections.NOT_BLANK, message = "must not be blank") String declined) {
    }

    @Refuses.Caller
    @Refuses.AuditDown
    @Get(uri = "/queue", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Queue> queue(Authentication auth) {
        List<QueueItem> items = new ArrayList<>();
        List<String> residents = new ArrayList<>();
        for (CorrectionQueues.Item i : corrections.queue(Callers.of(auth))) {
            residents.add(i.residentId());
            items.add(new QueueItem(i.residentId(), i.taskId(), i.entry(), i.section().orElse(null), i.stage(),
                    i.at().toString()));
        }
        return gate.listing(Callers.of(auth), residents, "an author read their correction queue",
                noStore(new Queue(items)));
    }

    /** The request (as the FHIR Task the resident addressed to the author) and the messages about it. */
    @Refuses.Read
    @Get(uri = "/{residentId}/{taskId}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<TaskView> one(Authentication auth, @PathVariable String residentId,
            @PathVariable String taskId) {
        ObjectNode task = corrections.task(Callers.of(auth), residentId, taskId);
        return noStore(new TaskView(task, corrections.messagesFor(Callers.of(auth), residentId, taskId)));
    }

    @Refuses.Read
    @Refuses.Conflict
    @Post(uri = "/{residentId}/{taskId}/review", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Disputes.View> review(Authentication auth, @PathVariable String residentId,
            @PathVariable String taskId) {
        return noStore(corrections.review(Callers.of(auth), residentId, taskId));
    }

    @Refuses.Change
    @Refuses.Conflict
    @Post(uri = "/{residentId}/{taskId}/ask", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Disputes.View> ask(Authentication auth, @PathVariable String residentId,
            @PathVariable String taskId, @Valid @Body AskBody body) {
        return noStore(corrections.ask(Callers.of(auth), residentId, taskId, body.question().strip()));
    }

    @Refuses.Change
    @Refuses.Conflict
    @Post(uri = "/{residentId}/{taskId}/decline", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Disputes.View> decline(Authentication auth, @PathVariable String residentId,
            @PathVariable String taskId, @Valid @Body DeclineBody body) {
        return noStore(corrections.decline(Callers.of(auth), residentId, taskId, body.reason().strip()));
    }

    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(mediaType = io.micronaut.http.MediaType.APPLICATION_JSON, schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = AcceptForm.class)))
    @Refuses.Change
    @Refuses.Conflict
    @Post(uri = "/{residentId}/{taskId}/accept", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Disputes.View> accept(Authentication auth, @PathVariable String residentId,
            @PathVariable String taskId, @Valid @Body AcceptBody b) {
        Corrections.Amendment a = new Corrections.Amendment(Corrections.stripped(b.text()),
                Optional.ofNullable(b.resource()));
        return noStore(corrections.accept(Callers.of(auth), residentId, taskId, a, Corrections.stripped(b.answer()),
                Corrections.stripped(b.declined())));
    }

    /** The requests waiting for me as an author, and where each stands. */
    public record Queue(List<QueueItem> requests) {
    }

    /** One request in my queue: whose record, which entry (and section), its stage, when it last moved. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record QueueItem(String resident, String request, String entry, @Nullable String section, String status,
            String updated) {
    }

    /** A request as the FHIR Task the resident addressed to me, with the messages about it. */
    public record TaskView(
            @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.Resource.class) ObjectNode task,
            List<Disputes.Message> messages) {
    }

    private static <T> MutableHttpResponse<T> noStore(T body) {
        return HttpResponse.ok(body).header("Cache-Control", "no-store");
    }
}
