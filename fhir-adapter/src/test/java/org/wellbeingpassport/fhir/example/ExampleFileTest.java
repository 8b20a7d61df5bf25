package org.wellbeingpassport.fhir.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.TestPassports;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/** The documented example file is what the code produces, and it is valid. */
class ExampleFileTest {
    static String exampleFile() throws IOException {
        try (InputStream in = ExampleFileTest.class.getResourceAsStream("/examples/passport-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What the file must hold: the documented example, pretty-printed by HAPI. */
    static String expected() {
        return Fhir.jsonParser().setPrettyPrint(true).encodeResourceToString(ExamplePassports.documentedExample())
                + "\n";
    }

    @Test
    void exampleFileIsCurrentAndValid() throws IOException {
        String file = exampleFile();
        assertEquals(expected(), file,
                "regenerate src/main/resources/examples/passport-example.json from ExamplePassports");
        Bundle b = Fhir.parse(Bundle.class, file);
        ValidationReport report = TestPassports.validator().validate(b);
        assertTrue(report.valid(), report.errors().toString());
    }
}
