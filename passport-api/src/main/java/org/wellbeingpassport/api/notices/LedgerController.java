package org.wellbeingpassport.api.notices;

import org.wellbeingpassport.api.http.Refuses;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.auth.Caller;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wellbeingpassport.api.audit.AuditAgent;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.api.http.Problem;

/**
 * The resident's disclosure ledger: who received which version of which part of their passport, when and for what
 * purpose; and who was told since that something they received changed meaning, and when.
 */
@Controller("/me/disclosures")
@Secured("resident")
public class LedgerController {
    private final ResidentAccounts accounts;
    private final Ledger ledger;
    private final Gate gate;

    public LedgerController(ResidentAccounts accounts, Ledger ledger, Gate gate) {
        this.gate = gate;
        this.accounts = accounts;
        this.ledger = ledger;
    }

    @Refuses.Caller
    @Refuses.NotFound
    @Refuses.AuditDown
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> mine(Authentication auth) {
        Caller me = Callers.of(auth);
        String rid = accounts.passportOf(me).orElseThrow(Problem::notAvailable);
        List<Map<String, Object>> received = new ArrayList<>();
        for (Ledger.Received r : ledger.received(rid)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("recipient", who(r.recipient()));
            m.put("element", r.element());
            r.version().ifPresent(v -> m.put("version", v));
            m.put("at", r.at().toString());
            r.purpose().ifPresent(p -> m.put("purpose", p));
            received.add(m);
        }
        List<Map<String, Object>> told = new ArrayList<>();
        for (Ledger.Told t : ledger.told(rid)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("recipient", who(t.recipient()));
            m.put("kind", t.kind());
            m.put("about", t.about());
            m.put("at", t.at().toString());
            told.add(m);
        }
        return gate.ownListing(me, rid, "read who received their data and who was told", HttpResponse
                .ok(Map.<String, Object>of("received", received, "told", told)).header("Cache-Control", "no-store"));
    }

    private static Map<String, Object> who(AuditAgent a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", a.kind());
        m.put("id", a.id());
        m.put("name", a.name());
        a.organisationId().ifPresent(o -> m.put("organisation", o));
        a.organisationName().ifPresent(o -> m.put("organisationName", o));
        return m;
    }
}
