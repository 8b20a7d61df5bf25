package org.wellbeingpassport.api.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.audit.StoredEntry;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.http.StoreContentionHandler;
import org.wellbeingpassport.api.store.StoreContentionException;

/**
 * A change the store gave up on after too many other writers of the same passport (its bounded retries): the audit
 * trail says it was not confirmed (never only the success recorded before it), and the caller is told 409 with
 * Retry-After, in the FHIR or the problem shape, without the store's own message.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
class GateContentionTest {
    @Inject
    Gate gate;
    @Inject
    AuditQueries queries;

    @Test
    void aChangeTheStoreCouldNotConfirmIsRecordedAsNotConfirmedAndTheExceptionGoesOn() {
        String resident = "contention-" + System.nanoTime();
        Caller who = new Caller.Resident("test", resident, "Test Resident");
        Gate.Change change = new Gate.Change(who, AuditAction.UPDATE, resident, List.of("Goal/g1"), Optional.empty(),
                "consent", "Goal/g1 written by the resident");
        StoreContentionException thrown = new StoreContentionException("too many concurrent writers on Goal/g1");
        StoreContentionException caught = assertThrows(StoreContentionException.class, () -> gate.change(change, () -> {
            throw thrown;
        }));
        assertSame(thrown, caught);
        List<StoredEntry> entries = queries
                .search(AuditQuery.all().withResident(resident).withAction(AuditAction.UPDATE));
        assertEquals(List.of(AuditOutcome.SUCCESS, AuditOutcome.FAILED),
                entries.stream().map(e -> e.entry().outcome()).toList());
        String detail = entries.get(1).entry().detail().orElseThrow();
        assertTrue(detail.startsWith("Goal/g1 written by the resident; not confirmed: "), detail);
        assertFalse(detail.contains("concurrent writers"), detail);
    }

    @Test
    void aChangeThatWentThroughIsRecordedOnce() {
        String resident = "contention-" + System.nanoTime();
        Gate.Change change = new Gate.Change(new Caller.Resident("test", resident, "Test Resident"), AuditAction.UPDATE,
                resident, List.of("Goal/g1"), Optional.empty(), "consent", "Goal/g1 written");
        assertEquals("done", gate.change(change, () -> "done"));
        assertEquals(List.of(AuditOutcome.SUCCESS),
                queries.search(AuditQuery.all().withResident(resident).withAction(AuditAction.UPDATE)).stream()
                        .map(e -> e.entry().outcome()).toList());
    }

    @Test
    void theCallerIsTold409WithRetryAfterInTheShapeOfTheirApi() {
        StoreContentionHandler handler = new StoreContentionHandler();
        StoreContentionException e = new StoreContentionException("too many concurrent writers on passport x");

        HttpResponse<?> fhir = handler.handle(HttpRequest.PUT("/fhir/Patient/p1", ""), e);
        assertEquals(409, fhir.code());
        assertEquals("1", fhir.getHeaders().get("Retry-After"));
        assertEquals("application/fhir+json", fhir.getContentType().orElseThrow().getName());
        String outcome = (String) fhir.body();
        assertTrue(outcome.contains("\"resourceType\":\"OperationOutcome\""), outcome);
        assertTrue(outcome.contains("\"code\":\"lock-error\""), outcome);
        assertFalse(outcome.contains("concurrent writers"), outcome);

        HttpResponse<?> api = handler.handle(HttpRequest.PUT("/me/passport/Goal/g1", ""), e);
        assertEquals(409, api.code());
        assertEquals("1", api.getHeaders().get("Retry-After"));
        assertEquals("application/problem+json", api.getContentType().orElseThrow().getName());
        Map<?, ?> problem = (Map<?, ?>) api.body();
        assertEquals(409, problem.get("status"));
        assertTrue(String.valueOf(problem.get("detail")).startsWith("Many changes to this record"), problem.toString());
        assertFalse(problem.toString().contains("concurrent writers"), problem.toString());
    }
}
