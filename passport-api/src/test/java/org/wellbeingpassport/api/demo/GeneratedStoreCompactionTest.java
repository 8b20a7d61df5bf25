package org.wellbeingpassport.api.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.h2.mvstore.MVStoreTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;

/**
 * bench/compact-store: a store of generated passports, compacted offline with H2's MVStoreTool once its server has
 * stopped, opens again (the start-up checks pass), is no larger, and discloses exactly what it did before: the same
 * whole passport to a consented professional (but for the disclosure's own timestamp) and to the resident.
 */
class GeneratedStoreCompactionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> READ = List.of("gen-000000", "gen-000003", "gen-000007");

    @TempDir
    Path dataDir;

    @Test
    void aCompactedGeneratedStoreDisclosesWhatItDidBefore() throws Exception {
        Map<String, Object> props = Map.of("passport.store.uri", "", "passport.store.docker", false,
                "passport.store.embedded-persistent", true, "passport.store.data-dir", dataDir.toString(),
                "micronaut.server.port", -1, "passport.demo.enabled", true, "passport.demo.generated", 8);
        Map<String, JsonNode> before;
        try (EmbeddedServer first = ApplicationContext.run(EmbeddedServer.class, props, "test")) {
            before = reads(first);
        }
        Map<Path, Long> sizes = new LinkedHashMap<>();
        for (Path file : storeFiles()) {
            sizes.put(file, Files.size(file));
            MVStoreTool.compact(file.toString(), false);
        }
        assertTrue(sizes.size() >= 2, "the data and key store files: " + sizes.keySet());
        for (Map.Entry<Path, Long> e : sizes.entrySet()) {
            long after = Files.size(e.getKey());
            assertTrue(after <= e.getValue(), e.getKey() + " grew: " + e.getValue() + " -> " + after);
        }
        try (EmbeddedServer second = ApplicationContext.run(EmbeddedServer.class, props, "test")) {
            HttpResponse<String> health = new Http(second.getURI()).get("/health");
            assertEquals(200, health.statusCode(), health.body());
            assertEquals(before, reads(second));
        }
    }

    /** Each READ passport as a consented professional sees it and as its resident sees it, once loaded. */
    private static Map<String, JsonNode> reads(EmbeddedServer server) throws Exception {
        DemoData demo = server.getApplicationContext().getBean(DemoData.class);
        long deadline = System.nanoTime() + 600_000_000_000L; // generous: the machine may be loaded
        while (!demo.generatedLoaded()) {
            assertTrue(System.nanoTime() < deadline, "the generated passports did not load");
            Thread.sleep(200);
        }
        Http anonymous = new Http(server.getURI());
        Http professional = anonymous
                .as(new TestTokens(server.getApplicationContext().getBean(ServiceTokens.class)).demo("prac-sam-okoro"));
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String id : READ) {
            HttpResponse<String> seen = professional.get("/passports/" + id + "?purpose=support-planning");
            assertEquals(200, seen.statusCode(), seen.body());
            ObjectNode bundle = (ObjectNode) JSON.readTree(seen.body());
            assertTrue(bundle.path("entry").size() > 1, "a whole passport: " + id);
            bundle.remove("timestamp"); // when this disclosure was made
            out.put("professional " + id, bundle);
            HttpResponse<String> token = anonymous
                    .send(java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/demo/token?user=" + id))
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, token.statusCode(), token.body());
            HttpResponse<String> own = anonymous.as(JSON.readTree(token.body()).path("access_token").asText())
                    .get("/me/passport");
            assertEquals(200, own.statusCode(), own.body());
            out.put("resident " + id, JSON.readTree(own.body()));
        }
        return out;
    }

    private List<Path> storeFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dataDir)) {
            all.filter(p -> p.getFileName().toString().endsWith(".mv")).forEach(files::add);
        }
        return files;
    }
}
