package org.wellbeingpassport.fhir.example;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Regenerates src/main/resources/examples/passport-example.json (run from the module directory). */
public final class WriteExampleFile {
    private WriteExampleFile() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "src/main/resources/examples/passport-example.json");
        Files.writeString(out, ExampleFileTest.expected(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }
}
