package org.wellbeingpassport.api.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.api.store.StoreConfiguration;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.example.ExamplePassports;
import org.wellbeingpassport.keys.ElementContext;
import org.wellbeingpassport.keys.KeyHierarchy;
import org.wellbeingpassport.keys.KeysConfig;
import org.wellbeingpassport.keys.KeysException;
import org.wellbeingpassport.keys.Passphrase;

/**
 * Issue 16's acceptance, "erasure that reaches copies" (ADR 0014): the run command's on-disk store and its key store
 * are copied (as backups would be) before a resident is erased over HTTP; after the erasure and the documented
 * master-key rotation, nothing of the erased resident in the old copy of the data decrypts with anything the service
 * holds (its current key store and master keys), nor with the old copy of the key store under the current master
 * keys, while every other resident still reads, from the service and from the same old copy. And the raw files hold
 * none of the residents' identity or story in plaintext.
 */
class ErasureOnCopiesTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path backups;

    @Test
    void aCopyMadeBeforeAnErasureIsUnreadableForThatResidentAfterTheRotation() throws Exception {
        Map<String, Object> props = Map.of("passport.store.uri", "", "passport.store.docker", false,
                "passport.store.embedded-persistent", true, "passport.store.data-dir", dataDir.toString(),
                "micronaut.server.port", -1, "passport.demo.enabled", true);
        List<ExamplePassports.NamedResident> residents = ExamplePassports.named();
        ExamplePassports.NamedResident leaving = ExamplePassports.named("gareth-pryce");
        Map<String, Set<String>> known = new LinkedHashMap<>();
        for (ExamplePassports.NamedResident r : residents) {
            known.put(r.patientId(), knownValues(r));
        }
        assertTrue(known.get(leaving.patientId()).size() >= 10,
                "enough known values: " + known.get(leaving.patientId()));

        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props, "test")) {
            ApplicationContext ctx = server.getApplicationContext();
            KeyHierarchy keys = ctx.getBean(KeyHierarchy.class);
            KeyStoreDatabase keyStore = ctx.getBean(KeyStoreDatabase.class);
            MongoStore data = ctx.getBean(MongoStore.class);
            Path keyStoreDir = KeyStoreDatabase.defaultDir(ctx.getBean(StoreConfiguration.class));
            assertTrue(keyStore.location().startsWith(keyStoreDir.toAbsolutePath().toString()),
                    "the key store has its own file, apart from the data: " + keyStore.location());
            assertEquals(0, data.database().getCollection("resident_keys").countDocuments(),
                    "no data key beside the data");
            Http me = new Http(server.getURI()).as(token(server, leaving.key()));
            HttpResponse<String> before = me.get("/me/passport");
            assertEquals(200, before.statusCode(), before.body());
            int seen = 0;
            for (String v : known.get(leaving.patientId())) {
                seen += before.body().contains(jsonEscaped(v)) ? 1 : 0;
            }
            assertTrue(seen >= 5, "the known values are the resident's own, as the service serves them: " + seen);

            // the backups: the data store and the key store, copied before the erasure
            Path dataCopy = backups.resolve("data");
            Path keyStoreCopy = backups.resolve("key-store");
            copy(dataDir.resolve("passport.mv"), dataCopy.resolve("passport.mv"));
            copy(keyStoreDir.resolve("passport.mv"), keyStoreCopy.resolve("passport.mv"));

            HttpResponse<String> gone = me.delete("/me/passport");
            assertEquals(204, gone.statusCode(), gone.body());

            KeysSettings ks = ctx.getBean(KeysSettings.class);
            Path keystoreDir = dataDir.resolve("keys");
            try (Copy copy = Copy.open(dataCopy, keyStoreCopy)) {
                List<Sealed> erased = copy.sealed(leaving.patientId());
                assertTrue(erased.size() >= 10, "the copy holds the erased resident's resources: " + erased.size());
                // the threat, before the rotation: the old key store, with the masters the service still holds, opens
                // the old copy of the data
                try (KeyHierarchyOver old = KeyHierarchyOver.open(keystoreDir, ks, copy.wrappedKeys())) {
                    assertEquals(erased.size(), opened(old.keys(), erased),
                            "before the rotation, the old copies still open together");
                }

                // the documented rotation: a new master, every data key re-wrapped, old masters retired
                List<String> mastersBefore = keys.master().keyIds();
                MasterKeyRotation.Outcome rotation = ctx.getBean(MasterKeyRotation.class).rotateNow("erasure test")
                        .orElseThrow();
                System.out.printf("rotation of the demo store (%d residents): %d ms, %s%n",
                        rotation.rewrap().residents(), rotation.millis(), rotation.rewrap());
                assertEquals(mastersBefore, rotation.retired(), "every older master key is retired");
                assertEquals(List.of(rotation.masterKeyId()), keys.master().keyIds());

                // nothing of the erased resident decrypts from the old data copy with what the service holds ...
                assertEquals(0, opened(keys, erased), "the service's current keys open nothing of hers");
                for (Sealed s : erased) {
                    assertThrows(KeysException.class, () -> keys.elements().decryptBytes(s.context(), s.envelope()));
                }
                // ... nor with the old key store's copy under the service's current master keys
                try (KeyHierarchyOver old = KeyHierarchyOver.open(keystoreDir, ks, copy.wrappedKeys())) {
                    assertEquals(0, opened(old.keys(), erased), "the old key store opens nothing any more");
                    for (Sealed s : erased) {
                        assertThrows(KeysException.class,
                                () -> old.keys().elements().decryptBytes(s.context(), s.envelope()));
                    }
                }

                // while every other resident still reads: from the service, and from the same old copy
                for (ExamplePassports.NamedResident r : residents) {
                    if (r == leaving || r.patientId().equals(leaving.patientId())) {
                        continue;
                    }
                    HttpResponse<String> read = new Http(server.getURI()).as(token(server, r.key()))
                            .get("/me/passport");
                    assertEquals(200, read.statusCode(), r.key() + ": " + read.body());
                    List<Sealed> theirs = copy.sealed(r.patientId());
                    assertFalse(theirs.isEmpty());
                    assertEquals(theirs.size(), opened(keys, theirs), r.key() + "'s copy still opens");
                }
                HttpResponse<String> after = me.get("/me/passport");
                assertEquals(404, after.statusCode(), after.body());
            }

            // the raw files: none of any resident's identity or story in plaintext
            List<Path> files = new ArrayList<>();
            files.add(dataDir.resolve("passport.mv"));
            files.add(keyStoreDir.resolve("passport.mv"));
            files.add(dataCopy.resolve("passport.mv"));
            int control = 0;
            int found = 0;
            int searched = 0;
            int chance = 0;
            List<String> where = new ArrayList<>();
            for (Path f : files) {
                String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                // positive control: the scan reads the file's strings as they are (ids are stored in the clear)
                control += raw.contains(residents.get(1).patientId()) ? 1 : 0;
                for (Map.Entry<String, Set<String>> e : known.entrySet()) {
                    for (String v : e.getValue()) {
                        searched++;
                        Hits hits = Hits.of(raw,
                                new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
                        chance += hits.insideTokens();
                        if (hits.plain() > 0) {
                            found++;
                            where.add(f.getFileName() + " in " + f.getParent().getFileName() + ": " + e.getKey() + " '"
                                    + v + "'");
                        }
                    }
                }
            }
            System.out.printf(
                    "raw scan: %d known values of %d residents searched in %d files: %d found"
                            + " (%d short names met by chance inside sealed tokens)%n",
                    searched / files.size(), known.size(), files.size(), found, chance);
            assertTrue(control >= 2, "the scan finds what is stored in the clear (resident ids): " + control);
            assertEquals(List.of(), where, "identity or story in plaintext in the raw store");
        }
    }

    /**
     * Where a value occurs in a file's bytes. A sealed element is stored as one token of base64url text (at least 38
     * characters: the key id, the nonce and the tag alone), and a name of 4 to 7 characters made only of those
     * characters turns up in megabytes of random base64url by chance (a 4-letter name once in about 16.8 million
     * positions: in a 1.7 MB store about once in fifteen runs, as seen on 5 December 2026). So an occurrence of a
     * value shorter than 8 characters inside a run of {@link #TOKEN_RUN} or more base64url characters is counted as
     * chance, not as the value; anywhere else (between quotes, spaces, BSON's length and terminator) it is the value.
     * Values of 8 characters or more count wherever they are (chance: once in 2.8e14 positions). Since 6 December
     * 2026 each resource's envelope is stored as bytes, not as such text (ADR 0008): random bytes hold a given
     * 4-letter name once in about 4.3 billion positions, too rarely to count as chance here, so a hit there counts.
     */
    record Hits(int plain, int insideTokens) {
        static final int TOKEN_RUN = 24;

        static Hits of(String raw, String value) {
            int plain = 0;
            int inside = 0;
            for (int at = raw.indexOf(value); at >= 0; at = raw.indexOf(value, at + 1)) {
                if (value.length() < 8 && runAround(raw, at, value.length()) >= TOKEN_RUN) {
                    inside++;
                } else {
                    plain++;
                }
            }
            return new Hits(plain, inside);
        }

        /** The length of the run of base64url characters that holds raw[at, at + length). */
        static int runAround(String raw, int at, int length) {
            int from = at;
            while (from > 0 && base64url(raw.charAt(from - 1))) {
                from--;
            }
            int to = at + length;
            while (to < raw.length() && base64url(raw.charAt(to))) {
                to++;
            }
            for (int i = at; i < at + length; i++) {
                if (!base64url(raw.charAt(i))) {
                    return 0; // the value itself is not base64url text: no token holds it
                }
            }
            return to - from;
        }

        private static boolean base64url(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }
    }

    @Test
    void aShortNameCountsInPlainTextButNotInsideASealedToken() {
        String token = "AQAAAAAAAAAB" + "x7Q-Jean_k2Lm9PzR4tYw0bC";
        assertEquals(new Hits(0, 1), Hits.of("{\"r\":\"" + token + "\"}", "Jean"));
        assertEquals(new Hits(1, 0), Hits.of("\u0005\u0000\u0000\u0000Jean\u0000", "Jean"), "a BSON string");
        assertEquals(new Hits(1, 0), Hits.of("{\"given\":[\"Jean\"]}", "Jean"), "JSON text");
        assertEquals(new Hits(1, 0), Hits.of("called Jean by her friends", "Jean"), "prose");
        assertEquals(new Hits(1, 1), Hits.of(token + " Jean", "Jean"), "one of each");
        assertEquals(new Hits(1, 0), Hits.of(token.replace("Jean", "Whitfield") + "x", "Whitfield"),
                "8 characters or more count even inside a token");
    }

    /** One sealed stored resource (or history version) as a copy holds it. */
    record Sealed(ElementContext context, byte[] envelope) {
    }

    /** How many of them open with these keys. */
    private static int opened(KeyHierarchy keys, List<Sealed> sealed) {
        int n = 0;
        for (Sealed s : sealed) {
            try {
                keys.elements().decryptBytes(s.context(), s.envelope());
                n++;
            } catch (KeysException e) {
                // unreadable: what erasure must achieve
            }
        }
        return n;
    }

    /** The old copies, opened as a restore would: the data store and the key store, each its own embedded store. */
    private static final class Copy implements AutoCloseable {
        private final MongoStore data;
        private final KeyStoreDatabase keyStore;
        private final MongoWrappedKeyStore wrapped;

        private Copy(MongoStore data, KeyStoreDatabase keyStore) {
            this.data = data;
            this.keyStore = keyStore;
            this.wrapped = new MongoWrappedKeyStore(keyStore, data);
        }

        static Copy open(Path dataCopy, Path keyStoreCopy) {
            StoreConfiguration c = new StoreConfiguration();
            c.setDocker(false);
            c.setEmbeddedPersistent(true);
            c.setDataDir(dataCopy);
            c.setEmbeddedCacheMb(16);
            MongoStore data = new MongoStore(c);
            KeyStoreConfiguration k = new KeyStoreConfiguration();
            k.setDir(keyStoreCopy.toString());
            return new Copy(data, new KeyStoreDatabase(k, c, data));
        }

        MongoWrappedKeyStore wrappedKeys() {
            return wrapped;
        }

        /** Every stored resource and history version of a resident in the copy, as sealed. */
        List<Sealed> sealed(String residentId) {
            List<Sealed> out = new ArrayList<>();
            Document passport = data.database().getCollection("passports").find(new Document("_id", residentId))
                    .first();
            if (passport != null) {
                for (Object v : passport.get("res", Document.class).values()) {
                    out.add(of(residentId, (Document) v));
                }
            }
            for (Document h : data.database().getCollection("resource_history").find()) {
                if (residentId.equals(h.get("_id", Document.class).getString("r"))) {
                    out.add(of(residentId, h));
                }
            }
            return out;
        }

        private static Sealed of(String residentId, Document entry) {
            Object envelope = entry.get("r", Document.class).get("_wpStored");
            assertTrue(envelope instanceof org.bson.types.Binary,
                    "stored sealed whole, as bytes: " + entry.getString("t"));
            return new Sealed(new ElementContext(residentId, entry.getString("t"), entry.getString("i"), "$stored"),
                    ((org.bson.types.Binary) envelope).getData());
        }

        @Override
        public void close() {
            keyStore.close();
            data.close();
        }
    }

    /** A key hierarchy over the service's current keystore (its master keys) and a given store of wrapped keys. */
    private record KeyHierarchyOver(KeyHierarchy keys) implements AutoCloseable {
        static KeyHierarchyOver open(Path keystoreDir, KeysSettings settings, MongoWrappedKeyStore wrapped) {
            KeysConfig config = KeysConfig
                    .builder(keystoreDir, Passphrase.of(settings.getPassphrase().orElseThrow().toCharArray()))
                    .scryptCostLog2(settings.getScryptCostLog2()).build();
            return new KeyHierarchyOver(KeyHierarchy.open(config, wrapped));
        }

        @Override
        public void close() {
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    /**
     * The identity and story values of a resident, as written in their example passport: the Patient's names, NHS
     * number, birth date, phone, address; every free text and description of the story (story texts split at
     * markup), 8 characters or more (names 4) so that a hit means the value, not a common word.
     */
    static Set<String> knownValues(ExamplePassports.NamedResident r) {
        Set<String> values = new LinkedHashSet<>();
        JsonNode bundle = Fhir.tree(Fhir.encode(r.passport()));
        for (JsonNode e : bundle.path("entry")) {
            JsonNode res = e.path("resource");
            if (res.path("resourceType").asText().equals("Patient")) {
                for (JsonNode n : res.path("name")) {
                    addName(values, n.path("family").asText());
                    n.path("given").forEach(g -> addName(values, g.asText()));
                }
                res.path("identifier").forEach(i -> add(values, i.path("value").asText()));
                add(values, res.path("birthDate").asText());
                res.path("telecom").forEach(t -> add(values, t.path("value").asText()));
                for (JsonNode a : res.path("address")) {
                    a.path("line").forEach(l -> add(values, l.asText()));
                    addName(values, a.path("city").asText());
                    addName(values, a.path("postalCode").asText());
                }
            }
            collectTexts(res, values);
        }
        // resource type names (a reference's type, "Condition") are the stored form's frame, in the clear by design
        for (JsonNode e : bundle.path("entry")) {
            values.remove(e.path("resource").path("resourceType").asText());
        }
        return values;
    }

    private static final Set<String> TEXT_FIELDS = Set.of("text", "description", "valueString", "title", "comment",
            "contentString", "div", "note");
    private static final Pattern MARKUP = Pattern.compile("<[^>]*>");

    private static void collectTexts(JsonNode node, Set<String> values) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getValue().isTextual() && TEXT_FIELDS.contains(f.getKey())) {
                    for (String part : MARKUP.split(f.getValue().asText())) {
                        add(values, part.trim());
                    }
                } else if (!f.getKey().equals("meta")) {
                    collectTexts(f.getValue(), values);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectTexts(n, values));
        }
    }

    /** Names are short: 4 characters or more (a hit on a shorter string could be chance). */
    private static void addName(Set<String> values, String v) {
        if (v != null && v.length() >= 4) {
            values.add(v);
        }
    }

    private static void add(Set<String> values, String v) {
        if (v != null && v.length() >= 8 && !v.contains("&")) {
            values.add(v);
        }
    }

    private static String jsonEscaped(String v) {
        return Fhir.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(v)).replaceAll("^\"|\"$", "");
    }

    private static String token(EmbeddedServer server, String user) {
        return new TestTokens(server.getApplicationContext().getBean(ServiceTokens.class)).demo(user);
    }
}
