package org.wellbeingpassport.api.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.wellbeingpassport.api.http.FhirException;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * One search's parameters, parsed closed (an unknown or unsupported parameter is a 400 naming it, unless the caller
 * asked for {@code Prefer: handling=lenient}, when it is left out of the {@code self} link instead), and matched
 * against each resource <b>as the caller is shown it</b> (redacted): a value the caller may not see can never make a
 * resource match, so a search says nothing that a read would not.
 *
 * <p>
 * Supported: {@code _id}, {@code identifier} (token), {@code code} (token, Observation, Condition, ServiceRequest),
 * {@code date} (Observation effective, Composition date, CarePlan period) and {@code _lastUpdated} with the prefixes
 * eq, ne, lt, le, gt, ge, sa, eb; {@code _sort} ({@code date}, {@code _lastUpdated}, {@code _id}, each with {@code -}
 * for descending); {@code _include} of the directory resources a disclosed reference points at, and
 * {@code _include:iterate} from what was included; {@code _revinclude} of what refers to a match ({@link #REVINCLUDES});
 * {@code _summary} ({@code true}, {@code false}, {@code data}, {@code count}) and {@code _elements}. Values separated
 * by commas are alternatives; a parameter given twice must hold both times.
 */
final class SearchQuery {
    static final int DEFAULT_COUNT = 20;
    static final int MAX_COUNT = 100;
    static final String SUBSETTED = "SUBSETTED";

    /** The search parameters with a value path per type (beyond those every type has). */
    private static final Map<String, Set<String>> TYPE_PARAMS = Map.of("Patient", Set.of("identifier"), "Observation",
            Set.of("patient", "subject", "identifier", "code", "date"), "Condition",
            Set.of("patient", "subject", "identifier", "code"), "ServiceRequest",
            Set.of("patient", "subject", "identifier", "code"), "Composition",
            Set.of("patient", "subject", "identifier", "date"), "CarePlan",
            Set.of("patient", "subject", "identifier", "date"), "Goal", Set.of("patient", "subject", "identifier"),
            "RelatedPerson", Set.of("patient", "identifier"));
    private static final Set<String> COMMON = Set.of("_id", "_lastUpdated", "_sort", "_include", "_include:iterate",
            "_revinclude", "_summary", "_elements", "_count", "_offset", "purpose", "_format");

    /**
     * {@code _include} values: the path of the element holding the reference (directory resources only are included:
     * Organization, Practitioner, PractitionerRole, no resident's data). Those of the directory's own types and of
     * Provenance apply with {@code _include:iterate} (to what a search included or revincluded).
     */
    static final Map<String, String> INCLUDES = Map.ofEntries(Map.entry("Observation:performer", "performer"),
            Map.entry("Condition:asserter", "asserter"), Map.entry("Condition:recorder", "recorder"),
            Map.entry("ServiceRequest:requester", "requester"), Map.entry("ServiceRequest:performer", "performer"),
            Map.entry("Composition:author", "author"), Map.entry("Patient:general-practitioner", "generalPractitioner"),
            Map.entry("Patient:organization", "managingOrganization"),
            Map.entry("PractitionerRole:practitioner", "practitioner"),
            Map.entry("PractitionerRole:organization", "organization"), Map.entry("Provenance:agent", "agent.who"));

    /** A resource type a {@code _revinclude} reaches, the element (path) of it that refers, and what it may refer to. */
    record RevIncludeRule(String source, String path, Set<String> targets) {
    }

    /**
     * {@code _revinclude} values: the resources of the resident's record (as the caller is shown them) whose reference
     * points at a match: each clinical type's {@code subject} and {@code patient} at a Patient, and Provenance's
     * {@code target} at anything served (who wrote what).
     */
    static final Map<String, RevIncludeRule> REVINCLUDES = revIncludeRules();

    private static Map<String, RevIncludeRule> revIncludeRules() {
        Map<String, RevIncludeRule> out = new LinkedHashMap<>();
        for (String t : List.of("Composition", "CarePlan", "Goal", "Condition", "Observation", "ServiceRequest")) {
            out.put(t + ":subject", new RevIncludeRule(t, "subject", Set.of("Patient")));
            out.put(t + ":patient", new RevIncludeRule(t, "subject", Set.of("Patient")));
        }
        out.put("RelatedPerson:patient", new RevIncludeRule("RelatedPerson", "patient", Set.of("Patient")));
        out.put("Provenance:target", new RevIncludeRule("Provenance", "target", Set.copyOf(Bundles.TYPES)));
        return Map.copyOf(out);
    }

    /** The {@code _revinclude} values a search of this type takes. */
    static List<String> revIncludes(String type) {
        return REVINCLUDES.entrySet().stream().filter(e -> e.getValue().targets().contains(type)).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** The {@code _include} values a search of this type takes: its own, and with {@code :iterate} the others. */
    static List<String> includes(String type) {
        return INCLUDES.keySet().stream().filter(k -> k.startsWith(type + ":") || iterable(k)).sorted().toList();
    }

    /** Whether an include applies to included resources (with {@code :iterate}) rather than to a search's type. */
    static boolean iterable(String include) {
        String source = include.substring(0, include.indexOf(':'));
        return CapabilityStatementFactory.DIRECTORY.contains(source) || source.equals("Provenance");
    }

    enum Summary {
        FALSE,
        TRUE,
        DATA,
        COUNT
    }

    /** An include: the value, the path of the referring element, the type asked for, and whether it iterates. */
    record Include(String param, String element, Optional<String> target, boolean iterate) {
        /** Whether it applies to a resource of this type. */
        boolean appliesTo(String type) {
            return param.startsWith(type + ":");
        }
    }

    /** A revinclude: the value, and the resources it reaches. */
    record RevInclude(String param, RevIncludeRule rule) {
    }

    record SortKey(String param, boolean descending) {
    }

    private final String type;
    private final Map<String, List<String>> applied = new LinkedHashMap<>();
    private final List<Predicate<JsonNode>> clauses = new ArrayList<>();
    private final List<SortKey> sort = new ArrayList<>();
    private final List<Include> includes = new ArrayList<>();
    private final List<RevInclude> revIncludes = new ArrayList<>();
    private final Set<String> elements = new LinkedHashSet<>();
    private Summary summary = Summary.FALSE;
    private Optional<String> patient = Optional.empty();
    private Optional<String> id = Optional.empty();
    private List<String> identifiers = List.of();
    private int count = DEFAULT_COUNT;
    private int offset;

    private SearchQuery(String type) {
        this.type = type;
    }

    /** The parameters a type's search takes (for the CapabilityStatement). */
    static Set<String> parameters(String type) {
        return TYPE_PARAMS.getOrDefault(type, Set.of());
    }

    /** Whether {@code date} applies to this type. */
    static boolean hasDate(String type) {
        return parameters(type).contains("date");
    }

    static SearchQuery parse(String type, Map<String, List<String>> params, boolean lenient) {
        SearchQuery q = new SearchQuery(type);
        Set<String> allowed = parameters(type);
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            String name = p.getKey();
            if (!allowed.contains(name) && !COMMON.contains(name)) {
                if (lenient) {
                    continue;
                }
                throw unsupported("Search parameter '" + name + "' is not supported on " + type
                        + "; see /fhir/metadata (or send Prefer: handling=lenient to have it ignored)", name);
            }
            List<String> values = p.getValue().isEmpty() ? List.of("") : p.getValue();
            for (String v : values) {
                q.add(name, v);
            }
        }
        return q;
    }

    private void add(String name, String value) {
        switch (name) {
            case "patient", "subject" -> patient = Optional.of(once(name, patient, value));
            case "_id" -> {
                id = Optional.of(once(name, id, value));
                clauses.add(r -> r.path("id").asText().equals(value));
            }
            case "_count" -> count = Math.min(number(name, value, 1), MAX_COUNT);
            case "_offset" -> offset = number(name, value, 0);
            case "purpose", "_format" -> {
                // purpose is read by PartnerContext, _format by the media type filter; kept in the links
            }
            case "identifier" -> {
                List<String[]> tokens = tokens(name, value);
                if (identifiers.isEmpty()) {
                    identifiers = List.of(value);
                }
                clauses.add(r -> anyToken(r.path("identifier"), tokens, SearchQuery::identifierMatches));
            }
            case "code" -> {
                List<String[]> tokens = tokens(name, value);
                clauses.add(r -> anyToken(codings(r.path("code")), tokens, SearchQuery::codingMatches));
            }
            case "date", "_lastUpdated" -> {
                List<DateClause> alternatives = new ArrayList<>();
                for (String v : value.split(",")) {
                    alternatives.add(DateClause.parse(name, v));
                }
                boolean last = name.equals("_lastUpdated");
                clauses.add(r -> {
                    Optional<Instant[]> range = last ? instant(r.path("meta").path("lastUpdated")) : dateOf(type, r);
                    return range.isPresent() && alternatives.stream().anyMatch(c -> c.test(range.get()));
                });
            }
            case "_sort" -> {
                for (String s : value.split(",")) {
                    boolean desc = s.startsWith("-");
                    String p = desc ? s.substring(1) : s;
                    if (!(p.equals("_id") || p.equals("_lastUpdated") || (p.equals("date") && hasDate(type)))) {
                        throw unsupported("Sort " + type + " by date (where it has one), _lastUpdated or _id, each"
                                + " with - in front for descending; not by '" + p + "'", "_sort");
                    }
                    sort.add(new SortKey(p, desc));
                }
            }
            case "_include", "_include:iterate" -> {
                boolean iterate = name.equals("_include:iterate");
                String[] parts = value.split(":");
                String key = parts.length >= 2 ? parts[0] + ":" + parts[1] : value;
                String element = INCLUDES.get(key);
                boolean fits = element != null && parts.length <= 3
                        && (parts[0].equals(type) || (iterate && iterable(key)));
                if (!fits) {
                    throw unsupported(name + " '" + value + "' is not supported on " + type + "; supported: _include="
                            + INCLUDES.keySet().stream().filter(k -> k.startsWith(type + ":")).sorted().toList()
                            + ", _include:iterate=" + includes(type), name);
                }
                Optional<String> target = parts.length == 3 ? Optional.of(parts[2]) : Optional.empty();
                if (target.isPresent() && !CapabilityStatementFactory.DIRECTORY.contains(target.get())) {
                    throw unsupported(name + " reaches Organization, Practitioner or PractitionerRole", name);
                }
                includes.add(new Include(key, element, target, iterate));
            }
            case "_revinclude" -> {
                RevIncludeRule rule = REVINCLUDES.get(value);
                if (rule == null || !rule.targets().contains(type)) {
                    throw unsupported("_revinclude '" + value + "' is not supported on " + type + "; supported: "
                            + revIncludes(type), "_revinclude");
                }
                if (revIncludes.stream().noneMatch(r -> r.param().equals(value))) {
                    revIncludes.add(new RevInclude(value, rule));
                }
            }
            case "_summary" -> summary = switch (value) {
                case "true" -> Summary.TRUE;
                case "false" -> Summary.FALSE;
                case "data" -> Summary.DATA;
                case "count" -> Summary.COUNT;
                default -> throw unsupported("_summary takes true, false, data or count", "_summary");
            };
            case "_elements" -> {
                RuntimeResourceDefinition def = FhirJson.context().getResourceDefinition(type);
                for (String e : value.split(",")) {
                    String el = e.trim();
                    el = el.startsWith(type + ".") ? el.substring(type.length() + 1) : el;
                    String wanted = el;
                    boolean known = def.getChildren().stream()
                            .anyMatch(c -> c.getElementName().replace("[x]", "").equals(wanted));
                    if (!known) {
                        throw unsupported(type + " has no element '" + e + "'", "_elements");
                    }
                    elements.add(el);
                }
            }
            default -> throw unsupported("Search parameter '" + name + "' is not supported", name);
        }
        applied.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    String type() {
        return type;
    }

    Optional<String> patient() {
        return patient;
    }

    Optional<String> id() {
        return id;
    }

    /** The identifier values asked for (Patient search resolves the resident from the first). */
    List<String> identifiers() {
        return identifiers;
    }

    int count() {
        return count;
    }

    int offset() {
        return offset;
    }

    Summary summary() {
        return summary;
    }

    List<Include> includes() {
        return includes;
    }

    List<RevInclude> revIncludes() {
        return revIncludes;
    }

    /**
     * The references ({@code Type/id}, version and the caller's base taken off) a resource holds at an element path
     * such as {@code agent.who}, each element of an array followed.
     */
    static List<String> referencesAt(JsonNode resource, String path, String base) {
        List<JsonNode> nodes = new ArrayList<>(List.of(resource));
        for (String step : path.split("\\.")) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : nodes) {
                JsonNode c = n.path(step);
                if (c.isArray()) {
                    c.forEach(next::add);
                } else if (c.isObject()) {
                    next.add(c);
                }
            }
            nodes = next;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : nodes) {
            String ref = n.path("reference").asText("");
            if (ref.startsWith(base + "/")) {
                ref = ref.substring(base.length() + 1);
            }
            int history = ref.indexOf("/_history/");
            if (history > 0) {
                ref = ref.substring(0, history);
            }
            if (ref.matches("[A-Za-z]+/[A-Za-z0-9\\-.]{1,64}")) {
                out.add(ref);
            }
        }
        return out;
    }

    /** Whether the resource, as the caller is shown it, meets every clause. */
    boolean matches(JsonNode resource) {
        for (Predicate<JsonNode> c : clauses) {
            if (!c.test(resource)) {
                return false;
            }
        }
        return true;
    }

    /** The order of results: {@code _sort}'s keys (missing values last), then id, so pages are stable. */
    Comparator<PartnerReads.Found> order() {
        Comparator<PartnerReads.Found> c = (a, b) -> 0;
        for (SortKey k : sort) {
            Comparator<PartnerReads.Found> key = (a, b) -> {
                Optional<Instant> x = sortValue(k.param(), a);
                Optional<Instant> y = sortValue(k.param(), b);
                if (k.param().equals("_id")) {
                    int r = a.id().compareTo(b.id());
                    return k.descending() ? -r : r;
                }
                if (x.isEmpty() || y.isEmpty()) {
                    return x.isPresent() ? -1 : (y.isPresent() ? 1 : 0);
                }
                int r = x.get().compareTo(y.get());
                return k.descending() ? -r : r;
            };
            c = c.thenComparing(key);
        }
        return c.thenComparing(PartnerReads.Found::id);
    }

    private Optional<Instant> sortValue(String param, PartnerReads.Found f) {
        Optional<Instant[]> r = param.equals("date")
                ? dateOf(type, f.resource())
                : instant(f.resource().path("meta").path("lastUpdated"));
        return r.map(x -> x[0]);
    }

    /** The query as applied (for self and next links), with {@code _count} and the given {@code _offset}. */
    String link(int at) {
        StringBuilder b = new StringBuilder(type).append('?');
        boolean first = true;
        for (Map.Entry<String, List<String>> e : applied.entrySet()) {
            if (e.getKey().equals("_count") || e.getKey().equals("_offset")) {
                continue;
            }
            for (String v : e.getValue()) {
                b.append(first ? "" : "&").append(enc(e.getKey())).append('=').append(enc(v));
                first = false;
            }
        }
        b.append(first ? "" : "&").append("_count=").append(count);
        if (at > 0) {
            b.append("&_offset=").append(at);
        }
        return b.toString();
    }

    /**
     * The resource as this search sends it: whole, or subsetted by {@code _summary} or {@code _elements} (the
     * mandatory elements always kept, and tagged SUBSETTED as FHIR asks).
     */
    ObjectNode shape(ObjectNode resource) {
        if (summary == Summary.DATA) {
            ObjectNode copy = resource.deepCopy();
            copy.remove("text");
            return tagSubsetted(copy);
        }
        if (summary != Summary.TRUE && elements.isEmpty()) {
            return resource;
        }
        RuntimeResourceDefinition def = FhirJson.context().getResourceDefinition(type);
        ObjectNode out = resource.objectNode();
        var fields = resource.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            String key = f.getKey();
            if (key.equals("resourceType") || key.equals("id") || key.equals("meta")) {
                out.set(key, f.getValue().deepCopy());
                continue;
            }
            String name = key.startsWith("_") ? key.substring(1) : key;
            BaseRuntimeChildDefinition child = def.getChildByName(name);
            if (child == null) {
                continue;
            }
            boolean keep = child.getMin() > 0 || name.equals("modifierExtension")
                    || (summary == Summary.TRUE && child.isSummary())
                    || elements.contains(child.getElementName().replace("[x]", ""));
            if (keep) {
                out.set(key, f.getValue().deepCopy());
            }
        }
        return tagSubsetted(out);
    }

    private static ObjectNode tagSubsetted(ObjectNode r) {
        ObjectNode meta = r.get("meta") instanceof ObjectNode m ? m : r.putObject("meta");
        ArrayNode tags = meta.get("tag") instanceof ArrayNode t ? t : meta.putArray("tag");
        tags.addObject().put("system", CodeSystems.V3_OBSERVATION_VALUE).put("code", SUBSETTED).put("display",
                "subsetted");
        return r;
    }

    // ---- values

    private static Optional<Instant[]> dateOf(String type, JsonNode r) {
        return switch (type) {
            case "Observation" -> r.has("effectiveDateTime")
                    ? dateTime(r.path("effectiveDateTime"))
                    : r.has("effectiveInstant")
                            ? instant(r.path("effectiveInstant"))
                            : period(r.path("effectivePeriod"));
            case "Composition" -> dateTime(r.path("date"));
            case "CarePlan" -> period(r.path("period"));
            default -> Optional.empty();
        };
    }

    private static Optional<Instant[]> period(JsonNode p) {
        Optional<Instant[]> start = dateTime(p.path("start"));
        Optional<Instant[]> end = dateTime(p.path("end"));
        if (start.isEmpty() && end.isEmpty()) {
            return Optional.empty();
        }
        return Optional
                .of(new Instant[]{start.map(s -> s[0]).orElse(Instant.MIN), end.map(e -> e[1]).orElse(Instant.MAX)});
    }

    private static Optional<Instant[]> instant(JsonNode v) {
        return dateTime(v);
    }

    private static Optional<Instant[]> dateTime(JsonNode v) {
        if (!v.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(range(v.asText()));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A FHIR date or dateTime as the half-open range of instants its precision covers (no zone: UTC). */
    static Instant[] range(String v) {
        if (v.matches("[0-9]{4}")) {
            Instant s = LocalDate.of(Integer.parseInt(v), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
            return new Instant[]{s,
                    LocalDate.of(Integer.parseInt(v) + 1, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC)};
        }
        if (v.matches("[0-9]{4}-[0-9]{2}")) {
            YearMonth m = YearMonth.parse(v);
            return new Instant[]{m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                    m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)};
        }
        if (v.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
            LocalDate d = LocalDate.parse(v);
            return new Instant[]{d.atStartOfDay().toInstant(ZoneOffset.UTC),
                    d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)};
        }
        if (v.matches(
                "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})")) {
            String full = v.matches(".*T[0-9]{2}:[0-9]{2}(Z|[+-].*)")
                    ? v.replaceFirst("(T[0-9]{2}:[0-9]{2})", "$1:00")
                    : v;
            Instant s = OffsetDateTime.parse(full).toInstant();
            boolean seconds = v.matches(".*T[0-9]{2}:[0-9]{2}:[0-9]{2}.*");
            return new Instant[]{s, s.plusSeconds(seconds ? 1 : 60)};
        }
        throw new IllegalArgumentException("not a FHIR date");
    }

    /** A date comparison: prefix and the range of the value's precision. */
    private record DateClause(String prefix, Instant low, Instant high) {
        static DateClause parse(String name, String v) {
            String prefix = v.length() > 2 && Character.isLetter(v.charAt(0)) ? v.substring(0, 2) : "eq";
            String value = v.length() > 2 && Character.isLetter(v.charAt(0)) ? v.substring(2) : v;
            if (!Set.of("eq", "ne", "lt", "le", "gt", "ge", "sa", "eb").contains(prefix)) {
                throw unsupported(
                        name + ": the prefix '" + prefix + "' is not supported (eq, ne, lt, le, gt, ge, sa," + " eb)",
                        name);
            }
            try {
                Instant[] r = range(value);
                return new DateClause(prefix, r[0], r[1]);
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new FhirException(HttpStatus.BAD_REQUEST, List.of(new FhirException.Issue(IssueType.INVALID,
                        name + " takes a FHIR date or dateTime (e.g. ge2026-01-01), not '" + value + "'", name)));
            }
        }

        /** Whether a resource's range {@code [rl, rh)} meets this clause (FHIR's range semantics). */
        boolean test(Instant[] r) {
            Instant rl = r[0];
            Instant rh = r[1];
            return switch (prefix) {
                case "eq" -> !rl.isBefore(low) && !rh.isAfter(high);
                case "ne" -> !(!rl.isBefore(low) && !rh.isAfter(high));
                case "lt" -> rl.isBefore(low);
                case "le" -> rl.isBefore(high);
                case "gt" -> rh.isAfter(high);
                case "ge" -> rh.isAfter(low);
                case "sa" -> !rl.isBefore(high);
                case "eb" -> !rh.isAfter(low);
                default -> false;
            };
        }
    }

    /** Token values, comma-separated alternatives, each system|code, |code, code or system|. */
    private static List<String[]> tokens(String name, String value) {
        List<String[]> out = new ArrayList<>();
        for (String v : value.split(",")) {
            if (v.isEmpty() || v.equals("|")) {
                throw new FhirException(HttpStatus.BAD_REQUEST, List.of(
                        new FhirException.Issue(IssueType.INVALID, name + " takes system|code, |code or code", name)));
            }
            int bar = v.indexOf('|');
            out.add(bar < 0 ? new String[]{null, v} : new String[]{v.substring(0, bar), v.substring(bar + 1)});
        }
        return out;
    }

    private interface TokenMatch {
        boolean test(JsonNode node, String[] token);
    }

    private static boolean anyToken(JsonNode nodes, List<String[]> tokens, TokenMatch m) {
        List<JsonNode> items = new ArrayList<>();
        if (nodes.isArray()) {
            nodes.forEach(items::add);
        } else if (nodes.isObject()) {
            items.add(nodes);
        }
        for (JsonNode n : items) {
            for (String[] t : tokens) {
                if (m.test(n, t)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode codings(JsonNode concept) {
        return concept.path("coding");
    }

    private static boolean codingMatches(JsonNode coding, String[] t) {
        return tokenMatches(coding.path("system"), coding.path("code"), t);
    }

    private static boolean identifierMatches(JsonNode identifier, String[] t) {
        if (CodeSystems.NHS_NUMBER.equals(t[0]) && CodeSystems.NHS_NUMBER.equals(identifier.path("system").asText())
                && !t[1].isEmpty()) {
            // NHS numbers are written with or without spaces
            return identifier.path("value").asText().replace(" ", "").equals(t[1].replace(" ", ""));
        }
        return tokenMatches(identifier.path("system"), identifier.path("value"), t);
    }

    private static boolean tokenMatches(JsonNode system, JsonNode code, String[] t) {
        if (t[0] == null) {
            return code.isTextual() && code.asText().equals(t[1]);
        }
        if (t[0].isEmpty()) {
            return !system.isTextual() && code.isTextual() && code.asText().equals(t[1]);
        }
        if (t[1].isEmpty()) {
            return system.isTextual() && system.asText().equals(t[0]);
        }
        return system.isTextual() && system.asText().equals(t[0]) && code.isTextual() && code.asText().equals(t[1]);
    }

    private static String once(String name, Optional<String> before, String value) {
        if (before.isPresent()) {
            throw FhirException.invalid("Give " + name + " once");
        }
        return value;
    }

    private static int number(String name, String v, int min) {
        try {
            int n = Integer.parseInt(v);
            if (n < min) {
                throw FhirException.invalid(name + " must be at least " + min);
            }
            return n;
        } catch (NumberFormatException e) {
            throw FhirException.invalid(name + " must be a whole number");
        }
    }

    private static FhirException unsupported(String message, String where) {
        return new FhirException(HttpStatus.BAD_REQUEST,
                List.of(new FhirException.Issue(IssueType.NOTSUPPORTED, message, where)));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
