package org.wellbeingpassport.api.fhir;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.wellbeingpassport.api.http.FhirException;

/**
 * Search by patient over one resource type: {@code patient} or {@code subject} (required: every search is within one
 * resident's record), {@code _id}, {@code _count} (default 20, at most 100) and {@code _offset} (where the next page
 * starts, counted over the caller's own results, so it says nothing of what is withheld). Any other parameter is a
 * 400 naming it, never silently ignored.
 */
@Singleton
final class Searches {
    static final int DEFAULT_COUNT = 20;
    static final int MAX_COUNT = 100;
    private static final Set<String> SEARCH_PARAMS = Set.of("patient", "subject", "_count", "_offset", "_id", "purpose",
            "_format");

    private final PartnerReads reads;

    Searches(PartnerReads reads) {
        this.reads = reads;
    }

    /** A search by patient (also used by transaction and batch entries). */
    ObjectNode bundle(PartnerContext ctx, String type, Map<String, List<String>> params) {
        for (String p : params.keySet()) {
            if (!SEARCH_PARAMS.contains(p)) {
                throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                        "Search parameter '" + p + "' is not supported on " + type + "; see /fhir/metadata", p)));
            }
        }
        String patient = one(params, "patient").or(() -> one(params, "subject")).orElseThrow(
                () -> new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.REQUIRED,
                        "Search " + type + " by patient (patient=Patient/{id} or subject=Patient/{id})", "patient"))));
        String residentId = patient.startsWith(ctx.base() + "/") ? patient.substring(ctx.base().length() + 1) : patient;
        residentId = residentId.startsWith("Patient/") ? residentId.substring("Patient/".length()) : residentId;
        int count = number(params, "_count", DEFAULT_COUNT, 1, MAX_COUNT);
        int offset = number(params, "_offset", 0, 0, Integer.MAX_VALUE);
        PartnerReads.Page page = reads.search(ctx, type, residentId, count, offset, one(params, "_id"));
        String query = type + "?patient=" + enc("Patient/" + residentId)
                + one(params, "_id").map(i -> "&_id=" + enc(i)).orElse("")
                + one(params, "purpose").map(p -> "&purpose=" + enc(p)).orElse("") + "&_count=" + count;
        String self = ctx.base() + "/" + query + (offset > 0 ? "&_offset=" + offset : "");
        String next = page.more() ? ctx.base() + "/" + query + "&_offset=" + (offset + count) : null;
        return Bundles.searchset(ctx.base(), page.found(), self, next);
    }

    private static Optional<String> one(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        if (v.size() > 1) {
            throw FhirException.invalid("Give " + name + " once");
        }
        return Optional.of(v.get(0));
    }

    private static int number(Map<String, List<String>> params, String name, int dflt, int min, int max) {
        Optional<String> v = one(params, name);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min) {
                throw FhirException.invalid(name + " must be at least " + min);
            }
            return Math.min(n, max);
        } catch (NumberFormatException e) {
            throw FhirException.invalid(name + " must be a whole number");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Parameters of a relative URL's query (for transaction and batch GET entries). */
    static Map<String, List<String>> query(String q) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (q == null || q.isEmpty()) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = decoded(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decoded(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(v);
        }
        return out;
    }

    /** A query part percent-decoded; a % not followed by two hex digits is the sender's mistake (400), not a 500. */
    private static String decoded(String part) {
        try {
            return java.net.URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw FhirException.invalid("The query of a GET entry is not a valid URL query: each % must be followed"
                    + " by two hexadecimal digits");
        }
    }
}
