package org.wellbeingpassport.api.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzing the Content-Type check that stands before every body route: whatever the header, it answers (never
 * throws), and it accepts only what names no charset or UTF-8/US-ASCII. Seeds: RequestCharsetsFuzzTestInputs/.
 */
class RequestCharsetsFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void anyContentType(FuzzedDataProvider data) {
        String type = data.consumeRemainingAsString();
        boolean ok = RequestCharsets.acceptable(type);
        if (ok) {
            assertTrue(RequestCharsets.charsets(type).size() <= 1, type);
        }
    }
}
