package org.wellbeingpassport.api.resident;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.gate.Gate;
import org.wellbeingpassport.api.notices.Recipients;
import org.wellbeingpassport.api.http.Problem;
import org.wellbeingpassport.api.http.codes.OrganisationTypeCode;
import org.wellbeingpassport.api.http.codes.PurposeCode;
import org.wellbeingpassport.api.http.codes.RoleCode;
import org.wellbeingpassport.api.http.codes.SectionCode;
import org.wellbeingpassport.api.http.codes.SensitiveCategoryCode;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Period;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.ProvisionType;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.Validated;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * Sharing choices in plain records ({@code /me/sharing}), stored as provisions of the same FHIR Consent as
 * {@code /me/consent}: the same DirectiveStore, every change recorded by the gate before it is made. Only choices that
 * plain records can say exactly are listed or withdrawn here (a permit to one recipient, by sections, with sensitive
 * categories by name); every other provision stays visible and editable through {@code /me/consent}, untouched.
 */
@Singleton
public final class ResidentSharing {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final DateTimeFormatter FOR_PEOPLE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private final DirectiveStore directives;
    private final Gate gate;
    private final Recipients recipients;
    /** How many times a change is tried again when the choices changed between reading and saving, before 409. */
    private final int attempts;

    public ResidentSharing(DirectiveStore directives, Gate gate, Recipients recipients,
            @Value("${passport.sharing.save-attempts:16}") int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("passport.sharing.save-attempts must be at least 1");
        }
        this.attempts = attempts;
        this.recipients = recipients;
        this.directives = directives;
        this.gate = gate;
    }

    public List<SharingChoice> list(String residentId, Instant now) {
        return directives.current(residentId).provisions().stream().filter(p -> plain(p) && inForce(p, now))
                .map(ResidentSharing::choice).toList();
    }

    public SharingChoice add(Caller me, String residentId, SharingForm form, Instant now) {
        Recipient who = recipient(form.who());
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (form.until() != null && form.until().isBefore(today)) {
            throw Problem.invalid("Choose an end date of today or later.", List.of("until: a date from " + today));
        }
        Set<StorySection> sections = EnumSet.noneOf(StorySection.class);
        form.sections().forEach(s -> sections.add(s.vocabulary()));
        Set<Purpose> purposes = EnumSet.noneOf(Purpose.class);
        form.purposes().forEach(p -> purposes.add(p.vocabulary()));
        Scope scope = Scope.sections(sections.toArray(StorySection[]::new));
        if (form.sensitiveCategories() != null && !form.sensitiveCategories().isEmpty()) {
            scope = scope.including(form.sensitiveCategories().stream().map(SensitiveCategoryCode::vocabulary)
                    .toArray(SensitivityCategory[]::new));
        }
        String id = newId();
        Provision.Builder b = Provision.permit(id).to(who).covering(scope).forPurposes(purposes.toArray(Purpose[]::new))
                .grantedAt(now);
        if (form.until() != null) {
            b.during(Period.between(now, form.until().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        Provision permit = b.build();
        Gate.Change change = change(me, residentId, "shared with " + who.describe() + " (" + id + ")");
        DirectiveSet saved = save(change, residentId, current -> {
            List<Provision> all = new ArrayList<>(current.provisions());
            all.add(permit);
            return Optional.of(all);
        });
        // as stored (and as GET lists it), not as built
        return choice(saved.provision(id).orElse(permit));
    }

    /** Withdraws one plain sharing choice now; 404 unless it is one (and in force). */
    public void revoke(Caller me, String residentId, String id, Instant now) {
        Provision p = directives.current(residentId).provision(id).filter(x -> plain(x) && inForce(x, now))
                .orElseThrow(Problem::notAvailable);
        Gate.Change change = change(me, residentId,
                "stopped sharing with " + p.who().get(0).describe() + " (" + id + ")");
        save(change, residentId, current -> {
            Validated<DirectiveSet> v = current.revoke(id, now);
            return v.value().map(DirectiveSet::provisions);
        });
        recipients.accessChanged(residentId, now); // those who lost access by it (an approved request too) are told
    }

    private DirectiveSet save(Gate.Change change, String residentId,
            Function<DirectiveSet, Optional<List<Provision>>> f) {
        return gate.change(change, () -> {
            for (int i = 0; i < attempts; i++) {
                DirectiveSet current = directives.current(residentId);
                Optional<List<Provision>> next = f.apply(current);
                if (next.isEmpty()) {
                    gate.notApplied(change, "the choice was no longer there");
                    throw Problem.notAvailable();
                }
                DirectiveStore.Saved saved = directives.save(residentId, OptionalLong.of(current.version()),
                        next.get());
                if (saved instanceof DirectiveStore.Saved.Written w) {
                    return w.directives();
                }
                if (saved instanceof DirectiveStore.Saved.Invalid inv) {
                    gate.notApplied(change, "the choice was not valid");
                    throw Problem.invalid("This choice cannot be used as it is",
                            inv.problems().stream().map(p -> p.where() + ": " + p.message()).toList());
                }
                if (saved instanceof DirectiveStore.Saved.NoPassport) {
                    gate.notApplied(change, "no passport");
                    throw Problem.notAvailable();
                }
                Thread.onSpinWait();
            }
            gate.notApplied(change, "the choices kept changing");
            throw Problem.conflict("Your choices changed while saving this one; please try again.");
        });
    }

    private static Gate.Change change(Caller me, String residentId, String what) {
        return new Gate.Change(me, AuditAction.CONSENT_CHANGE, residentId,
                List.of("Consent/" + DirectiveStore.idFor(residentId)), Optional.empty(), "resident", what);
    }

    /** A permit to one recipient (not a carer: those are /me/carers), by story sections, no narrower rules. */
    static boolean plain(Provision p) {
        Scope s = p.what();
        return p.type() == ProvisionType.PERMIT && p.who().size() == 1
                && !(p.who().get(0) instanceof Recipient.Delegate) && !s.sections().isEmpty()
                && s.resourceTypes().isEmpty() && s.paths().isEmpty() && !s.wholeRecord() && p.nested().isEmpty()
                && !p.purposes().isEmpty();
    }

    static boolean inForce(Provision p, Instant now) {
        return p.revoked().map(r -> r.isAfter(now)).orElse(true) && p.period().map(x -> x.contains(now)).orElse(true);
    }

    static SharingChoice choice(Provision p) {
        Optional<LocalDate> until = p.period().flatMap(Period::end)
                .map(e -> LocalDate.ofInstant(e.minusSeconds(1), ZoneOffset.UTC));
        List<SectionCode> sections = p.what().sections().stream().sorted().map(SectionCode::of).toList();
        List<PurposeCode> purposes = p.purposes().stream().sorted().map(PurposeCode::of).toList();
        List<SensitiveCategoryCode> categories = p.what().categories().stream().sorted().map(SensitiveCategoryCode::of)
                .toList();
        Recipient r = p.who().get(0);
        String summary = capitalise(r.describe()) + " can see "
                + words(p.what().sections().stream().sorted().map(StorySection::label).toList()) + " for "
                + words(p.purposes().stream().sorted().map(Purpose::label).toList())
                + (categories.isEmpty()
                        ? ""
                        : ", including " + words(
                                p.what().categories().stream().sorted().map(SensitivityCategory::label).toList()))
                + until.map(u -> ", until " + FOR_PEOPLE.format(u)).orElse("") + ".";
        return new SharingChoice(p.id(), who(r), sections, purposes, until.orElse(null), categories, summary,
                p.granted().orElse(null));
    }

    static SharingWho who(Recipient r) {
        if (r instanceof Recipient.Named n) {
            return new SharingWho(SharingWho.Kind.PROFESSIONAL, n.professionalId(), n.name(), null, null, null, null,
                    null);
        }
        if (r instanceof Recipient.WithRole w) {
            return new SharingWho(SharingWho.Kind.ROLE, null, null, role(w.roleCode()), null, null, null, null);
        }
        if (r instanceof Recipient.WithRoleAt w) {
            return new SharingWho(SharingWho.Kind.ROLE_AT_ORGANISATION, null, null, role(w.roleCode()),
                    w.organisationId(), w.organisationName(), null, null);
        }
        if (r instanceof Recipient.AtOrganisation o) {
            return new SharingWho(SharingWho.Kind.ORGANISATION, null, null, null, o.organisationId(),
                    o.organisationName(), null, null);
        }
        if (r instanceof Recipient.OfOrganisationType t) {
            return new SharingWho(SharingWho.Kind.ORGANISATION_TYPE, null, null, null, null, null, OrganisationTypeCode
                    .of(org.wellbeingpassport.consent.vocabulary.OrganisationType.fromCode(t.typeCode()).orElseThrow()),
                    null);
        }
        if (r instanceof Recipient.PartnerSystem s) {
            return new SharingWho(SharingWho.Kind.PARTNER_SYSTEM, null, s.name(), null, null, null, null, s.systemId());
        }
        throw new IllegalStateException("not a plain recipient");
    }

    private static RoleCode role(String code) {
        return RoleCode.of(org.wellbeingpassport.consent.vocabulary.ProfessionalRole.fromCode(code).orElseThrow());
    }

    /** The recipient a form names; each kind takes exactly its fields (422 naming each missing or extra one). */
    static Recipient recipient(SharingWho w) {
        List<String> needs = switch (w.kind()) {
            case PROFESSIONAL -> List.of("professionalId", "name");
            case ROLE -> List.of("role");
            case ROLE_AT_ORGANISATION -> List.of("role", "organisationId", "organisationName");
            case ORGANISATION -> List.of("organisationId", "organisationName");
            case ORGANISATION_TYPE -> List.of("organisationType");
            case PARTNER_SYSTEM -> List.of("systemId", "name");
        };
        List<String> problems = new ArrayList<>();
        String kind = codeOf(w.kind());
        field(problems, needs, "professionalId", w.professionalId(), kind);
        field(problems, needs, "name", w.name(), kind);
        field(problems, needs, "role", w.role(), kind);
        field(problems, needs, "organisationId", w.organisationId(), kind);
        field(problems, needs, "organisationName", w.organisationName(), kind);
        field(problems, needs, "organisationType", w.organisationType(), kind);
        field(problems, needs, "systemId", w.systemId(), kind);
        if (!problems.isEmpty()) {
            throw Problem.invalid("Check who you are sharing with: the details below are missing or do not fit.",
                    problems);
        }
        return switch (w.kind()) {
            case PROFESSIONAL -> Recipient.named(w.professionalId().strip(), w.name().strip());
            case ROLE -> Recipient.role(w.role().vocabulary());
            case ROLE_AT_ORGANISATION ->
                Recipient.roleAt(w.role().vocabulary(), w.organisationId().strip(), w.organisationName().strip());
            case ORGANISATION -> Recipient.organisation(w.organisationId().strip(), w.organisationName().strip());
            case ORGANISATION_TYPE -> Recipient.organisationType(w.organisationType().vocabulary());
            case PARTNER_SYSTEM -> Recipient.system(w.systemId().strip(), w.name().strip());
        };
    }

    private static void field(List<String> problems, List<String> needs, String name, Object value, String kind) {
        boolean present = value != null && !(value instanceof String s && s.isBlank());
        if (needs.contains(name) && !present) {
            problems.add("who." + name + ": required when kind is " + kind);
        } else if (!needs.contains(name) && value != null) {
            problems.add("who." + name + ": not used when kind is " + kind);
        }
    }

    private static String codeOf(SharingWho.Kind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String newId() {
        StringBuilder b = new StringBuilder("share-");
        for (int i = 0; i < 12; i++) {
            b.append(ID_CHARS[RANDOM.nextInt(ID_CHARS.length)]);
        }
        return b.toString();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String words(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
