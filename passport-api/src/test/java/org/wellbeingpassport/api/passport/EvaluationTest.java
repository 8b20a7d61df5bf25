package org.wellbeingpassport.api.passport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.consent.AccessRequest;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.Organisation;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.example.Directory;

/**
 * The Bundle a read sends, with resources copied as stored wherever nothing of them changes, is byte for byte the
 * Bundle tree that the same evaluation gives written by Fhir.writeBytes: for every demo resident, as seen by
 * several readers and purposes (whole, redacted, sealed, withheld and referenced resources all occur). The same
 * holds for the searchset {@code Patient/$everything} splices with the request's base and a search mode.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class EvaluationTest {
    @Inject
    PassportReader reader;
    @Inject
    PreparedPassports prepared;

    private static Actor actor(Directory.Worker w) {
        return new Actor.Professional(w.id(), w.given() + " " + w.family(), w.role(),
                new Organisation(w.org().id(), w.org().name(), w.org().type()));
    }

    @Test
    void theSplicedBundleIsExactlyTheWrittenTree() {
        List<String> residents = List.of("jean-whitfield", "nasreen-akhtar", "delroy-campbell", "kayleigh-brennan",
                "gareth-pryce", "ikenna-eze");
        List<Directory.Worker> readers = List.of(Directory.WIRRAL_LINK_WORKER, Directory.WIRRAL_GP_DR,
                Directory.WIRRAL_WALK_LEADER, Directory.HACKNEY_ASSESSOR, Directory.HACKNEY_GP_DR,
                Directory.NEWHAM_CONNECTOR, Directory.NPT_SHED_LEAD, Directory.SWANSEA_COACH);
        String at = Instant.now().toString();
        int compared = 0;
        int withStored = 0;
        int treesMade = 0;
        for (String resident : residents) {
            PreparedPassport passport = prepared.current(resident).orElseThrow();
            for (Directory.Worker w : readers) {
                for (Purpose purpose : Purpose.values()) {
                    Evaluation ev = reader.evaluate(AccessRequest.of(actor(w), purpose, Instant.now()), passport,
                            false);
                    if (ev.isEmpty()) {
                        continue;
                    }
                    withStored += ev.sentAsStored();
                    treesMade += ev.size() - ev.sentAsStored();
                    byte[] spliced = ev.bundle(at);
                    ObjectNode bundle = Fhir.json().createObjectNode();
                    bundle.put("resourceType", "Bundle");
                    bundle.put("type", "collection");
                    bundle.put("timestamp", at);
                    bundle.set("entry", ev.entries());
                    assertArrayEquals(Fhir.writeBytes(bundle), spliced, resident + " for " + w.id() + ", " + purpose);
                    // $everything's searchset: the same splice with the request's base and an entry tail
                    String head = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[";
                    byte[] searchset = ev.bundle(head, "https://gp.example/fhir", ",\"search\":{\"mode\":\"match\"}");
                    ObjectNode expected = Fhir.json().createObjectNode();
                    expected.put("resourceType", "Bundle");
                    expected.put("type", "searchset");
                    com.fasterxml.jackson.databind.node.ArrayNode entries = expected.putArray("entry");
                    for (com.fasterxml.jackson.databind.JsonNode e : ev.entries()) {
                        ObjectNode r = (ObjectNode) e.get("resource");
                        ObjectNode x = entries.addObject();
                        x.put("fullUrl", "https://gp.example/fhir/" + r.get("resourceType").asText() + "/"
                                + r.get("id").asText());
                        x.set("resource", r);
                        x.putObject("search").put("mode", "match");
                    }
                    assertArrayEquals(Fhir.writeBytes(expected), searchset,
                            "searchset: " + resident + " for " + w.id() + ", " + purpose);
                    String text = new String(spliced, java.nio.charset.StandardCharsets.UTF_8);
                    assertFalse(text.contains("_wpSealed") || text.contains("wp1."), "nothing leaves sealed");
                    compared++;
                }
            }
        }
        assertTrue(compared >= 10, "enough readers saw something: " + compared);
        assertTrue(withStored > 0 && treesMade > 0, "both ways were compared: " + withStored + ", " + treesMade);
    }
}
