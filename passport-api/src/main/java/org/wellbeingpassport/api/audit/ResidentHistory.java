package org.wellbeingpassport.api.audit;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.codes.SubSection;

/**
 * A resident's own access history, in plain, second-person language: the same entries the auditor sees, including
 * break-glass and its stated reason, except those whose notice a recorded risk defers.
 */
public final class ResidentHistory {
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm", Locale.UK);
    private static final Pattern SECTION = Pattern.compile("section(?:\\[|:)([a-z0-9-]+)");

    private final AuditQueries queries;

    public ResidentHistory(AuditQueries queries) {
        this.queries = queries;
    }

    /** Newest first, at most {@code limit}; entries whose notice is deferred are left out. */
    public List<AccessHistoryItem> of(String residentId, int limit) {
        List<AccessHistoryItem> out = new ArrayList<>();
        for (StoredEntry s : queries.searchNewestFirst(AuditQuery.all().withResident(residentId))) {
            if (s.entry().noticeDeferred() || ownLook(s.entry())) {
                continue;
            }
            out.add(describe(s, residentId));
            if (out.size() >= limit) {
                break;
            }
        }
        return List.copyOf(out);
    }

    /** The resident looking at their own record is not news to them; their own changes are kept. */
    private static boolean ownLook(AuditEntry e) {
        return e.agent().kind().equals("resident")
                && (e.action() == AuditAction.READ || e.action() == AuditAction.SEARCH
                        || e.action() == AuditAction.PREVIEW || e.action() == AuditAction.LISTING);
    }

    static AccessHistoryItem describe(StoredEntry s, String residentId) {
        AuditEntry e = s.entry();
        String who = who(e.agent(), residentId);
        List<String> sections = sections(e.disclosedPaths().isEmpty() ? e.resources() : e.disclosedPaths());
        String what = sections.isEmpty() ? "your record" : join(sections);
        String when = "on " + WHEN.format(e.at().atZone(UK));
        String purpose = e.purpose().map(p -> " for " + Purpose.fromCode(p).map(Purpose::label).orElse(p)).orElse("");
        StringBuilder b = new StringBuilder(capitalise(who)).append(' ');
        if (e.outcome() != AuditOutcome.SUCCESS) {
            b.append(attempt(e.action())).append(' ').append(what).append(' ').append(when).append(purpose)
                    .append(", but ")
                    .append(e.outcome() == AuditOutcome.DENIED ? "was not allowed" : "it did not work");
        } else {
            b.append(verb(e)).append(' ').append(what).append(' ').append(when).append(purpose);
            basis(e).ifPresent(x -> b.append(", ").append(x));
        }
        if (e.breakGlass()) {
            e.reason().ifPresent(r -> b.append(". The reason they gave: \"").append(r).append('"'));
            b.append(". An auditor reviews every emergency access");
        }
        b.append('.');
        return new AccessHistoryItem(s.entryId(), e.at(), e.action().code(), e.outcome().label(), who, sections,
                e.breakGlass(), b.toString());
    }

    private static String who(AuditAgent a, String residentId) {
        switch (a.kind()) {
            case "resident" :
                return "you"; // residents reach only their own passport
            case "carer" :
                return a.name() + " (helping you as your carer)";
            case "auditor" :
                return a.name() + ", an auditor checking how your record is used";
            case "admin" :
                return a.name() + ", a passport administrator";
            case "system" :
                return a.name() + ", a connected system" + a.organisationName().map(o -> " at " + o).orElse("");
            case "anonymous" :
                return "someone who did not sign in";
            default :
                StringBuilder b = new StringBuilder(a.name());
                Optional<String> role = a.roleCode()
                        .map(r -> ProfessionalRole.fromCode(r).map(ProfessionalRole::label).orElse(r));
                Optional<String> org = a.organisationName()
                        .or(() -> a.organisationType().flatMap(OrganisationType::fromCode).map(t -> "a " + t.label()));
                if (role.isPresent() || org.isPresent()) {
                    b.append(", ").append(role.orElse("working"));
                    org.ifPresent(o -> b.append(" at ").append(o));
                    b.append(',');
                }
                return b.toString();
        }
    }

