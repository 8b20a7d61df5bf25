package org.wellbeingpassport.api.notices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.Callers;
import org.wellbeingpassport.api.gate.Notifications;
import org.wellbeingpassport.api.http.FhirException;
import org.wellbeingpassport.api.http.FhirMediaTypes;
import org.wellbeingpassport.fhir.Fhir;

/**
 * Partner systems subscribe to notices (FHIR R4 topic-based Subscriptions backport): {@code POST /fhir/Subscription}
 * with {@code criteria} one of the topics ({@link Topics}), a rest-hook channel, payload {@code application/fhir+json}
 * and payload content {@code id-only} (the only content offered: a notice never carries the record); read it back,
 * its {@code $status}, and its delivery log. Parsing is closed: anything not understood is a 400 naming its path.
 * The rest-hook endpoint is the one in the partner's registration ({@code PartnerRegistrations}); a caller without a
 * registration (a token from a trusted issuer) names it in the Subscription.
 */
@Controller("/fhir/Subscription")
@Secured("system")
public class SubscriptionController {
    static final String PAYLOAD_CONTENT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content";
    static final String BACKPORT_SUBSCRIPTION = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription";
    private static final Set<String> TOP = Set.of("resourceType", "meta", "status", "reason", "criteria", "channel",
            "end");
    private static final Set<String> CHANNEL = Set.of("type", "endpoint", "payload", "_payload", "header");

    private final Subscriptions subscriptions;
    private final Deliveries deliveries;
    private final org.wellbeingpassport.api.partner.PartnerRegistrations partners;

    public SubscriptionController(Subscriptions subscriptions, Deliveries deliveries,
            org.wellbeingpassport.api.partner.PartnerRegistrations partners) {
        this.partners = partners;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
    }

