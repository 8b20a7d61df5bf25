package org.wellbeingpassport.api.audit;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The unusual-access report over a time window:
 * <ul>
 * <li>a professional (or system) who read the passports of at least {@code broadThreshold} residents with no
 * consent grant behind the read and no access request of theirs for that resident in the window;</li>
 * <li>access to a passport by anyone but its resident between 22:00 and 06:00 UK time;</li>
 * <li>at least {@code denialThreshold} refused accesses or failed sign-ins by one actor (or one address).</li>
 * </ul>
 * It reads every entry in the window (a scan on the embedded stand-in; block indexes on t1 on real MongoDB).
 */
public final class UnusualAccessReport {
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final int MAX_IDS = 20;

    private final AuditQueries queries;
    private final int broadThreshold;
    private final int denialThreshold;

    public UnusualAccessReport(AuditQueries queries, int broadThreshold, int denialThreshold) {
        this.queries = queries;
        this.broadThreshold = broadThreshold;
        this.denialThreshold = denialThreshold;
    }

    public UnusualAccessReport(AuditQueries queries) {
        this(queries, 10, 5);
    }

    private static final class Tally {
        final String actorId;
        String name = "";
        String org = "";
        long count;
        Instant first;
        Instant last;
        final List<String> ids = new ArrayList<>();

        Tally(String actorId) {
            this.actorId = actorId;
        }

        void add(StoredEntry s) {
            AuditEntry e = s.entry();
            name = e.agent().name();
            org = e.agent().organisationName().orElse(e.agent().organisationId().orElse(""));
            count++;
            first = first == null || e.at().isBefore(first) ? e.at() : first;
            last = last == null || e.at().isAfter(last) ? e.at() : last;
            if (ids.size() < MAX_IDS) {
                ids.add(s.entryId());
            }
        }

        UnusualAccess finding(UnusualAccess.Kind kind, String explanation) {
            return new UnusualAccess(kind, actorId, name, org, count, first, last, List.copyOf(ids), explanation);
        }
    }

    public List<UnusualAccess> run(Optional<Instant> from, Optional<Instant> to) {
        List<StoredEntry> reads = new ArrayList<>();
        Set<String> requested = new HashSet<>(); // actor|resident
        Map<String, Tally> odd = new HashMap<>();
        Map<String, Tally> denied = new HashMap<>();
        queries.forEachMatching(AuditQuery.all().between(from, to), s -> {
            AuditEntry e = s.entry();
            String actor = e.agent().id();
            boolean professional = e.agent().kind().equals("professional") || e.agent().kind().equals("system");
            if (e.action() == AuditAction.ACCESS_REQUEST && e.residentId().isPresent()) {
                requested.add(actor + "|" + e.residentId().get());
            }
            if (professional && e.outcome() == AuditOutcome.SUCCESS && e.residentId().isPresent()
                    && (e.action() == AuditAction.READ || e.action() == AuditAction.SEARCH
                            || e.action() == AuditAction.EXPORT || e.action() == AuditAction.SHARE_CODE_USE)) {
                reads.add(s);
            }
            if (e.residentId().isPresent() && !e.agent().kind().equals("resident")
                    && !e.agent().kind().equals("auditor")) {
                int hour = e.at().atZone(UK).getHour();
                if (hour >= 22 || hour < 6) {
                    odd.computeIfAbsent(actor, Tally::new).add(s);
                }
            }
            if (e.outcome() == AuditOutcome.DENIED || e.action() == AuditAction.AUTH_FAILURE) {
                String key = e.agent().kind().equals("anonymous")
                        ? "address:" + e.sourceAddress().orElse("unknown")
                        : actor;
                denied.computeIfAbsent(key, Tally::new).add(s);
            }
        });
        Map<String, Set<String>> unbackedResidents = new HashMap<>();
        Map<String, Tally> unbacked = new HashMap<>();
        for (StoredEntry s : reads) {
            AuditEntry e = s.entry();
            String actor = e.agent().id();
            String resident = e.residentId().get();
            boolean granted = e.basis().filter("consent"::equals).isPresent() && e.directiveVersion().isPresent();
            if (!granted && !requested.contains(actor + "|" + resident)) {
                unbackedResidents.computeIfAbsent(actor, k -> new HashSet<>()).add(resident);
                unbacked.computeIfAbsent(actor, Tally::new).add(s);
            }
        }
        List<UnusualAccess> out = new ArrayList<>();
        unbackedResidents.forEach((actor, residents) -> {
            if (residents.size() >= broadThreshold) {
                out.add(unbacked.get(actor).finding(UnusualAccess.Kind.BROAD_UNBACKED_READING,
                        "read " + residents.size() + " passports with no consent grant and no access request"));
            }
        });
        odd.forEach((actor, t) -> out
                .add(t.finding(UnusualAccess.Kind.ODD_HOURS, t.count + " accesses between 22:00 and 06:00 UK time")));
        denied.forEach((actor, t) -> {
            if (t.count >= denialThreshold) {
                out.add(t.finding(UnusualAccess.Kind.REPEATED_DENIALS,
                        t.count + " refused accesses or failed sign-ins"));
            }
        });
        out.sort(Comparator.comparing(UnusualAccess::kind).thenComparing(UnusualAccess::count,
                Comparator.reverseOrder()));
        return List.copyOf(out);
    }
}
