package org.wellbeingpassport.fhir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.example.ExamplePassports;

class StorageFormTest {
    /** The JSON HAPI writes for every resource type we use, one or more of each. */
    private static Map<String, List<String>> examplesByType() {
        Map<String, List<String>> out = new TreeMap<>();
        List<Resource> all = new ArrayList<>();
        for (ExamplePassports.NamedResident r : ExamplePassports.named()) {
            r.passport().getEntry().forEach(e -> all.add(e.getResource()));
        }
        all.addAll(ExamplePassports.directory());
        all.add(ExamplePassports.exampleAuditEvent("jean-whitfield", "prac-sam-okoro", "COC"));
        for (Resource r : all) {
            out.computeIfAbsent(r.fhirType(), k -> new ArrayList<>()).add(Fhir.encode(r));
        }
        return out;
    }

    /** FHIR JSON -> Document -> BSON bytes (the driver's codec) -> Document -> FHIR JSON. */
    private static String viaDocument(String json) {
        Document doc = StorageForm.toDocument(json);
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        new DocumentCodec().encode(new BsonBinaryWriter(buffer), doc, EncoderContext.builder().build());
        Document back = new DocumentCodec().decode(new BsonBinaryReader(ByteBuffer.wrap(buffer.toByteArray())),
                DecoderContext.builder().build());
        return StorageForm.toJson(back);
    }

    /** FHIR JSON -> tree -> BSON bytes (our codec) -> RawBsonDocument -> tree -> FHIR JSON (the read path). */
    private static String viaRaw(String json) {
        RawBsonDocument raw = StorageForm.toRaw(Fhir.tree(json));
        return Fhir.write(StorageForm.toTree(raw));
    }

    @Test
    void everyResourceTypeRoundTripsExactly() {
        Map<String, List<String>> byType = examplesByType();
        assertTrue(byType.keySet()
                .containsAll(List.of("Patient", "Composition", "CarePlan", "CareTeam", "Goal", "ServiceRequest",
                        "Condition", "Observation", "RelatedPerson", "Consent", "Provenance", "AuditEvent",
                        "Organization", "Practitioner", "PractitionerRole")),
                byType.keySet().toString());
        for (Map.Entry<String, List<String>> e : byType.entrySet()) {
            for (String json : e.getValue()) {
                assertEquals(json, viaDocument(json), e.getKey());
                assertEquals(json, viaRaw(json), e.getKey());
            }
        }
    }

    @Test
    void wholePassportBundlesRoundTrip() {
        for (int i = 0; i < 5; i++) {
            Bundle b = ExamplePassports.generated(i);
            String json = Fhir.encode(b);
            assertEquals(json, viaDocument(json));
            assertEquals(json, viaRaw(json));
            assertEquals(json, Fhir.encode(Fhir.parse(viaRaw(json))), "and HAPI reads back the same model");
        }
    }

    @Test
    void decimalsDatesExtensionsContainedAndNullsAsWritten() {
        String json = """
                {"resourceType":"Observation","id":"o1","contained":[{"resourceType":"Practitioner","id":"p1","name":[{"given":["Jo",null,"Ann"],\
                "_given":[null,{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"masked"}]},null]}]}],\
                "extension":[{"url":"https://example.org/x","valueDecimal":1.50},{"url":"https://example.org/y","valueDecimal":0.000000010}],\
                "status":"final","code":{"text":"weight"},"effectiveDateTime":"2026-11-22T10:15:30.250+00:00","issued":"2026-11-22T10:15:30Z",\
                "valueQuantity":{"value":72.500,"unit":"kg"},"referenceRange":[{"low":{"value":-0.50},"high":{"value":100}}],\
                "component":[{"code":{"text":"big"},"valueInteger":2147483647},{"code":{"text":"bigger"},"valueQuantity":{"value":12345678901234567890.123}}],\
                "performer":[{"reference":"#p1"}],"_status":{"id":"s"}}""";
        assertEquals(json, viaDocument(json));
        assertEquals(json, viaRaw(json));
        Document doc = StorageForm.toDocument(json);
        Object decimal = doc.getList("extension", Document.class).get(0).get("valueDecimal");
        assertInstanceOf(Decimal128.class, decimal, "decimals are stored as Decimal128, never a double");
        assertEquals("1.50", decimal.toString());
        assertEquals("2026-11-22T10:15:30.250+00:00", doc.getString("effectiveDateTime"), "dates stay as written");
    }

    @Test
    void codecMatchesTheDocumentForm() {
        String json = Fhir.encode(ExamplePassports.named("gareth-pryce").passport());
        ObjectNode tree = Fhir.tree(json);
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        new FhirJsonCodec().encode(new BsonBinaryWriter(buffer), tree, EncoderContext.builder().build());
        byte[] bytes = buffer.toByteArray();
        Document viaDriver = new DocumentCodec().decode(new BsonBinaryReader(ByteBuffer.wrap(bytes)),
                DecoderContext.builder().build());
        assertEquals(StorageForm.toDocument(json), viaDriver);
        ObjectNode back = new FhirJsonCodec().decode(new BsonBinaryReader(ByteBuffer.wrap(bytes)),
                DecoderContext.builder().build());
        assertEquals(json, Fhir.write(back));
    }
}