    private static String verb(AuditEntry e) {
        if (e.breakGlass() || e.action() == AuditAction.BREAK_GLASS) {
            return "used emergency access (break-glass) to see";
        }
        return switch (e.action()) {
            case READ, EXPORT -> "saw";
            case SEARCH -> "looked you up and saw";
            case CREATE -> "added to";
            case UPDATE -> "changed";
            case DELETE, ERASURE -> "removed";
            case CONSENT_CHANGE -> "changed who can see";
            case ACCESS_REQUEST -> "asked to see";
            case ACCESS_DECISION -> "answered a request to see";
            case SHARE_CODE_CREATE -> "made a share code for";
            case SHARE_CODE_USE -> "used your share code to see";
            case CORRECTION -> "asked to correct";
            case DELEGATION -> "changed what your carer can see of";
            case PREVIEW -> "previewed what others would see of";
            case EXPLANATION -> "checked which parts they may see of";
            case KEY_ROTATION -> "renewed the keys that protect";
            case AUTH_FAILURE -> "could not sign in to see";
            case REVIEW -> "reviewed an emergency access to";
            case AUDIT_QUERY -> "checked the access log of";
            case CONTRIBUTION -> "proposed an entry for";
            case CONFIRMATION -> "confirmed an entry in";
            case DISPUTE -> "disputed an entry in";
            case DISPUTE_RESOLUTION -> "closed a dispute in";
            case CORRECTION_REVIEW -> "answered a correction request about";
            case DISAGREEMENT -> "added your view to";
            case NOTICE -> "told those who received parts of";
            case LISTING -> "saw references to";
            default -> "used";
        };
    }

    private static String attempt(AuditAction a) {
        return switch (a) {
            case CREATE, UPDATE, CORRECTION, CONSENT_CHANGE, DELEGATION, CONTRIBUTION, CONFIRMATION, DISPUTE,
                    DISPUTE_RESOLUTION, CORRECTION_REVIEW, DISAGREEMENT ->
                "tried to change";
            default -> "tried to see";
        };
    }

    private static Optional<String> basis(AuditEntry e) {
        return e.basis().map(b -> {
            if (b.equals("consent")) {
                return "because you allowed it";
            }
            if (b.equals("break-glass")) {
                return "in an emergency, without asking you first";
            }
            if (b.startsWith("lawful:")) {
                return "without your consent, because the law allows it here ("
                        + b.substring("lawful:".length()).replace('-', ' ') + ")";
            }
            if (b.equals("resident")) {
                return "as the owner of the record";
            }
            return "under " + b.replace('-', ' ');
        });
    }

    /** Plain-language names of the story parts a set of element paths or resource references touch. */
    static List<String> sections(List<String> paths) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : paths) {
            Matcher m = SECTION.matcher(p);
            String last = null;
            String first = null;
            while (m.find()) {
                if (first == null) {
                    first = m.group(1);
                }
                last = m.group(1);
            }
            if (last != null) {
                String code = last;
                Optional<String> label = SubSection.fromCode(code).map(SubSection::label)
                        .or(() -> StorySection.fromCode(code).map(StorySection::label));
                if (label.isEmpty() && first != null) {
                    label = StorySection.fromCode(first).map(StorySection::label);
                }
                label.ifPresent(l -> out.add(secondPerson(l)));
                continue;
            }
            String type = p.contains("/") ? p.substring(0, p.indexOf('/')) : p.split("\\.")[0];
            StorySection s = switch (type) {
                case "Patient",
                        "RelatedPerson" ->
                    p.contains("telecom") || p.contains("communication")
                            ? StorySection.COMMUNICATION
                            : StorySection.IDENTITY;
                case "Goal" -> StorySection.GOALS;
                case "CarePlan", "ServiceRequest" -> StorySection.CARE_PLAN;
                case "Observation", "QuestionnaireResponse" -> StorySection.MEASURES;
                case "Condition", "MedicationStatement" -> StorySection.HEALTH_AND_WELLBEING;
                case "CareTeam" -> StorySection.SUPPORT_NETWORK;
                case "Consent" -> null;
                default -> null;
            };
            if (s != null) {
                out.add(secondPerson(s.label()));
            } else if (type.equals("Consent")) {
                out.add("your sharing choices");
            }
        }
        return List.copyOf(out);
    }

    /** The vocabulary labels speak as the resident ("my goals"); the history speaks to them ("your goals"). */
    static String secondPerson(String label) {
        return (" " + label + " ").replace(" my ", " your ").replace(" me ", " you ").replace(" I have ", " you have ")
                .replace(" I am ", " you are ").replace(" who I am ", " who you are ").replace("(me)", "(you)")
                .replace(" me)", " you)").replace(" me,", " you,").trim();
    }

    private static String join(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

}
