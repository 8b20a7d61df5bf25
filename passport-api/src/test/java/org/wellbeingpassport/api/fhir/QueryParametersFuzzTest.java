package org.wellbeingpassport.api.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micronaut.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.wellbeingpassport.api.http.FhirException;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.http.Purposes;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * Fuzzing the query parameters we parse ourselves (Micronaut binds the others, and the HTTP fuzz of every route,
 * RoutesFuzzTest, sends them bad values): the query of a batch or transaction GET entry (Type?patient=...&_count=...,
 * read by {@link Searches#query(String)}) is parameters or a {@link FhirException} with a 400, never another exception;
 * the If-None-Exist header of a conditional create is a condition or a 400; and a purpose of use is a known code, or a 400 (absent) or 422 (unknown) Problem. Seeds:
 * QueryParametersFuzzTestInputs/.
 */
class QueryParametersFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void batchEntryQueries(byte[] input) {
        String query = new String(input, StandardCharsets.UTF_8);
        try {
            Map<String, List<String>> params = Searches.query(query);
            params.forEach((k, v) -> {
                assertNotNull(k);
                assertTrue(!v.isEmpty(), k);
            });
        } catch (FhirException e) {
            assertEquals(HttpStatus.BAD_REQUEST, e.status(), e.getMessage());
        }
    }

    /** The If-None-Exist header of a conditional create (identifier=system|value): a condition or a 400. */
    @FuzzTest(maxDuration = "60s")
    void ifNoneExist(byte[] input) {
        String header = new String(input, StandardCharsets.UTF_8);
        try {
            String[] condition = PartnerWrites.identifierCondition(header);
            assertEquals(2, condition.length);
        } catch (FhirException e) {
            assertEquals(HttpStatus.BAD_REQUEST, e.status(), e.getMessage());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void purposes(byte[] input) {
        String code = new String(input, StandardCharsets.UTF_8);
        try {
            Purpose p = Purposes.query(code);
            assertEquals(code, p.code());
        } catch (Problem e) {
            int status = e.status().getCode();
            assertTrue(status == 400 || status == 422, "a purpose that is not one is a 400 or 422: " + status);
        }
    }
}
