package org.wellbeingpassport.api.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * Scenario 7 (leaving) end to end over HTTP: Jean's GP practice system (a partner system, rest-hook receivers on
 * loopback) and her GP (a professional) read her passport; she withdraws the practice's access; the next reads are
 * refused; the receiver gets the notice within 5 s; her GP sees it in her notifications; her link worker, who keeps
 * his own access, is not told; a receiver that is down gets the notice once it comes back (retries with backoff);
 * each receiver gets exactly the notices due, each id-only: no value of Jean's passport, and so none of what was
 * withheld from the practice, is in any of them (the oracle counts them).
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
@Property(name = "passport.notices.backoff", value = "200ms")
@Property(name = "passport.notices.max-backoff", value = "1s")
class LeavingScenarioTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String JEAN = "jean-whitfield";
    static final String GP_SYSTEM = "system-leasowe-gp";
    static final Set<String> VALUE_FIELDS = Set.of("div", "text", "valueString", "family", "given", "line", "city",
            "postalCode", "value", "birthDate", "description", "title", "display");

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    DirectiveStore directives;

    Http as(String demoUser) {
        return new Http(server.getURI()).as(new TestTokens(tokens).demo(demoUser));
    }

    @Test
    void jeanWithdrawsHerPracticesAccessAndThoseWhoReceivedCopiesAreTold() throws Exception {
        // Jean shares her passport with her practice's system, as she already does with its staff
        var current = directives.current(JEAN);
        var provisions = new ArrayList<>(current.provisions());
        provisions.add(Provision.permit("gp-system").to(Recipient.system(GP_SYSTEM, "Leasowe Lane GP system"))
                .covering(Scope.everything()).forPurposes(Purpose.DIRECT_CARE).grantedAt(Instant.now().minusSeconds(60))
                .build());
        assertTrue(directives.save(JEAN, java.util.OptionalLong.of(current.version()),
                provisions) instanceof DirectiveStore.Saved.Written);

        Receiver up = Receiver.start(0);
        int downPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            downPort = s.getLocalPort();
        }
        Http system = as(GP_SYSTEM);
        String withdrawnTopic = Topics.BASE + "access-withdrawn";
        String upSub = subscribe(system, withdrawnTopic, up.url());
        String downSub = subscribe(system, withdrawnTopic, "http://127.0.0.1:" + downPort + "/hook");
        String correctedSub = subscribe(system, Topics.BASE + "entry-corrected", up.url());
        // closed parsing: a full-resource payload, an unknown field and an unknown topic are refused
        assertEquals(400, system.post("/fhir/Subscription", subscription(withdrawnTopic, up.url(), "full-resource"),
                "Content-Type", "application/fhir+json").statusCode());
        assertEquals(
                400, system
                        .post("/fhir/Subscription",
                                subscription(withdrawnTopic, up.url(), "id-only").replace("\"status\"",
                                        "\"filterBy\":[],\"status\""),
                                "Content-Type", "application/fhir+json")
                        .statusCode());
        assertEquals(400,
                system.post("/fhir/Subscription", subscription("https://example.org/topic", up.url(), "id-only"),
                        "Content-Type", "application/fhir+json").statusCode());

        Http helen = as("prac-helen-moss");
        Http sam = as("prac-sam-okoro");
        Http jean = as(JEAN);
        HttpResponse<String> systemRead = system.get("/passports/" + JEAN + "?purpose=direct-care");
        assertEquals(200, systemRead.statusCode(), systemRead.body());
        assertEquals(200, helen.get("/passports/" + JEAN + "?purpose=direct-care").statusCode());
        assertEquals(200, sam.get("/passports/" + JEAN + "?purpose=support-planning").statusCode());

        // what the oracle looks for: every value of her passport, and those withheld from the practice's system
        JsonNode own = JSON.readTree(jean.get("/me/passport").body());
        Set<String> values = new HashSet<>();
        collect(own, values);
        Set<String> withheld = new HashSet<>();
        for (String v : values) {
            if (!systemRead.body().contains(v)) {
                withheld.add(v);
            }
        }
        assertFalse(values.isEmpty());

        // she withdraws the practice's access: its system's and its staff's
        assertEquals(200, jean.post("/me/consent/provisions/gp-system/revoke", "", "Content-Type", "application/json")
                .statusCode());
        Instant withdrawn = Instant.now();
        assertEquals(200,
                jean.post("/me/consent/provisions/gp-practice-care/revoke", "", "Content-Type", "application/json")
                        .statusCode());
        assertEquals(404, system.get("/passports/" + JEAN + "?purpose=direct-care").statusCode(), "refused at once");
        assertEquals(404, helen.get("/passports/" + JEAN + "?purpose=direct-care").statusCode(), "refused at once");
        assertEquals(200, sam.get("/passports/" + JEAN + "?purpose=support-planning").statusCode(),
                "her link worker keeps what she gave him by name");

        String first = up.bodies.poll(5, TimeUnit.SECONDS);
        assertNotNull(first, "the rest-hook receiver got the notice within 5 s");
        assertTrue(Duration.between(withdrawn, Instant.now()).toMillis() <= 5000);
        JsonNode notice = JSON.readTree(first);
        assertEquals("history", notice.path("type").asText());
        JsonNode params = notice.path("entry").path(0).path("resource");
        assertEquals("Parameters", params.path("resourceType").asText());
        assertEquals(withdrawnTopic, param(params, "topic").path("valueCanonical").asText());
        assertEquals("Patient/" + JEAN,
                part(param(params, "notification-event"), "focus").path("valueReference").path("reference").asText());
        assertTrue(param(params, "subscription").path("valueReference").path("reference").asText().endsWith(upSub));

        // her GP is told in her notifications; her link worker is not
        JsonNode helenNotices = JSON.readTree(helen.get("/notifications").body()).path("notifications");
        assertEquals("access-withdrawn", helenNotices.path(0).path("kind").asText(), helenNotices.toString());
        assertEquals("Patient/" + JEAN, helenNotices.path(0).path("ref").asText());
        assertFalse(JSON.readTree(sam.get("/notifications").body()).toString().contains("access-withdrawn"));

        // the receiver that was down: retried with backoff, delivered once it is back
        long deadline = System.currentTimeMillis() + 10_000;
        JsonNode log;
        do {
            Thread.sleep(200);
            log = JSON.readTree(system.get("/fhir/Subscription/" + downSub + "/$deliveries").body());
        } while (log.path("deliveries").path(0).path("attempts").asInt() < 2 && System.currentTimeMillis() < deadline);
        assertTrue(log.path("deliveries").path(0).path("attempts").asInt() >= 2, "retried: " + log);
        assertEquals("failed", log.path("deliveries").path(0).path("log").path(0).path("outcome").asText());
        JsonNode pending = JSON.readTree(system.get("/fhir/Subscription/" + downSub + "/$status").body());
        assertTrue(pending.toString().contains("awaiting delivery"), pending.toString());
        Receiver back = Receiver.start(downPort);
        String late = back.bodies.poll(10, TimeUnit.SECONDS);
        assertNotNull(late, "delivered after it came back");

        // exactly the notices due: one each on access-withdrawn, none on entry-corrected; no content in any
        Thread.sleep(1500);
        List<String> all = new ArrayList<>();
        all.add(first);
        all.add(late);
        up.bodies.drainTo(all);
        back.bodies.drainTo(all);
        assertEquals(2, all.size(), "exactly the notices due: " + all);
        assertEquals("delivered", JSON.readTree(system.get("/fhir/Subscription/" + downSub + "/$deliveries").body())
                .path("deliveries").path(0).path("status").asText());
        assertEquals(0, JSON.readTree(system.get("/fhir/Subscription/" + correctedSub + "/$deliveries").body())
                .path("deliveries").size());
        JsonNode status = JSON.readTree(system.get("/fhir/Subscription/" + upSub + "/$status").body());
        assertEquals("1", param(status.path("entry").path(0).path("resource"), "events-since-subscription-start")
                .path("valueString").asText());
        int found = 0;
        int withheldFound = 0;
        for (String n : all) {
            JsonNode b = JSON.readTree(n);
            for (int i = 1; i < b.path("entry").size(); i++) {
                assertFalse(b.path("entry").path(i).has("resource"), "id-only: no resource");
            }
            for (String v : values) {
                if (n.contains(v)) {
                    found++;
                    withheldFound += withheld.contains(v) ? 1 : 0;
                }
            }
        }
        for (JsonNode n : helenNotices) {
            for (String v : withheld) {
                withheldFound += n.toString().contains(v) ? 1 : 0;
            }
        }
        System.out.println("[oracle] notices checked: " + (all.size() + helenNotices.size()) + "; passport values "
                + values.size() + " (withheld from the practice system: " + withheld.size() + "); values in notices: "
                + found + "; withheld values in notices: " + withheldFound);
        assertEquals(0, found, "no value of her passport in any notice");
        assertEquals(0, withheldFound, "no withheld value in any notice");

        // she sees who was told, and when
        JsonNode ledger = JSON.readTree(jean.get("/me/disclosures").body());
        String told = ledger.path("told").toString();
        assertTrue(told.contains(GP_SYSTEM) && told.contains("prac-helen-moss") && told.contains("access-withdrawn"),
                ledger.toString());
        assertFalse(told.contains("prac-sam-okoro"), "only those told");
        up.stop();
        back.stop();
    }

    static String subscribe(Http system, String topic, String endpoint) throws Exception {
        HttpResponse<String> r = system.post("/fhir/Subscription", subscription(topic, endpoint, "id-only"),
                "Content-Type", "application/fhir+json");
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("id").asText();
    }

    static String subscription(String topic, String endpoint, String content) {
        return "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"notices\",\"criteria\":\""
                + topic + "\",\"channel\":{\"type\":\"rest-hook\",\"endpoint\":\"" + endpoint
                + "\",\"payload\":\"application/fhir+json\",\"_payload\":{\"extension\":[{\"url\":\""
                + SubscriptionController.PAYLOAD_CONTENT + "\",\"valueCode\":\"" + content + "\"}]}}}";
    }

    static JsonNode param(JsonNode parameters, String name) {
        for (JsonNode p : parameters.path("parameter")) {
            if (name.equals(p.path("name").asText())) {
                return p;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + parameters);
    }

    static JsonNode part(JsonNode parameter, String name) {
        for (JsonNode p : parameter.path("part")) {
            if (name.equals(p.path("name").asText())) {
                return p;
            }
        }
        throw new AssertionError("no part " + name + " in " + parameter);
    }

    /** The values of a passport: free text, names, addresses, numbers as text (at least 5 characters). */
    static void collect(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isTextual() && VALUE_FIELDS.contains(f.getKey())) {
                    String v = f.getValue().asText().replaceAll("<[^>]+>", " ").strip();
                    for (String piece : v.split("\\s{2,}")) {
                        if (piece.length() >= 5) {
                            out.add(piece);
                        }
                    }
                } else {
                    collect(f.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    /** A rest-hook endpoint on loopback that keeps what it is sent. */
    record Receiver(HttpServer server, LinkedBlockingQueue<String> bodies) {
        static Receiver start(int port) throws Exception {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            LinkedBlockingQueue<String> q = new LinkedBlockingQueue<>();
            s.createContext("/hook", ex -> {
                q.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                ex.sendResponseHeaders(200, -1);
                ex.close();
            });
            s.start();
            return new Receiver(s, q);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void stop() {
            server.stop(0);
        }
    }
}
