package org.wellbeingpassport.api.resident;

import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.gate.Gate;

import org.wellbeingpassport.api.audit.ResidentHistory;
import org.wellbeingpassport.api.audit.AccessHistoryItem;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Refuses.Malformed
    @Refuses.Caller
    @Refuses.NotFound
    @Refuses.Invalid
    @Refuses.AuditDown
    @Get(produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> mine(Authentication auth, @QueryValue Optional<Integer> limit) {
        Caller caller = Callers.of(auth);
        String residentId = accounts.passportOf(caller).orElseThrow(Problem::notAvailable);
        int n = limit.orElse(100);
        if (n < 1 || n > 1000) {
            throw Problem.invalid("The limit is 1 to 1000", List.of("limit: 1 to 1000"));
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (AccessHistoryItem i : history.of(residentId, n)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", i.entryId());
            m.put("at", i.at().toString());
            m.put("text", i.sentence());
            m.put("who", i.who());
            m.put("what", i.sections());
            m.put("action", i.action());
            m.put("outcome", i.outcome());
            m.put("emergencyAccess", i.breakGlass());
            items.add(m);
        }
        return gate.ownListing(caller, residentId, "read who saw their record", Map.<String, Object>of("items", items));
    }
}
