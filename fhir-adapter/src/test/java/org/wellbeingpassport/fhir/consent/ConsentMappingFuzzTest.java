package org.wellbeingpassport.fhir.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.fhir.Fhir;

/**
 * Fuzzing the Consent mapping at the door (PUT /me/consent): {@link ConsentMapping#directives(String)} reads any bytes
 * into the resident's directives or into problems, never an exception (issue 17 found two null pointers here: an
 * extension without url, a whole-record extension with a null valueBoolean). A read is either a value and no
 * problem, or problems and no value, every problem naming its path (it starts with "Consent"); and what it reads
 * writes back to a Consent that reads as the same directives. Seeds: ConsentMappingFuzzTestInputs/.
 */
class ConsentMappingFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void consents(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        ConsentMapping.Read<DirectiveSet> read = ConsentMapping.directives(json);
        assertNotNull(read);
        for (String p : read.problems()) {
            assertTrue(p.startsWith("Consent"), "a problem names its path: " + p);
        }
        if (read.ok()) {
            assertEquals(0, read.problems().size(), "a value and problems: " + read.problems());
            DirectiveSet d = read.orElseThrow();
            ConsentMapping.Read<DirectiveSet> again = ConsentMapping.directives(Fhir.encode(ConsentMapping.toFhir(d)));
            assertTrue(again.ok(), "read, written, not read again: " + again.problems());
            assertEquals(d, again.orElseThrow(), "read, written and read again, not the same directives");
        } else {
            assertFalse(read.problems().isEmpty(), "neither a value nor a problem");
        }
    }
}
