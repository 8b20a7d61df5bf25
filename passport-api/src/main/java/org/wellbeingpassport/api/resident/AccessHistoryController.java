package org.wellbeingpassport.api.resident;

import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.gate.Gate;

import org.wellbeingpassport.api.audit.ResidentHistory;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.auth.ResidentAccounts;

/** The resident's own access history, in plain language: who saw what of their story, when, why. */
@Controller("/me/access-history")
@Secured("resident")
public class AccessHistoryController {
    private final ResidentHistory history;
    private final ResidentAccounts accounts;
    private final Gate gate;

    AccessHistoryController(ResidentHistory history, ResidentAccounts accounts, Gate gate) {
        this.gate = gate;
        this.history = history;
        this.accounts = accounts;
    }

    /** Who saw what of my story, newest first. */
    public record AccessHistory(List<Item> items) {
    }

    /** One access, in a sentence and in parts. */
    public record Item(String id, String at, String text, String who, List<String> what, String action, String outcome,
            boolean emergencyAccess) {
    }

    @Refuses.Read
    @Refuses.Invalid
    @Get(produces = MediaType.APPLICATION_JSON)
    public AccessHistory mine(Authentication auth, @io.micronaut.core.annotation.Nullable @QueryValue Integer limit) {
        Caller caller = Callers.of(auth);
        String residentId = accounts.passportOf(caller).orElseThrow(Problem::notAvailable);
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            throw Problem.invalid("The limit is 1 to 1000", List.of("limit: 1 to 1000"));
        }
        List<Item> items = history.of(residentId, n).stream().map(i -> new Item(i.entryId(), i.at().toString(),
                i.sentence(), i.who(), i.sections(), i.action(), i.outcome(), i.breakGlass())).toList();
        return gate.ownListing(caller, residentId, "read who saw their record", new AccessHistory(items));
    }
}