    @Post(consumes = {FhirMediaTypes.FHIR_JSON, MediaType.APPLICATION_JSON}, produces = FhirMediaTypes.FHIR_JSON)
    public HttpResponse<String> create(Authentication auth, @Body String body) {
        Caller caller = Callers.of(auth);
        JsonNode json;
        try {
            json = Fhir.json().readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            throw FhirException.invalid("The body must be a FHIR Subscription (JSON)");
        }
        if (!(json instanceof ObjectNode s) || !"Subscription".equals(s.path("resourceType").asText())) {
            throw FhirException.invalid("The body must be a FHIR Subscription (JSON)");
        }
        only(s, TOP, "Subscription");
        if (s.has("meta")) {
            for (Iterator<String> it = s.get("meta").fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!f.equals("profile")) {
                    throw FhirException.invalid("Subscription.meta." + f + " is not taken");
                }
            }
        }
        Notifications.Kind topic = Topics.of(s.path("criteria").asText(""))
                .orElseThrow(() -> FhirException.invalid("Subscription.criteria: one of " + Topics.urls()));
        String status = s.path("status").asText("");
        if (!status.equals("requested") && !status.equals("active")) {
            throw FhirException.invalid("Subscription.status: requested");
        }
        JsonNode ch = s.path("channel");
        if (!(ch instanceof ObjectNode channel)) {
            throw FhirException.invalid("Subscription.channel: required");
        }
        only(channel, CHANNEL, "Subscription.channel");
        if (channel.has("header")) {
            throw FhirException.invalid("Subscription.channel.header: not taken (notices carry no credentials)");
        }
        if (!"rest-hook".equals(channel.path("type").asText())) {
            throw FhirException.invalid("Subscription.channel.type: rest-hook");
        }
        // the endpoint is the one in the partner's registration when it has one (the body may leave it out or repeat
        // it); callers without a registration (tokens from a trusted issuer) name it here
        java.util.Optional<String> registered = partners.find(caller.subject())
                .flatMap(org.wellbeingpassport.api.partner.PartnerRegistration::restHook);
        String endpoint = channel.path("endpoint").asText(registered.orElse(""));
        if (registered.isPresent() && !registered.get().equals(endpoint)) {
            throw FhirException
                    .invalid("Subscription.channel.endpoint: must be the rest-hook endpoint in your registration");
        }
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw FhirException.invalid("Subscription.channel.endpoint: an http or https URL");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw FhirException.invalid("Subscription.channel.endpoint: an http or https URL");
        }
        if (!"application/fhir+json".equals(channel.path("payload").asText())) {
            throw FhirException.invalid("Subscription.channel.payload: application/fhir+json");
        }
        String content = "";
        for (JsonNode x : channel.path("_payload").path("extension")) {
            if (PAYLOAD_CONTENT.equals(x.path("url").asText())) {
                content = x.path("valueCode").asText();
            } else {
                throw FhirException.invalid("Subscription.channel._payload.extension: only " + PAYLOAD_CONTENT);
            }
        }
        if (!content.equals("id-only")) {
            throw FhirException.invalid(
                    "Subscription.channel._payload: payload content must be id-only (notices never carry content)");
        }
        Subscriptions.Subscription sub = new Subscriptions.Subscription(UUID.randomUUID().toString(), caller.subject(),
                topic, endpoint, "active", Instant.now().truncatedTo(ChronoUnit.MILLIS));
        subscriptions.add(sub);
        return HttpResponse.<String>status(HttpStatus.CREATED).body(Fhir.write(render(sub)))
                .contentType(FhirMediaTypes.FHIR_JSON_TYPE).header("Location", "/fhir/Subscription/" + sub.id());
    }

    @Get(uri = "/{id}", produces = FhirMediaTypes.FHIR_JSON)
    public HttpResponse<String> read(Authentication auth, @PathVariable String id) {
        return HttpResponse.ok(Fhir.write(render(mine(auth, id)))).contentType(FhirMediaTypes.FHIR_JSON_TYPE);
    }

    /** The backport's $status: a Bundle with one SubscriptionStatus (Parameters). */
    @Get(uri = "/{id}/$status", produces = FhirMediaTypes.FHIR_JSON)
    public HttpResponse<String> status(Authentication auth, @PathVariable String id) {
        Subscriptions.Subscription s = mine(auth, id);
        ObjectNode bundle = Fhir.json().createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "searchset");
        ObjectNode e = bundle.putArray("entry").addObject();
        ObjectNode p = e.putObject("resource");
        p.put("resourceType", "Parameters");
        p.putObject("meta").putArray("profile").add(
                "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4");
        ArrayNode params = p.putArray("parameter");
        params.addObject().put("name", "subscription").putObject("valueReference").put("reference",
                "Subscription/" + s.id());
        params.addObject().put("name", "topic").put("valueCanonical", Topics.url(s.topic()));
        params.addObject().put("name", "status").put("valueCode", s.status());
        params.addObject().put("name", "type").put("valueCode", "query-status");
        params.addObject().put("name", "events-since-subscription-start").put("valueString",
                String.valueOf(subscriptions.events(s.id())));
        long failing = deliveries.count(s.id(), "pending");
        if (failing > 0) {
            params.addObject().put("name", "error").putObject("valueCodeableConcept").put("text",
                    failing + " notice(s) awaiting delivery (retrying)");
        }
        e.putObject("search").put("mode", "match");
        return HttpResponse.ok(Fhir.write(bundle)).contentType(FhirMediaTypes.FHIR_JSON_TYPE);
    }

    /** The delivery log: every notice queued for this subscription, with each attempt (ids and HTTP codes only). */
    @Get(uri = "/{id}/$deliveries", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> log(Authentication auth, @PathVariable String id) {
        mine(auth, id);
        return HttpResponse.ok(Map.<String, Object>of("deliveries", deliveries.log(id)));
    }

    private Subscriptions.Subscription mine(Authentication auth, String id) {
        return subscriptions.one(Callers.of(auth).subject(), id)
                .orElseThrow(() -> FhirException.notFound("Subscription", id));
    }

    private static ObjectNode render(Subscriptions.Subscription s) {
        ObjectNode r = Fhir.json().createObjectNode();
        r.put("resourceType", "Subscription");
        r.put("id", s.id());
        r.putObject("meta").putArray("profile").add(BACKPORT_SUBSCRIPTION);
        r.put("status", s.status());
        r.put("reason", "Notices about " + s.topic().code());
        r.put("criteria", Topics.url(s.topic()));
        ObjectNode ch = r.putObject("channel");
        ch.put("type", "rest-hook");
        ch.put("endpoint", s.endpoint());
        ch.put("payload", "application/fhir+json");
        ch.putObject("_payload").putArray("extension").addObject().put("url", PAYLOAD_CONTENT).put("valueCode",
                "id-only");
        return r;
    }

    private static void only(ObjectNode o, Set<String> allowed, String path) {
        List<String> unknown = new ArrayList<>();
        o.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                unknown.add(path + "." + f);
            }
        });
        if (!unknown.isEmpty()) {
            throw FhirException.invalid(String.join(", ", unknown) + ": not taken");
        }
    }
}
