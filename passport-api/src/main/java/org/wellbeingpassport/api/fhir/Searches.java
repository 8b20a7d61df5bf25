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
import org.wellbeingpassport.api.passport.IdentifierIndex;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;

/**
 * FHIR search (see {@link SearchQuery} for the parameters): by patient over one resource type (every search of a
 * clinical type is within one resident's record), or Patient by identifier (the NHS number system) or id.
 * {@code _count} (default 20, at most 100) and {@code _offset} (where the next page starts, counted over the caller's
 * own matches, so it says nothing of what is withheld). Searchsets have no {@code total}, except for
 * {@code _summary=count}, whose {@code total} counts the caller's own matches only: exactly what paging to the end
 * would show it, so it reveals nothing withheld. {@code _include} adds the directory resources (Practitioner,
 * PractitionerRole, Organization: no resident's data) that references in the disclosed, redacted page point at
 * ({@code _include:iterate}: also from what was included); {@code _revinclude} adds what the caller is shown that
 * refers to a match, each through the gate as a read ({@link PartnerReads#search}). Neither changes the matches, the
 * links or a count.
 */
@Singleton
final class Searches {
    static final int DEFAULT_COUNT = SearchQuery.DEFAULT_COUNT;
    static final int MAX_COUNT = SearchQuery.MAX_COUNT;

    private final PartnerReads reads;
    private final DirectoryResources directory;
    private final IdentifierIndex identifiers;

    Searches(PartnerReads reads, DirectoryResources directory, IdentifierIndex identifiers) {
        this.reads = reads;
        this.directory = directory;
        this.identifiers = identifiers;
    }

    /** A search (also used by transaction and batch entries); strict about parameters. */
    ObjectNode bundle(PartnerContext ctx, String type, Map<String, List<String>> params) {
        return bundle(ctx, type, params, false);
    }

    /** A search; {@code lenient}: unknown parameters are left out (and out of the self link), not refused. */
    ObjectNode bundle(PartnerContext ctx, String type, Map<String, List<String>> params, boolean lenient) {
        SearchQuery q = SearchQuery.parse(type, params, lenient);
        for (SearchQuery.RevInclude rev : q.revIncludes()) {
            ctx.require(rev.rule().source(), 's'); // what a revinclude sends is searched for, as the matches are
        }
        boolean countOnly = q.summary() == SearchQuery.Summary.COUNT;
        PartnerReads.Page page;
        if (type.equals("Patient")) {
            page = reads.searchPatient(ctx, q, patientOf(q), countOnly);
        } else {
            String patient = q.patient()
                    .orElseThrow(() -> new FhirException(HttpStatus.BAD_REQUEST,
                            List.of(new FhirException.Issue(IssueType.REQUIRED,
                                    "Search " + type + " by patient (patient=Patient/{id} or subject=Patient/{id})",
                                    "patient"))));
            String residentId = patient.startsWith(ctx.base() + "/")
                    ? patient.substring(ctx.base().length() + 1)
                    : patient;
            residentId = residentId.startsWith("Patient/") ? residentId.substring("Patient/".length()) : residentId;
            page = reads.search(ctx, q, residentId, countOnly);
        }
        String self = ctx.base() + "/" + q.link(q.offset());
        if (countOnly) {
            ObjectNode b = Bundles.searchset(ctx.base(), List.of(), self, null);
            b.put("total", page.matches());
            return b;
        }
        String next = page.more() ? ctx.base() + "/" + q.link(q.offset() + q.count()) : null;
        List<PartnerReads.Found> shaped = new ArrayList<>();
        for (PartnerReads.Found f : page.found()) {
            shaped.add(new PartnerReads.Found(f.type(), f.id(), q.shape(f.resource())));
        }
        ObjectNode bundle = Bundles.searchset(ctx.base(), shaped, self, next);
        List<PartnerReads.Found> included = new ArrayList<>(page.revIncluded());
        included.addAll(includes(q, page.found(), page.revIncluded()));
        if (!included.isEmpty()) {
            Bundles.entries(bundle, ctx.base(), included, "include");
        }
        return bundle;
    }

    /** Patient search: the resident an NHS number leads to (or the id); empty when none (the same empty answer). */
    private Optional<String> patientOf(SearchQuery q) {
        if (q.identifiers().isEmpty() && q.id().isEmpty()) {
            throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.REQUIRED,
                    "Search Patient by identifier=" + CodeSystems.NHS_NUMBER + "|{number} or by _id", "identifier")));
        }
        Optional<String> byNumber = Optional.empty();
        if (!q.identifiers().isEmpty()) {
            String v = q.identifiers().get(0);
            int bar = v.indexOf('|');
            if (bar < 0 || !v.substring(0, bar).equals(CodeSystems.NHS_NUMBER) || v.contains(",")) {
                throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.NOTSUPPORTED,
                        "Patient identifier search takes one " + CodeSystems.NHS_NUMBER + "|{number}", "identifier")));
            }
            byNumber = identifiers.lookup(v.substring(bar + 1)).map(IdentifierIndex.Entry::residentId);
            if (byNumber.isEmpty()) {
                return Optional.empty();
            }
        }
        if (q.id().isPresent() && byNumber.isPresent() && !q.id().get().equals(byNumber.get())) {
            return Optional.empty();
        }
        return byNumber.or(q::id);
    }

    /**
     * The directory resources (no resident's data) that references in the page's disclosed, redacted resources point
     * at, once each: {@code _include} from the matches; {@code _include:iterate} also from what was revincluded and
     * included, round after round until nothing new is reached.
     */
    private List<PartnerReads.Found> includes(SearchQuery q, List<PartnerReads.Found> page,
            List<PartnerReads.Found> revIncluded) {
        Map<String, PartnerReads.Found> out = new LinkedHashMap<>();
        if (q.includes().isEmpty()) {
            return List.of();
        }
        java.util.Set<String> present = new java.util.HashSet<>();
        for (PartnerReads.Found f : page) {
            present.add(f.type() + "/" + f.id());
        }
        for (PartnerReads.Found f : revIncluded) {
            present.add(f.type() + "/" + f.id());
        }
        reach(q, page, false, present, out);
        List<PartnerReads.Found> round = new ArrayList<>(page);
        round.addAll(revIncluded);
        round.addAll(out.values());
        // each round can only add directory resources, of which there are few: it ends
        for (int depth = 0; depth < 8 && !round.isEmpty(); depth++) {
            int before = out.size();
            reach(q, round, true, present, out);
            round = new ArrayList<>(out.values()).subList(before, out.size());
        }
        return new ArrayList<>(out.values());
    }

    private void reach(SearchQuery q, List<PartnerReads.Found> from, boolean iterate, java.util.Set<String> present,
            Map<String, PartnerReads.Found> out) {
        for (SearchQuery.Include inc : q.includes()) {
            if (inc.iterate() != iterate) {
                continue;
            }
            for (PartnerReads.Found f : from) {
                if (!inc.appliesTo(f.type())) {
                    continue;
                }
                for (String ref : SearchQuery.referencesAt(f.resource(), inc.element(), "")) {
                    int slash = ref.indexOf('/');
                    String t = ref.substring(0, slash);
                    String id = ref.substring(slash + 1);
                    if (present.contains(ref) || out.containsKey(ref)
                            || !CapabilityStatementFactory.DIRECTORY.contains(t)
                            || inc.target().filter(x -> !x.equals(t)).isPresent()) {
                        continue;
                    }
                    directory.read(t, id)
                            .ifPresent(json -> out.put(ref, new PartnerReads.Found(t, id, Fhir.tree(json))));
                }
            }
        }
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
