package org.wellbeingpassport.api.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.wellbeingpassport.api.http.BodyErrors;
import java.util.Optional;
import org.wellbeingpassport.api.http.Problem;

/**
 * Fuzzing the access flows' edge parsers: request bodies (read into each access route's record as the service reads
 * them) and typed share codes. A body either reads or is refused with a 400 or 422 Problem that carries no parser
 * message; nothing else may escape, since anything else is a 500.
 * Seeds: EdgeParsersFuzzTestInputs/.
 */
class EdgeParsersFuzzTest {
    /** The service's reader (application.yml's jackson settings): closed, strict, no coercion. */
    static final ObjectMapper READER = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                    DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT).disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    @FuzzTest(maxDuration = "60s")
    void requestBodies(FuzzedDataProvider data) {
        Class<?> type = data.pickValue(new Class<?>[]{AccessRequestForm.class, ShareCodeForm.class, RedeemForm.class,
                CarerForm.class, ApprovalForm.class, BreakGlassForm.class});
        String body = data.consumeRemainingAsString();
        try {
            READER.readValue(body, type);
        } catch (JsonProcessingException e) {
            Problem p = BodyErrors.of(e);
            int status = p.status().getCode();
            assertTrue(status == 400 || status == 422, "a body that cannot be read is a 400 or 422: " + status);
            // the problem names an unknown field (closed parsing), which may look like a class name (a finding of
            // the first long run, 3 December 2026: a field "mjava.i{s"); what it must not carry is the parser's own
            String m = p.getMessage();
            assertFalse(m.contains("com.fasterxml") && !body.contains("com.fasterxml")
                    || m.contains("java.") && !body.contains("java."), "no parser message: " + m);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void typedShareCodes(FuzzedDataProvider data) {
        String typed = data.consumeRemainingAsString();
        Optional<String> code = ShareCodes.normalise(typed);
        code.ifPresent(c -> {
            assertEquals(ShareCodes.LENGTH, c.length(), c);
            assertTrue(c.chars().allMatch(ch -> new String(ShareCodes.ALPHABET).indexOf(ch) >= 0), c);
            // a canonical code is its own canonical form, and so is its display form
            assertEquals(code, ShareCodes.normalise(c));
            assertEquals(code, ShareCodes.normalise(ShareCodes.display(c)));
        });
    }
}
