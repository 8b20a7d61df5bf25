package org.wellbeingpassport.consent;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.wellbeingpassport.consent.vocabulary.Coded;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;

/**
 * Plain-English sentences for a resident, one per distinct reason in a decision, e.g. "The
 * Riverside social prescribing link workers can see your goals and aspirations because you allowed
 * it on 3 March for support planning, until 3 June." Positive, non-labelling words; dates in UK
 * time. passport-api may render its own sentences from the same {@link Reason} data.
 */
public final class Explanation {
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM", Locale.UK).withZone(UK);
    private static final DateTimeFormatter DAY_YEAR = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK)
            .withZone(UK);

    private Explanation() {
    }

    /** One sentence per distinct reason, in the order the elements first meet it; then request notes. */
    public static List<String> sentences(Decision decision) {
        Map<Reason, Integer> counts = new LinkedHashMap<>();
        for (ElementDecision e : decision.elements()) {
            counts.merge(e.reason(), 1, Integer::sum);
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<Reason, Integer> entry : counts.entrySet()) {
            boolean whole = entry.getValue() == decision.elements().size();
            out.add(sentence(decision, entry.getKey(), whole));
        }
        for (Reason note : decision.notes()) {
            out.add(sentence(decision, note, true));
        }
        return List.copyOf(out);
    }

    /** One sentence for one reason in a decision; {@code whole} when it applies to every element. */
    public static String sentence(Decision d, Reason r, boolean whole) {
        Instant now = d.request().at();
        String actor = d.request().actor().describe();
        String what = (whole ? "" : "some details of ") + what(d);
        var p = r.provision();
        String s = switch (r.kind()) {
            case PERMITTED ->
                who(p.get()) + " can see " + what + " because you allowed it on " + date(p.get().granted(), now)
                        + purposes(p.get().purposes()) + p.get().until().map(u -> ", until " + date(u, now)).orElse("");
            case DENIED -> actor + " cannot see " + what + " because on " + date(p.get().granted(), now)
                    + " you chose not to share it with " + who(p.get());
            case NOT_INCLUDED -> actor + " cannot see " + what + " because you did not include it";
            case SENSITIVE_NOT_NAMED ->
                actor + " cannot see the parts of " + what(d) + " about " + labels(r.categories())
                        + " because your choice on " + date(p.get().granted(), now) + " did not name them";
            case NOT_YET_VALID ->
                actor + " cannot see " + what + " yet because your permission starts on " + date(p.get().from(), now);
            case EXPIRED -> actor + " cannot see " + what + " because your permission ended on "
                    + date(p.get().until().orElse(now), now);
            case REVOKED -> actor + " cannot see " + what + " because you withdrew your permission on "
                    + date(p.get().revoked().orElse(now), now);
            case PURPOSE_NOT_ALLOWED -> actor + " cannot see " + what + " for " + d.request().purpose().label()
                    + " because you allowed it only" + purposes(p.get().purposes());
            case ONWARD_DISCLOSURE_FORBIDDEN -> actor + " cannot see " + what
                    + " because it came to us under a legal gateway that does not allow us to pass it on";
            case OTHER_RESIDENT -> actor + " cannot see " + what + " because it is not part of your record";
            case BREAK_GLASS -> breakGlass(d, actor, what);
            case LAWFUL_BASIS -> actor + " can see " + what + " under a " + r.detail().orElse("recorded lawful basis")
                    + ", which was recorded for you to see";
            case BREAK_GLASS_EXPIRED, BREAK_GLASS_REJECTED -> actor
                    + " asked for emergency access that was not valid at the time, so it was not given and will be reviewed";
            case LAWFUL_BASIS_REJECTED -> actor + " cited a legal basis that was not in force, so it was not used";
        };
        return Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
    }

    private static String breakGlass(Decision d, String actor, String what) {
        var grant = ((AccessBasis.BreakGlass) d.request().basis()).grant();
        String told = grant.noticeDeferredBecause().isPresent()
                ? "The access will be reviewed"
                : "You are being told, and the access will be reviewed";
        return actor + " can see " + what + " for a short time, until " + date(grant.expiry(), d.request().at())
                + ", for " + grant.purpose().label() + ". " + told;
    }

    private static String what(Decision d) {
        return d.section().map(s -> yours(s.label())).orElse("your " + d.resourceType() + " record");
    }

    private static String who(ProvisionSummary p) {
        return p.who().stream().map(Recipient::describe).collect(Collectors.joining(" and "));
    }

    private static String purposes(Set<Purpose> purposes) {
        if (purposes.isEmpty()) {
            return "";
        }
        return " for " + purposes.stream().sorted().map(Purpose::label).collect(Collectors.joining(" and "));
    }

    private static String labels(Set<SensitivityCategory> categories) {
        return categories.stream().sorted(Comparator.naturalOrder()).map(Coded::label)
                .collect(Collectors.joining(", "));
    }

    private static String date(Instant t, Instant now) {
        return (t.atZone(UK).getYear() == now.atZone(UK).getYear() ? DAY : DAY_YEAR).format(t);
    }

    /** Turns a section label written in the resident's voice ("my goals") into ours ("your goals"). */
    static String yours(String label) {
        String s = " " + label + " ";
        s = s.replace(" I am ", " you are ").replace(" I have ", " you have ").replace(" my ", " your ")
                .replace(" me ", " you ").replace(" me)", " you)").replace(" I ", " you ");
        return s.substring(1, s.length() - 1);
    }
}
