package org.wellbeingpassport.api.fhir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.wellbeingpassport.api.http.FhirException;
import org.wellbeingpassport.api.http.OperationOutcomes;
import org.wellbeingpassport.fhir.Fhir;

/**
 * Transaction and batch Bundles posted to the FHIR base.
 * <ul>
 * <li><b>transaction</b>: {@code POST Observation} entries (conditional with {@code ifNoneExist}). Every entry is
 * parsed, validated and checked against consent before any is written; one failure refuses the whole Bundle with
 * nothing written. The writes are then made one document each (the store has no multi-document transactions): if
 * the store itself fails part-way, the entries written before stay written and each has its audit entry.</li>
 * <li><b>batch</b>: the same POST entries and {@code GET} entries (a read, a search by patient or
 * {@code Patient/{id}/$everything}), each answered on its own, a failure as its own {@code response.outcome}.</li>
 * </ul>
 */
@Singleton
final class Transactions {
    private final PartnerWrites writes;
    private final PartnerReads reads;
    private final Searches searches;

    Transactions(PartnerWrites writes, PartnerReads reads, Searches searches) {
        this.writes = writes;
        this.reads = reads;
        this.searches = searches;
    }

    /** The most entries one transaction or batch may carry. */
    static final int MAX_ENTRIES = 100;

    ObjectNode process(PartnerContext ctx, String body) {
        ObjectNode bundle = parse(body);
        String type = bundle.path("type").asText();
        boolean transaction = type.equals("transaction");
        if (!transaction && !type.equals("batch")) {
            throw FhirException.invalid("POST to the base takes a Bundle of type transaction or batch");
        }
        JsonNode entries = bundle.path("entry");
        if (!entries.isArray() || entries.isEmpty()) {
            throw FhirException.invalid("The Bundle has no entries");
        }
        if (entries.size() > MAX_ENTRIES) {
            // each entry is validated and written in turn: thousands held the server for minutes (issue 17's fuzz)
            throw new FhirException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, IssueType.TOOCOSTLY,
                    "A transaction or batch takes at most " + MAX_ENTRIES + " entries; send more Bundles");
        }
        ctx.require("Bundle", 'c');
        ObjectNode out = Bundles.bundle(transaction ? "transaction-response" : "batch-response");
        ArrayNode answered = out.putArray("entry");
        if (transaction) {
            List<PartnerWrites.Prepared> prepared = new ArrayList<>();
            int i = 0;
            for (JsonNode e : entries) {
                prepared.add(preparePost(ctx, e, "Bundle.entry[" + i++ + "]"));
            }
            for (PartnerWrites.Prepared p : prepared) {
                writes.checkVisible(ctx, p); // every entry's consent before any write
            }
            for (PartnerWrites.Prepared p : prepared) {
                created(ctx, answered.addObject(), writes.create(ctx, p));
            }
            return out;
        }
        int i = 0;
        for (JsonNode e : entries) {
            ObjectNode a = answered.addObject();
            String where = "Bundle.entry[" + i++ + "]";
            try {
                String method = e.path("request").path("method").asText();
                if (method.equals("GET")) {
                    get(ctx, a, e.path("request").path("url").asText(), where);
                } else {
                    created(ctx, a, writes.create(ctx, preparePost(ctx, e, where)));
                }
            } catch (FhirException x) {
                a.putObject("response").put("status", x.status().getCode() + " " + x.status().getReason())
                        .set("outcome", Fhir.tree(OperationOutcomes.json(x.issues())));
            }
        }
        return out;
    }

    private PartnerWrites.Prepared preparePost(PartnerContext ctx, JsonNode e, String where) {
        JsonNode request = e.path("request");
        if (!request.path("method").asText().equals("POST")
                || !request.path("url").asText().equals(PartnerWrites.OBSERVATION)) {
            throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                    "Transaction entries are POST Observation (batch entries may also be GET)", where + ".request")));
        }
        JsonNode resource = e.path("resource");
        if (!resource.isObject()) {
            throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.REQUIRED,
                    "A POST entry carries its resource", where + ".resource")));
        }
        if (resource.toString().contains("\"reference\":\"urn:")) {
            throw new FhirException(HttpStatus.UNPROCESSABLE_ENTITY,
                    List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                            "References between entries (urn:uuid) are not supported", where + ".resource")));
        }
        String ifNoneExist = request.path("ifNoneExist").asText("");
        return writes.prepare(ctx, Fhir.write(resource),
                ifNoneExist.isBlank() ? Optional.empty() : Optional.of(ifNoneExist));
    }

    private static void created(PartnerContext ctx, ObjectNode a, PartnerWrites.Created c) {
        FhirVersion r = c.resource();
        a.put("fullUrl", ctx.base() + "/" + r.type() + "/" + r.id());
        if (!c.existed()) {
            a.set("resource", Fhir.tree(r.json()));
        }
        a.putObject("response").put("status", c.existed() ? "200 OK" : "201 Created")
                .put("location", r.type() + "/" + r.id() + "/_history/" + r.version())
                .put("etag", "W/\"" + r.version() + "\"")
                .put("lastModified", DateTimeFormatter.ISO_INSTANT.format(r.lastUpdated()));
    }

    /** A GET entry: Type/id, Type?params or Patient/{id}/$everything, relative to the base. */
    private void get(PartnerContext ctx, ObjectNode a, String url, String where) {
        String u = url.startsWith(ctx.base() + "/") ? url.substring(ctx.base().length() + 1) : url;
        int q = u.indexOf('?');
        String path = q < 0 ? u : u.substring(0, q);
        String[] parts = path.split("/");
        String type = parts[0];
        if (!Bundles.TYPES.contains(type)) {
            throw new FhirException(HttpStatus.NOT_FOUND, List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                    "GET " + type + " is not served in a batch", where + ".request.url")));
        }
        ObjectNode resource;
        if (parts.length == 1) {
            ctx.require(type, 's');
            resource = searches.bundle(ctx, type, Searches.query(q < 0 ? "" : u.substring(q + 1)));
        } else if (parts.length == 3 && type.equals("Patient") && parts[2].equals("$everything")) {
            for (String t : Bundles.TYPES) {
                ctx.require(t, 'r');
            }
            List<PartnerReads.Found> found = reads.everything(ctx, parts[1])
                    .orElseThrow(() -> FhirException.notFound("Patient", parts[1]));
            resource = Bundles.searchset(ctx.base(), found, ctx.base() + "/" + path, null);
        } else if (parts.length == 2) {
            ctx.require(type, 'r');
            resource = reads.read(ctx, type, parts[1]).orElseThrow(() -> FhirException.notFound(type, parts[1]))
                    .resource();
            a.put("fullUrl", ctx.base() + "/" + type + "/" + parts[1]);
        } else {
            throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                    "Not a read, search or $everything: " + path, where + ".request.url")));
        }
        a.set("resource", resource);
        a.putObject("response").put("status", "200 OK");
    }

    private static ObjectNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw FhirException.invalid("Send a Bundle of type transaction or batch");
        }
        FhirJson.parse(body, org.hl7.fhir.r4.model.Bundle.class); // closed: an unknown element is a 400 naming it
        JsonNode node;
        try {
            node = Fhir.json().readTree(body);
        } catch (JsonProcessingException e) {
            throw FhirException.invalid("The body is not JSON");
        }
        if (!(node instanceof ObjectNode o) || !o.path("resourceType").asText().equals("Bundle")) {
            throw FhirException.invalid("Send a Bundle of type transaction or batch");
        }
        return o;
    }
}
