package org.wellbeingpassport.api.corrections;

import io.micronaut.core.annotation.Introspected;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.Valid;
import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.gate.Gate;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.passport.Disputes;

/**
 * The resident's side of corrections: ask the author of an entry to correct it (a dispute: the entry stays, the
 * request travels with it), follow the request at every step, answer the author's question, resolve or withdraw it,
 * and after a decline add a statement of disagreement that travels with the entry. Always their own passport.
 */
@Controller("/me")
@Secured("resident")
public class ResidentCorrectionsController {
    private final ResidentAccounts accounts;
    private final Corrections corrections;
    private final Gate gate;

    public ResidentCorrectionsController(ResidentAccounts accounts, Corrections corrections, Gate gate) {
        this.gate = gate;
        this.accounts = accounts;
        this.corrections = corrections;
    }

    /** The body of a request: {"reason": "...", "section": "living-situation"} (section optional). */
    @Introspected
    public record RequestBody(@NotBlank @Size(max = Corrections.MAX_WORDS) String reason,
            @Nullable @Size(max = 64) @Pattern(regexp = Corrections.NOT_BLANK, message = "must not be blank") String section) {
    }

    /** A closing: {"outcome": "resolved"} (the default) or {"outcome": "withdrawn"}. */
    @Introspected
    public record ClosingBody(
            @Nullable @Pattern(regexp = "resolved|withdrawn", message = "resolved or withdrawn") String outcome) {
    }

    /** Words: an answer to the author's question, or a statement of disagreement. */
    @Introspected
    public record WordsBody(@NotBlank @Size(max = Corrections.MAX_WORDS) String words) {
    }

    /** I ask the author to correct an entry (optionally one story section), saying what is wrong. */
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Refuses.Change
    @Refuses.Conflict
    @Post(uri = "/passport/{type}/{id}/dispute", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Disputes.View> request(Authentication auth, @PathVariable String type, @PathVariable String id,
            @Valid @Body RequestBody b) {
        Disputes.View made = corrections.request(Callers.of(auth), mine(auth), type, id,
                Corrections.stripped(b.section()), b.reason().strip());
        return HttpResponse.<Disputes.View>status(HttpStatus.CREATED).body(made)
                .header("Location", "/me/disputes/" + made.id()).header("Cache-Control", "no-store");
    }

    /** My requests and disagreements, open first, with their status in the guide's words. */
    @Refuses.Read
    @Get(uri = "/disputes", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<MyDisputes> list(Authentication auth) {
        String rid = mine(auth);
        return gate.ownListing(Callers.of(auth), rid, "read their correction requests",
                noStore(new MyDisputes(corrections.mine(rid))));
    }

    /** One request, with the messages about it. */
    @Refuses.Read
    @Get(uri = "/disputes/{taskId}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Disputes.View> one(Authentication auth, @PathVariable String taskId) {
        String rid = mine(auth);
        return gate.ownListing(Callers.of(auth), rid, "read a correction request of theirs",
                noStore(corrections.one(rid, taskId)));
    }

    @Refuses.Change
    @Refuses.Conflict
    @Post(uri = "/disputes/{taskId}/resolve", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Disputes.View> close(Authentication auth, @PathVariable String taskId,
            @Nullable @Valid @Body ClosingBody body) {
        String outcome = body == null || body.outcome() == null ? "resolved" : body.outcome();
        Disputes.Closing how = Disputes.Closing.fromCode(outcome).orElseThrow();
        return noStore(corrections.close(Callers.of(auth), mine(auth), taskId, how));
    }

    /** I answer the author's question. */
    @Refuses.Change
    @Refuses.Conflict
    @Post(uri = "/disputes/{taskId}/reply", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Disputes.View> reply(Authentication auth, @PathVariable String taskId,
            @Valid @Body WordsBody body) {
        return noStore(corrections.reply(Callers.of(auth), mine(auth), taskId, body.words().strip()));
    }

    /** After a decline: my statement of disagreement, which then goes with the entry wherever it is shared. */
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Refuses.Change
    @Refuses.Conflict
    @Post(uri = "/disputes/{taskId}/disagreement", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Disputes.View> disagree(Authentication auth, @PathVariable String taskId,
            @Valid @Body WordsBody body) {
        Disputes.View made = corrections.disagree(Callers.of(auth), mine(auth), taskId, body.words().strip());
        return HttpResponse.<Disputes.View>status(HttpStatus.CREATED).body(made).header("Cache-Control", "no-store");
    }

    /** My requests and disagreements. */
    public record MyDisputes(List<Disputes.View> disputes) {
    }

    private String mine(Authentication auth) {
        return accounts.passportOf(Callers.of(auth)).orElseThrow(Problem::notAvailable);
    }

    private static <T> MutableHttpResponse<T> noStore(T body) {
        return HttpResponse.ok(body).header("Cache-Control", "no-store");
    }
}
