package org.wellbeingpassport.api.resident;

import org.wellbeingpassport.api.auth.ResidentAccounts;

import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.http.Problem;

/** The passport a signed-in resident owns; no passport yet is a 404 telling them how to start one. */
final class MyPassport {
    private MyPassport() {
    }

    static String of(ResidentAccounts accounts, Caller caller) {
        return accounts.passportOf(caller)
                .orElseThrow(() -> new Problem(io.micronaut.http.HttpStatus.NOT_FOUND, "No passport yet",
                        "You have not started a passport yet. You can start one with your name and date of birth."));
    }
}
