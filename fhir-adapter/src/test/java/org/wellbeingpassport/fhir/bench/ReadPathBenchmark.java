package org.wellbeingpassport.fhir.bench;

import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.hl7.fhir.r4.model.Bundle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.wellbeingpassport.consent.AccessRequest;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.CompiledPolicy;
import org.wellbeingpassport.consent.ConsentEngine;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Organisation;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.example.ExamplePassports;
import org.wellbeingpassport.fhir.path.PassportItems;
import org.wellbeingpassport.fhir.path.ResourceItems;
import org.wellbeingpassport.fhir.redact.EngineRedaction;
import org.wellbeingpassport.fhir.redact.HapiRedactor;
import org.wellbeingpassport.fhir.redact.JsonRedactor;
import org.wellbeingpassport.fhir.redact.Redaction;
import org.wellbeingpassport.fhir.store.StorageForm;

/**
 * The read path for one typical passport (about 40 resources): HAPI parse and encode against
 * Jackson, the storage-form options, redaction against serialisation. One thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReadPathBenchmark {
    String residentId;
    Bundle model;
    String json;
    byte[] jsonBytes;
    ObjectNode tree;
    byte[] bsonNative;
    byte[] bsonWithJsonStrings;
    CompiledPolicy policy;
    Map<String, Redaction> decided;
    PassportItems items;

    /** The generated passport with the most resources among the first 100 (deterministic). */
    static int typicalIndex() {
        int best = 0;
        int most = 0;
        for (int i = 0; i < 100; i++) {
            int n = ExamplePassports.generated(i).getEntry().size();
            if (n > most && n <= 40) {
                most = n;
                best = i;
            }
        }
        return best;
    }

    @Setup
    public void setup() {
        int index = typicalIndex();
        residentId = ExamplePassports.generatedPatientId(index);
        model = ExamplePassports.generated(index);
        json = Fhir.encode(model);
        jsonBytes = json.getBytes(StandardCharsets.UTF_8);
        tree = Fhir.tree(json);
        bsonNative = StorageForm.toBytes(tree);
        Document strings = new Document("_id", residentId);
        List<String> resources = new java.util.ArrayList<>();
        for (JsonNode e : tree.path("entry")) {
            resources.add(Fhir.write(e.get("resource")));
        }
        strings.append("resources", resources);
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        new DocumentCodec().encode(new BsonBinaryWriter(buffer), strings, EncoderContext.builder().build());
        bsonWithJsonStrings = buffer.toByteArray();

        // a link worker granted the asset-based summary and the plan: a typical partial disclosure
        Actor linkWorker = new Actor.Professional("prac-sam-okoro", "Sam Okoro",
                ProfessionalRole.SOCIAL_PRESCRIBING_LINK_WORKER, new Organisation("org-leasowe-lane-practice",
                        "Leasowe Lane Medical Practice", OrganisationType.GP_PRACTICE));
        DirectiveSet directives = DirectiveSet.restore(residentId, 1, List.of(Provision.permit("summary")
                .to(Recipient.role(ProfessionalRole.SOCIAL_PRESCRIBING_LINK_WORKER))
                .forPurposes(Purpose.CARE_COORDINATION).grantedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .covering(org.wellbeingpassport.consent.Scope.sections(StorySection.ABOUT_ME, StorySection.WHAT_MATTERS,
                        StorySection.GOALS, StorySection.STRENGTHS, StorySection.COMMUNICATION, StorySection.CARE_PLAN,
                        StorySection.SUPPORT_NETWORK, StorySection.IDENTITY))
                .build())).orElseThrow();
        policy = ConsentEngine.standard().compile(directives,
                AccessRequest.of(linkWorker, Purpose.CARE_COORDINATION, Instant.parse("2026-11-22T10:00:00Z")));
        items = PassportItems.of(residentId, tree);
        decided = new HashMap<>();
        for (JsonNode e : tree.path("entry")) {
            JsonNode r = e.get("resource");
            decided.put(key(r), EngineRedaction.decide(policy, ResourceItems.of(residentId, r)));
        }
    }

    static String key(JsonNode r) {
        return r.path("resourceType").asText() + "/" + r.path("id").asText();
    }

    // ---------------------------------------------------------------- parse and serialise

    @Benchmark
    public Bundle hapiParse() {
        IParser p = Fhir.jsonParser();
        return p.parseResource(Bundle.class, json);
    }

    @Benchmark
    public String hapiEncode() {
        return Fhir.jsonParser().encodeResourceToString(model);
    }

    @Benchmark
    public JsonNode jacksonParse() {
        return Fhir.tree(jsonBytes);
    }

    @Benchmark
    public byte[] jacksonWrite() {
        return Fhir.writeBytes(tree);
    }

    // ---------------------------------------------------------------- the stored form to a tree

    /** Native BSON (Decimal128 etc.) straight into a Jackson tree (RawBsonDocument or the codec). */
    @Benchmark
    public ObjectNode storedNativeToTree() {
        return StorageForm.toTree(new RawBsonDocument(bsonNative));
    }

    /** Native BSON decoded to a Document by the driver's codec, then converted. */
    @Benchmark
    public ObjectNode storedNativeViaDocument() {
        Document d = new DocumentCodec().decode(new BsonBinaryReader(ByteBuffer.wrap(bsonNative)),
                DecoderContext.builder().build());
        return StorageForm.toTree(d);
    }

    /** Each resource stored as a JSON string inside the document, parsed by Jackson. */
    @Benchmark
    public int storedJsonStringsToTrees() {
        Document d = new DocumentCodec().decode(new BsonBinaryReader(ByteBuffer.wrap(bsonWithJsonStrings)),
                DecoderContext.builder().build());
        int n = 0;
        for (String s : d.getList("resources", String.class)) {
            n += Fhir.tree(s).size();
        }
        return n;
    }

    // ---------------------------------------------------------------- redaction

    /** Copying the tree (the baseline for the next one, which must redact a fresh tree). */
    @Benchmark
    public ObjectNode copyTree() {
        return tree.deepCopy();
    }

    /** Copy plus redaction with decisions already made: redaction cost = this minus copyTree. */
    @Benchmark
    public ObjectNode copyAndRedact() {
        ObjectNode t = tree.deepCopy();
        JsonRedactor.redactBundle(t, r -> decided.get(key(r)));
        return t;
    }

    /** Data items and the engine's answer for every resource (what passport-api does before redacting). */
    @Benchmark
    public int itemsAndDecisions() {
        int n = 0;
        for (JsonNode e : tree.path("entry")) {
            n += EngineRedaction.decide(policy, ResourceItems.of(residentId, e.get("resource"))).withheld().size();
        }
        return n;
    }

    /** The engine's answer for every resource, items computed beforehand (cached per passport version). */
    @Benchmark
    public int decisionsWithCachedItems() {
        int n = 0;
        for (JsonNode e : tree.path("entry")) {
            n += EngineRedaction.decide(policy, items.get(e.get("resource")).orElseThrow()).withheld().size();
        }
        return n;
    }

    // ---------------------------------------------------------------- whole read paths

    /** Chosen read path with items cached per passport version: stored BSON -> tree -> engine, redaction -> JSON bytes. */
    @Benchmark
    public byte[] readPathJsonCachedItems() {
        ObjectNode t = StorageForm.toTree(new RawBsonDocument(bsonNative));
        JsonRedactor.redactBundle(t, EngineRedaction.decider(policy, items));
        return Fhir.writeBytes(t);
    }

    /** Chosen read path: stored BSON -> tree -> items, engine, redaction -> JSON bytes. */
    @Benchmark
    public byte[] readPathJson() {
        ObjectNode t = StorageForm.toTree(new RawBsonDocument(bsonNative));
        JsonRedactor.redactBundle(t, EngineRedaction.decider(policy, residentId, r -> Map.of()));
        return Fhir.writeBytes(t);
    }

    /** The HAPI alternative: stored JSON -> HAPI model -> redaction -> HAPI encode. */
    @Benchmark
    public byte[] readPathHapi() {
        Bundle b = Fhir.jsonParser().parseResource(Bundle.class, json);
        Bundle redacted = HapiRedactor.redact(b, EngineRedaction.decider(policy, residentId, r -> Map.of()));
        return Fhir.jsonParser().encodeResourceToString(redacted).getBytes(StandardCharsets.UTF_8);
    }
}
