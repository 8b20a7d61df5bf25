package org.wellbeingpassport.api.access;

import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.auth.ResidentAccounts;

/** Who is calling, in the shapes the access flows need; anything else is the one 404 or a 403. */
@Singleton
final class Me {
    private final ResidentAccounts accounts;

    Me(ResidentAccounts accounts) {
        this.accounts = accounts;
    }

    /** The signed-in resident and the id of their own passport (404 when their sign-in has none). */
    record Resident(Caller caller, String residentId) {
    }

    Resident resident(Authentication auth) {
        Caller caller = Callers.of(auth);
        if (!(caller instanceof Caller.Resident)) {
            throw Problem.forbidden("Only the resident can do this.");
        }
        return new Resident(caller, accounts.passportOf(caller).orElseThrow(Problem::notAvailable));
    }

    static Caller.Professional professional(Authentication auth) {
        Caller caller = Callers.of(auth);
        if (caller instanceof Caller.Professional p) {
            return p;
        }
        throw Problem.forbidden("Only professionals can do this.");
    }

    static Caller.Carer carer(Authentication auth) {
        Caller caller = Callers.of(auth);
        if (caller instanceof Caller.Carer c) {
            return c;
        }
        throw Problem.forbidden("Only carers can do this.");
    }
}
