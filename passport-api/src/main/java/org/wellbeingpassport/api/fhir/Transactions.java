package org.wellbeingpassport.api.fhir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.wellbeingpassport.api.http.ETags;
import org.wellbeingpassport.api.http.FhirException;
import org.wellbeingpassport.api.http.OperationOutcomes;
import org.wellbeingpassport.fhir.Fhir;

/**
 * Transaction and batch Bundles posted to the FHIR base.
 * <ul>
 * <li><b>transaction</b>: {@code POST {Type}} entries (an Observation's conditional with {@code ifNoneExist}),
 * {@code PUT {Type}/{id}} of what this partner wrote, and {@code PUT Patient/{id}}, each with an optional
 * {@code ifMatch}; the types and rules are {@link PartnerWrites}'. Every entry is parsed, validated and checked
 * against consent before any is written; one failure refuses the whole Bundle with nothing written (an update the
 * caller may write whose document passed validation in this process before is not validated again:
 * {@link ValidatedDocuments}). Then each
 * resident's entries are written as ONE new version of that resident's passport, all or nothing (one
 * single-document compare-and-set: {@link org.wellbeingpassport.api.store.PassportStore#updateAll}), with one audit
 * entry naming them all: a whole passport (the Patient and its resources) is one version, and a stale
 * {@code ifMatch} on any of them (the Patient's, say) refuses it with 412 and nothing written. A Bundle about
 * several residents writes one resident after another (no write spans two documents).</li>
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
            Set<String> targets = new HashSet<>();
            int i = 0;
            for (JsonNode e : entries) {
                String where = "Bundle.entry[" + i++ + "]";
                PartnerWrites.Prepared p = prepareEntry(ctx, e, where, true); // not validated yet: below
                if (!targets.add(p.residentId() + " " + p.ref())) {
                    throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.INVALID,
                            "The transaction writes " + p.ref() + " twice", where + ".request.url")));
                }
                prepared.add(p);
            }
            Map<String, List<Integer>> byResident = new LinkedHashMap<>();
            for (int k = 0; k < prepared.size(); k++) {
                byResident.computeIfAbsent(prepared.get(k).residentId(), r -> new ArrayList<>()).add(k);
            }
            // validated first, as always, every entry whose document is not one that passed validation in this
            // process before (ADR 0012, "validate what changed"): a 422 comes before any consent decision is taken
            boolean[] passed = new boolean[prepared.size()];
            for (int k = 0; k < prepared.size(); k++) {
                PartnerWrites.Prepared p = prepared.get(k);
                passed[k] = p.update() && writes.passedBefore(p);
                if (!passed[k]) {
                    try {
                        validate(p, k);
                    } catch (FhirException x) {
                        // refused as before, after every entry up to this one was validated (those that passed
                        // before, again), so that how long a 422 takes says nothing of what passed before
                        for (int j = 0; j < k; j++) {
                            if (passed[j]) {
                                validate(prepared.get(j), j);
                            }
                        }
                        throw x;
                    }
                }
            }
            Map<String, PartnerWrites.Decision> decided = new LinkedHashMap<>();
            for (Map.Entry<String, List<Integer>> r : byResident.entrySet()) {
                // consent decided once per resident (as before: the gate's explanation, recorded)
                decided.put(r.getKey(),
                        writes.decide(ctx, r.getKey(), r.getValue().stream().map(prepared::get).toList()));
            }
            for (int k = 0; k < prepared.size(); k++) {
                // one that passed before is skipped only when the caller may write it; else it is validated as it
                // always was, so that neither the answer nor its time says what passed before in a passport the
                // caller may not write to
                PartnerWrites.Prepared p = prepared.get(k);
                if (passed[k] && !decided.get(p.residentId()).allowed(p)) {
                    validate(p, k);
                }
            }
            for (Map.Entry<String, List<Integer>> r : byResident.entrySet()) {
                // every entry's consent before any write: the first refused is the 404, recorded as refused
                writes.checkVisible(ctx, r.getKey(), r.getValue().stream().map(prepared::get).toList(),
                        decided.get(r.getKey()));
            }
            PartnerWrites.Created[] results = new PartnerWrites.Created[prepared.size()];
            for (Map.Entry<String, List<Integer>> r : byResident.entrySet()) {
                List<PartnerWrites.Prepared> group = r.getValue().stream().map(prepared::get).toList();
                List<PartnerWrites.Created> done = writes.writeAll(ctx, r.getKey(), group,
                        decided.get(r.getKey()).current());
                for (int k = 0; k < done.size(); k++) {
                    results[r.getValue().get(k)] = done.get(k);
                }
            }
            for (PartnerWrites.Created c : results) {
                created(ctx, answered.addObject(), c);
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
                    PartnerWrites.Prepared p = prepareEntry(ctx, e, where, false);
                    try {
                        writes.validate(p);
                    } catch (FhirException x) {
                        throw under(x, p.type(), where + ".resource");
                    }
                    created(ctx, a, writes.create(ctx, p));
                }
            } catch (FhirException x) {
                a.putObject("response").put("status", x.status().getCode() + " " + x.status().getReason())
                        .set("outcome", Fhir.tree(OperationOutcomes.json(x.issues())));
            }
        }
        return out;
    }

    /** Validates the transaction's entry {@code k} in full: 422 naming its paths within the Bundle. */
    private void validate(PartnerWrites.Prepared p, int k) {
        try {
            writes.validate(p);
        } catch (FhirException x) {
            throw under(x, p.type(), "Bundle.entry[" + k + "].resource");
        }
    }

    /**
     * One entry to write: {@code POST {Type}} (a batch: Observation only) or, in a transaction, {@code PUT {Type}/{id}}
     * and {@code PUT Patient/{id}}, with {@code request.ifMatch} (W/"n") and, for a POST, {@code ifNoneExist}.
     */
    private PartnerWrites.Prepared prepareEntry(PartnerContext ctx, JsonNode e, String where, boolean transaction) {
        JsonNode request = e.path("request");
        String method = request.path("method").asText();
        String url = request.path("url").asText();
        if (url.startsWith(ctx.base() + "/")) {
            url = url.substring(ctx.base().length() + 1);
        }
        String[] parts = url.split("/", -1);
        String type = parts[0];
        boolean post = method.equals("POST") && parts.length == 1
                && (transaction ? PartnerWrites.WRITABLE.containsKey(type) : type.equals(PartnerWrites.OBSERVATION));
        boolean put = transaction && method.equals("PUT") && parts.length == 2 && FhirJson.isValidId(parts[1])
                && (PartnerWrites.WRITABLE.containsKey(type) || type.equals(PartnerWrites.PATIENT));
        if (!post && !put) {
            throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                    "Transaction entries are POST {Type} or PUT {Type}/{id} of "
                            + String.join(", ", new TreeSet<>(PartnerWrites.WRITABLE.keySet()))
                            + ", or PUT Patient/{id}; batch entries are POST Observation or GET",
                    where + ".request")));
        }
        JsonNode resource = e.path("resource");
        if (!resource.isObject() || !type.equals(resource.path("resourceType").asText())) {
            throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.REQUIRED,
                    "A " + method + " entry carries its resource, a " + type, where + ".resource")));
        }
        if (resource.toString().contains("\"reference\":\"urn:")) {
            throw new FhirException(HttpStatus.UNPROCESSABLE_ENTITY,
                    List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                            "References between entries (urn:uuid) are not supported", where + ".resource")));
        }
        OptionalLong ifMatch = OptionalLong.empty();
        if (request.hasNonNull("ifMatch")) {
            if (!put) {
                throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                        "ifMatch goes with a PUT", where + ".request.ifMatch")));
            }
            ifMatch = OptionalLong.of(ETags.version(request.path("ifMatch").asText()).orElseThrow(
                    () -> new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.INVALID,
                            "ifMatch must be an ETag such as W/\"3\"", where + ".request.ifMatch")))));
        }
        String ifNoneExist = request.path("ifNoneExist").asText("");
        if (!ifNoneExist.isBlank() && !(post && type.equals(PartnerWrites.OBSERVATION))) {
            throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                    "ifNoneExist goes with a POST Observation", where + ".request.ifNoneExist")));
        }
        try {
            return writes.prepareUnvalidated(ctx, type, put ? Optional.of(parts[1]) : Optional.empty(),
                    Fhir.write(resource), ifNoneExist.isBlank() ? Optional.empty() : Optional.of(ifNoneExist), ifMatch);
        } catch (FhirException x) {
            throw under(x, type, where + ".resource");
        }
    }

    /** The same refusal, its paths named within the Bundle ({@code Observation.value} -> entry[i].resource.value). */
    private static FhirException under(FhirException x, String type, String resource) {
        List<FhirException.Issue> issues = new ArrayList<>();
        for (FhirException.Issue i : x.issues()) {
            String e = i.expression();
            String at = e == null || e.isEmpty()
                    ? resource
                    : e.equals(type) || e.startsWith(type + ".") || e.startsWith(type + "[")
                            ? resource + e.substring(type.length())
                            : e.startsWith("If-") ? e : resource + "." + e;
            issues.add(new FhirException.Issue(i.type(), i.diagnostics(), at));
        }
        return new FhirException(x.status(), issues);
    }

    private static void created(PartnerContext ctx, ObjectNode a, PartnerWrites.Created c) {
        FhirVersion r = c.resource();
        a.put("fullUrl", ctx.base() + "/" + r.type() + "/" + r.id());
        if (c.created()) {
            a.set("resource", Fhir.tree(r.json()));
        }
        a.putObject("response").put("status", c.created() ? "201 Created" : "200 OK")
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
            ctx.requireWholePassport();
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
