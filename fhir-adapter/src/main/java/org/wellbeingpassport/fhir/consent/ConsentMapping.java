package org.wellbeingpassport.fhir.consent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.LawfulBasis;
import org.wellbeingpassport.consent.LawfulBasisKind;
import org.wellbeingpassport.consent.Period;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.ProvisionType;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.Validated;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.codes.PurposesOfUse;
import org.wellbeingpassport.fhir.codes.SecurityLabels;

/**
 * consent-engine directives as FHIR R4 Consent, and back, losslessly for everything the engine has.
 *
 * <p>A {@link DirectiveSet} is one Consent: patient = the resident, meta.versionId = the version,
 * one root provision (no rule of its own; the policy is least disclosure, so what no provision
 * permits is withheld) holding the top-level provisions. Each provision: element id = provision id,
 * type, actor (one per recipient), purpose (ActReason where HL7 has it), period, securityLabel
 * (sensitivity categories), code (story sections), class (resource types), nested provisions; element
 * paths, whole record, granted and revoked through our extensions. A {@link LawfulBasis} is a Consent
 * of its own with the lawful-basis extension and one permit provision.
 *
 * <p>Reading is strict: anything the engine cannot represent (provision data, action or dataPeriod;
 * unknown codes; a recipient of an unknown kind) is a problem, never silently dropped, because
 * dropping part of a deny or of a narrowing permit would disclose more than the resident chose.
 */
public final class ConsentMapping {
    private ConsentMapping() {
    }

    static final String RESOURCE_TYPES = "http://hl7.org/fhir/resource-types";
    static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String ID_SYSTEM = CodeSystems.BASE + "/Id/";
    static final String POLICY = CodeSystems.BASE + "/policy/least-disclosure";
    static final String LAWFUL_POLICY = CodeSystems.BASE + "/policy/lawful-basis";
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    /** A mapping result: the value, or every problem found (errors are values at the boundary). */
    public record Read<T>(Optional<T> value, List<String> problems) {
        public Read {
            Objects.requireNonNull(value, "value");
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return value.isPresent();
        }

        public T orElseThrow() {
            return value.orElseThrow(() -> new IllegalStateException("not mappable: " + problems));
        }
    }

    // ---------------------------------------------------------------- to FHIR

    /** A resident's directives as one Consent. */
    public static Consent toFhir(DirectiveSet directives) {
        Consent c = base(directives.residentId(), POLICY);
        if (FHIR_ID.matcher(directives.residentId() + "-directives").matches()) {
            c.setId(directives.residentId() + "-directives");
        }
        c.getMeta().setVersionId(Long.toString(directives.version()));
        if (!directives.provisions().isEmpty()) {
            Consent.ProvisionComponent root = new Consent.ProvisionComponent();
            for (Provision p : directives.provisions()) {
                root.addProvision(provision(p));
            }
            c.setProvision(root);
        }
        return c;
    }

    /** A recorded lawful basis (for one resident) as a Consent. */
    public static Consent toFhir(LawfulBasis basis, String residentId) {
        Consent c = base(residentId, LAWFUL_POLICY);
        if (FHIR_ID.matcher(basis.id()).matches()) {
            c.setId(basis.id());
        }
        c.addIdentifier(new Identifier().setSystem(ID_SYSTEM + "lawful-basis").setValue(basis.id()));
        c.setDateTimeElement(dateTime(basis.recordedAt()));
        Extension x = new Extension(CodeSystems.EXT_LAWFUL_BASIS);
        x.addExtension("kind", new CodeType(basis.kind().code()));
        x.addExtension("reference", new StringType(basis.reference()));
        x.addExtension("recordedBy", new StringType(basis.recordedBy()));
        basis.noticeDeferredBecause().ifPresent(r -> x.addExtension("noticeDeferredBecause", new StringType(r)));
        c.addExtension(x);
        Consent.ProvisionComponent p = new Consent.ProvisionComponent();
        p.setType(Consent.ConsentProvisionType.PERMIT);
        period(p, Optional.of(basis.period()));
        scope(p, basis.scope());
        c.setProvision(p);
        return c;
    }

    private static Consent base(String residentId, String policy) {
        Consent c = new Consent();
        c.setStatus(Consent.ConsentState.ACTIVE);
        c.setScope(new CodeableConcept(new Coding(CodeSystems.CONSENT_SCOPE, "patient-privacy", "Privacy Consent")));
        c.addCategory(new CodeableConcept(new Coding(CodeSystems.LOINC, "59284-0", "Patient Consent")));
        c.setPatient(reference("Patient", residentId, null));
        c.addPolicy().setUri(policy);
        return c;
    }

    private static Consent.ProvisionComponent provision(Provision p) {
        Consent.ProvisionComponent c = new Consent.ProvisionComponent();
        c.setId(p.id());
        c.setType(p.type() == ProvisionType.PERMIT
                ? Consent.ConsentProvisionType.PERMIT
                : Consent.ConsentProvisionType.DENY);
        p.granted().ifPresent(t -> c.addExtension(new Extension(CodeSystems.EXT + "provision-granted", dateTime(t))));
        p.revoked().ifPresent(t -> c.addExtension(new Extension(CodeSystems.EXT + "provision-revoked", dateTime(t))));
        for (Recipient r : p.who()) {
            actor(c, r);
        }
        for (Purpose purpose : sorted(p.purposes(), Purpose.class)) {
            c.addPurpose(PurposesOfUse.of(purpose).coding());
        }
        period(c, p.period());
        scope(c, p.what());
        for (Provision n : p.nested()) {
            c.addProvision(provision(n));
        }
        return c;
    }

    private static void period(Consent.ProvisionComponent c, Optional<Period> period) {
        period.ifPresent(pd -> {
            org.hl7.fhir.r4.model.Period fp = new org.hl7.fhir.r4.model.Period();
            fp.setStartElement(dateTime(pd.start()));
            pd.end().ifPresent(e -> fp.setEndElement(dateTime(e)));
            c.setPeriod(fp);
        });
    }

    private static void scope(Consent.ProvisionComponent c, Scope s) {
        for (SensitivityCategory cat : sorted(s.categories(), SensitivityCategory.class)) {
            c.addSecurityLabel(SecurityLabels.of(cat).coding());
        }
        for (StorySection section : sorted(s.sections(), StorySection.class)) {
            c.addCode(new CodeableConcept(new Coding(CodeSystems.STORY_SECTION, section.code(), section.label())));
        }
        s.resourceTypes().stream().sorted().forEach(t -> c.addClass_(new Coding(RESOURCE_TYPES, t, null)));
        s.paths().stream().sorted()
                .forEach(path -> c.addExtension(new Extension(CodeSystems.EXT_ELEMENT_PATH, new StringType(path))));
        if (s.wholeRecord()) {
            c.addExtension(new Extension(CodeSystems.EXT + "whole-record", new BooleanType(true)));
        }
    }

    private static void actor(Consent.ProvisionComponent c, Recipient r) {
        Consent.provisionActorComponent a = c.addActor();
        a.setRole(new CodeableConcept(new Coding(PARTICIPATION, "IRCP", "information recipient")));
        if (r instanceof Recipient.Named n) {
            a.setReference(reference("Practitioner", n.professionalId(), n.name()));
        } else if (r instanceof Recipient.WithRole w) {
            a.setReference(new Reference()
                    .setIdentifier(new Identifier().setSystem(CodeSystems.PROFESSIONAL_ROLE).setValue(w.roleCode()))
                    .setDisplay(ProfessionalRole.fromCode(w.roleCode()).map(ProfessionalRole::label).orElse(null)));
        } else if (r instanceof Recipient.AtOrganisation o) {
            a.setReference(reference("Organization", o.organisationId(), o.organisationName()));
        } else if (r instanceof Recipient.WithRoleAt w) {
            a.setReference(reference("Organization", w.organisationId(), w.organisationName()));
            a.addExtension(new Extension(CodeSystems.EXT_ACTOR_ROLE,
                    new Coding(CodeSystems.PROFESSIONAL_ROLE, w.roleCode(), null)));
        } else if (r instanceof Recipient.OfOrganisationType t) {
            a.setReference(new Reference()
                    .setIdentifier(new Identifier().setSystem(CodeSystems.ORGANISATION_TYPE).setValue(t.typeCode()))
                    .setDisplay(OrganisationType.fromCode(t.typeCode()).map(OrganisationType::label).orElse(null)));
        } else if (r instanceof Recipient.Delegate d) {
            a.setReference(reference("RelatedPerson", d.proxyId(), d.name()));
        } else if (r instanceof Recipient.PartnerSystem s) {
            a.setReference(reference("Device", s.systemId(), s.name()));
        } else {
            throw new IllegalArgumentException("unknown recipient " + r);
        }
    }

    /** "Type/id" when the id is a FHIR id; otherwise a typed logical reference, so any id survives. */
    private static Reference reference(String type, String id, String display) {
        Reference ref = FHIR_ID.matcher(id).matches()
                ? new Reference(type + "/" + id)
                : new Reference().setType(type)
                        .setIdentifier(new Identifier().setSystem(ID_SYSTEM + type).setValue(id));
        if (display != null && !display.isEmpty()) {
            ref.setDisplay(display);
        }
        return ref;
    }

    private static DateTimeType dateTime(Instant t) {
        return new DateTimeType(t.toString());
    }

    private static <E extends Enum<E>> List<E> sorted(Set<E> set, Class<E> type) {
        return set.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(set));
    }

    // ---------------------------------------------------------------- from FHIR

    /**
     * A resident's directives as FHIR JSON, read closed: the JSON's shape is checked first (every field, extension
     * and value type; see ConsentShape), because HAPI's parser drops what it does not know; then as
     * {@link #directives(Consent)}. Every problem starts with its path.
     */
    public static Read<DirectiveSet> directives(String json) {
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = org.wellbeingpassport.fhir.Fhir.json().readTree(json);
        } catch (java.io.IOException | RuntimeException e) {
            return new Read<>(Optional.empty(), List.of("Consent: not a JSON object"));
        }
        if (tree == null) {
            return new Read<>(Optional.empty(), List.of("Consent: not a JSON object"));
        }
        List<String> shape = ConsentShape.check(tree);
        if (!shape.isEmpty()) {
            return new Read<>(Optional.empty(), shape);
        }
        Consent c;
        try {
            c = org.wellbeingpassport.fhir.Fhir.parse(Consent.class, json);
        } catch (RuntimeException e) {
            return new Read<>(Optional.empty(), List.of("Consent: not a FHIR R4 Consent"));
        }
        return directives(c);
    }

    /** A Consent back to the resident's directives, validated by the engine; or every problem. */
    public static Read<DirectiveSet> directives(Consent c) {
        List<String> problems = new ArrayList<>();
        Optional<String> resident = referencedId(c.getPatient(), "Patient", "Consent.patient", problems);
        long version = 0;
        if (c.getMeta().hasVersionId()) {
            try {
                version = Long.parseLong(c.getMeta().getVersionId());
            } catch (NumberFormatException e) {
                problems.add("Consent.meta.versionId: not a directive version: " + c.getMeta().getVersionId());
            }
        }
        List<Provision> provisions = new ArrayList<>();
        if (c.hasProvision()) {
            Consent.ProvisionComponent root = c.getProvision();
            if (root.hasType() || root.hasActor() || root.hasPurpose() || root.hasSecurityLabel() || root.hasCode()
                    || root.hasClass_() || root.hasPeriod() || root.hasExtension() || root.hasData() || root.hasAction()
                    || root.hasDataPeriod()) {
                problems.add(
                        "Consent.provision: the root provision has rules of its own; the engine's top level is a list of provisions");
            }
            for (int i = 0; i < root.getProvision().size(); i++) {
                provisionFromFhir(root.getProvision().get(i), "Consent.provision.provision[" + i + "]", problems)
                        .ifPresent(provisions::add);
            }
        }
        if (resident.isEmpty() || !problems.isEmpty()) {
            return new Read<>(Optional.empty(), problems);
        }
        Validated<DirectiveSet> v = DirectiveSet.restore(resident.get(), version, provisions);
        v.problems().forEach(p -> problems.add(p.where() + ": " + p.message()));
        return new Read<>(v.value(), problems);
    }

    /** A lawful-basis Consent back to the engine's LawfulBasis, validated; or every problem. */
    public static Read<LawfulBasis> lawfulBasis(Consent c) {
        List<String> problems = new ArrayList<>();
        Extension x = c.getExtensionByUrl(CodeSystems.EXT_LAWFUL_BASIS);
        if (x == null) {
            return new Read<>(Optional.empty(), List.of("Consent.extension: no lawful-basis extension"));
        }
        String id = c.getIdentifier().stream().filter(i -> (ID_SYSTEM + "lawful-basis").equals(i.getSystem()))
                .map(Identifier::getValue).findFirst().orElse(c.getIdElement().getIdPart());
        if (id == null) {
            problems.add("Consent.identifier: the lawful basis has no id");
        }
        Optional<LawfulBasisKind> kind = Optional.ofNullable(part(x, "kind")).flatMap(k -> {
            for (LawfulBasisKind lk : LawfulBasisKind.values()) {
                if (lk.code().equals(k)) {
                    return Optional.of(lk);
                }
            }
            return Optional.empty();
        });
        if (kind.isEmpty()) {
            problems.add("Consent.extension[lawful-basis].kind: unknown or missing kind " + part(x, "kind"));
        }
        String reference = part(x, "reference");
        String recordedBy = part(x, "recordedBy");
        if (reference == null || recordedBy == null) {
            problems.add("Consent.extension[lawful-basis]: reference and recordedBy are required");
        }
        Optional<Instant> recordedAt = c.hasDateTimeElement()
                ? instant(c.getDateTimeElement(), "Consent.dateTime", problems)
                : Optional.empty();
        if (recordedAt.isEmpty()) {
            problems.add("Consent.dateTime: when the basis was recorded is required");
        }
        Consent.ProvisionComponent p = c.getProvision();
        if (p.getType() != Consent.ConsentProvisionType.PERMIT || p.hasProvision() || p.hasActor() || p.hasPurpose()) {
            problems.add("Consent.provision: a lawful basis is one permit with a scope and a period");
        }
        unsupported(p, "Consent.provision", problems);
        Scope scope = scopeFromFhir(p, "Consent.provision", problems);
        Optional<Period> period = periodFromFhir(p, "Consent.provision", problems);
        if (period.isEmpty()) {
            problems.add("Consent.provision.period: a lawful basis has a period");
        }
        if (!problems.isEmpty()) {
            return new Read<>(Optional.empty(), problems);
        }
        LawfulBasis basis = new LawfulBasis(id, kind.get(), reference, recordedBy, recordedAt.get(), scope,
                period.get(), Optional.ofNullable(part(x, "noticeDeferredBecause")));
        Validated<LawfulBasis> v = LawfulBasis.validate(basis);
        v.problems().forEach(pr -> problems.add(pr.where() + ": " + pr.message()));
        return new Read<>(v.value(), problems);
    }

    private static String part(Extension x, String url) {
        Extension e = x.getExtensionByUrl(url);
        return e == null || e.getValue() == null ? null : e.getValue().primitiveValue();
    }

    private static Optional<Provision> provisionFromFhir(Consent.ProvisionComponent c, String where,
            List<String> problems) {
        int before = problems.size();
        String id = c.getId();
        if (id == null || id.isEmpty()) {
            problems.add(where + ".id: a provision needs an id");
        }
        if (!c.hasType()) {
            problems.add(where + ".type: permit or deny is required");
        }
        unsupported(c, where, problems);
        List<Recipient> who = new ArrayList<>();
        for (int i = 0; i < c.getActor().size(); i++) {
            recipient(c.getActor().get(i), where + ".actor[" + i + "]", problems).ifPresent(who::add);
        }
        Set<Purpose> purposes = EnumSet.noneOf(Purpose.class);
        for (int i = 0; i < c.getPurpose().size(); i++) {
            Coding p = c.getPurpose().get(i);
            Optional<Purpose> purpose = PurposesOfUse.purpose(p.getSystem(), p.getCode());
            if (purpose.isEmpty()) {
                problems.add(where + ".purpose[" + i + "]: unknown purpose " + p.getSystem() + "|" + p.getCode());
            } else {
                purposes.add(purpose.get());
            }
        }
        Scope scope = scopeFromFhir(c, where, problems);
        Optional<Period> period = periodFromFhir(c, where, problems);
        Optional<Instant> granted = instantExtension(c, "provision-granted", where, problems);
        Optional<Instant> revoked = instantExtension(c, "provision-revoked", where, problems);
        List<Provision> nested = new ArrayList<>();
        for (int i = 0; i < c.getProvision().size(); i++) {
            provisionFromFhir(c.getProvision().get(i), where + ".provision[" + i + "]", problems)
                    .ifPresent(nested::add);
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        ProvisionType type = c.getType() == Consent.ConsentProvisionType.PERMIT
                ? ProvisionType.PERMIT
                : ProvisionType.DENY;
        return Optional.of(new Provision(id, type, who, scope, purposes, period, granted, revoked, nested));
    }

    private static void unsupported(Consent.ProvisionComponent c, String where, List<String> problems) {
        if (c.hasData()) {
            problems.add(where + ".data: provisions about single resources are not supported; use element paths");
        }
        if (c.hasAction()) {
            problems.add(where + ".action: actions are not supported (every provision is about disclosure)");
        }
        if (c.hasDataPeriod()) {
            problems.add(where + ".dataPeriod: not supported");
        }
        for (int i = 0; i < c.getExtension().size(); i++) {
            String url = c.getExtension().get(i).getUrl();
            if (url == null) {
                problems.add(where + ".extension[" + i + "].url: an extension needs a url");
            } else if (!url.equals(CodeSystems.EXT_ELEMENT_PATH) && !url.equals(CodeSystems.EXT + "whole-record")
                    && !url.equals(CodeSystems.EXT + "provision-granted")
                    && !url.equals(CodeSystems.EXT + "provision-revoked")) {
                problems.add(where + ".extension[" + i + "]: unknown or misplaced extension " + url);
            }
        }
        if (c.hasModifierExtension()) {
            problems.add(where + ".modifierExtension: not supported");
        }
    }

    private static Scope scopeFromFhir(Consent.ProvisionComponent c, String where, List<String> problems) {
        Set<SensitivityCategory> categories = EnumSet.noneOf(SensitivityCategory.class);
        for (int i = 0; i < c.getSecurityLabel().size(); i++) {
            Coding l = c.getSecurityLabel().get(i);
            Optional<SensitivityCategory> cat = SecurityLabels.category(l.getSystem(), l.getCode());
            if (cat.isEmpty()) {
                problems.add(
                        where + ".securityLabel[" + i + "]: unknown sensitivity " + l.getSystem() + "|" + l.getCode());
            } else {
                categories.add(cat.get());
            }
        }
        Set<StorySection> sections = EnumSet.noneOf(StorySection.class);
        for (int i = 0; i < c.getCode().size(); i++) {
            CodeableConcept cc = c.getCode().get(i);
            Optional<StorySection> s = cc.getCoding().size() != 1
                    ? Optional.empty()
                    : cc.getCoding().stream().filter(x -> CodeSystems.STORY_SECTION.equals(x.getSystem()))
                            .map(x -> StorySection.fromCode(x.getCode())).flatMap(Optional::stream).findFirst();
            if (s.isEmpty()) {
                problems.add(where + ".code[" + i + "]: not a story section (one coding from "
                        + CodeSystems.STORY_SECTION + ")");
            } else {
                sections.add(s.get());
            }
        }
        Set<String> types = new LinkedHashSet<>();
        for (int i = 0; i < c.getClass_().size(); i++) {
            Coding cl = c.getClass_().get(i);
            if (!RESOURCE_TYPES.equals(cl.getSystem()) || cl.getCode() == null) {
                problems.add(where + ".class[" + i + "]: only resource types are supported");
            } else {
                types.add(cl.getCode());
            }
        }
        Set<String> paths = new LinkedHashSet<>();
        boolean whole = false;
        int firstPath = -1;
        for (int i = 0; i < c.getExtension().size(); i++) {
            Extension x = c.getExtension().get(i);
            String at = where + ".extension[" + i + "]";
            if (CodeSystems.EXT_ELEMENT_PATH.equals(x.getUrl())) {
                if (x.getValue() instanceof StringType s && s.getValue() != null && !s.getValue().isBlank()) {
                    paths.add(s.getValue());
                    firstPath = firstPath < 0 ? i : firstPath;
                } else {
                    problems.add(at + ".valueString: an element path is required");
                }
            } else if ((CodeSystems.EXT + "whole-record").equals(x.getUrl())) {
                if (x.getValue() instanceof BooleanType b && b.getValue() != null) {
                    whole = b.booleanValue();
                } else {
                    problems.add(at + ".valueBoolean: true or false is required");
                }
            }
        }
        // across dimensions the engine takes the overlap; sections, resource types and paths rarely overlap as the
        // resident means them (a Goal is in no story section; "Patient" and "Composition.section[goals]" never meet),
        // so a grant naming two of them would show far less than it says (a deny, far less than it seems to) without a
        // word: the resident writes one provision per selector instead (ADR 0015)
        if (!sections.isEmpty() && !paths.isEmpty()) {
            problems.add(where + ".extension[" + firstPath + "]: this provision names both story sections (" + where
                    + ".code) and element paths; it would cover only where they overlap. "
                    + "Make them two provisions");
        }
        if (!types.isEmpty() && !sections.isEmpty()) {
            problems.add(where + ".class[0]: this provision names both resource types and story sections (" + where
                    + ".code); it would cover only where they overlap. Make them two provisions");
        }
        if (!types.isEmpty() && !paths.isEmpty()) {
            problems.add(where + ".class[0]: this provision names both resource types and element paths (" + where
                    + ".extension[" + firstPath + "]); it would cover only where they overlap. "
                    + "Make them two provisions");
        }
        return new Scope(sections, types, paths, categories, whole);
    }

    private static Optional<Period> periodFromFhir(Consent.ProvisionComponent c, String where, List<String> problems) {
        if (!c.hasPeriod()) {
            return Optional.empty();
        }
        org.hl7.fhir.r4.model.Period p = c.getPeriod();
        if (!p.hasStartElement()) {
            problems.add(where + ".period.start: a period needs a start");
            return Optional.empty();
        }
        Optional<Instant> start = instant(p.getStartElement(), where + ".period.start", problems);
        Optional<Instant> end = p.hasEndElement()
                ? instant(p.getEndElement(), where + ".period.end", problems)
                : Optional.empty();
        return start.map(s -> new Period(s, end));
    }

    private static Optional<Instant> instantExtension(Consent.ProvisionComponent c, String name, String where,
            List<String> problems) {
        Extension x = c.getExtensionByUrl(CodeSystems.EXT + name);
        if (x == null) {
            return Optional.empty();
        }
        Type v = x.getValue();
        if (!(v instanceof DateTimeType dt)) {
            problems.add(where + ".extension[" + name + "]: a dateTime is required");
            return Optional.empty();
        }
        return instant(dt, where + ".extension[" + name + "]", problems);
    }

    private static Optional<Instant> instant(DateTimeType dt, String where, List<String> problems) {
        String s = dt.getValueAsString();
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException | NullPointerException e) {
            problems.add(where + ": needs a date, a time and a zone: " + s);
            return Optional.empty();
        }
    }

    private static Optional<Recipient> recipient(Consent.provisionActorComponent a, String where,
            List<String> problems) {
        Reference ref = a.getReference();
        String display = ref.hasDisplay() ? ref.getDisplay() : "";
        // closed: a part we would not read could only have narrowed who this is (a role), so it is an error
        int before = problems.size();
        if (!a.hasRole() || a.getRole().getCoding().size() != 1
                || !PARTICIPATION.equals(a.getRole().getCodingFirstRep().getSystem())
                || !"IRCP".equals(a.getRole().getCodingFirstRep().getCode())) {
            problems.add(where + ".role: must be " + PARTICIPATION + "|IRCP (information recipient)");
        }
        if (ref.hasExtension() || a.getRole().hasExtension() || a.hasModifierExtension()) {
            problems.add(where + ": extensions belong on the actor itself (" + CodeSystems.EXT_ACTOR_ROLE + ")");
        }
        if (ref.hasReference() && ref.hasIdentifier()) {
            problems.add(where + ".reference.identifier: give a reference or an identifier, not both");
        }
        String roleCode = null;
        for (int i = 0; i < a.getExtension().size(); i++) {
            Extension x = a.getExtension().get(i);
            String at = where + ".extension[" + i + "]";
            if (!CodeSystems.EXT_ACTOR_ROLE.equals(x.getUrl())) {
                problems.add(at + ": unknown or misplaced extension " + x.getUrl());
            } else if (roleCode != null) {
                problems.add(at + ": one role per actor (add another actor for another role)");
            } else if (x.getValue() instanceof Coding rc && CodeSystems.PROFESSIONAL_ROLE.equals(rc.getSystem())
                    && rc.getCode() != null) {
                roleCode = rc.getCode();
            } else {
                problems.add(at + ".valueCoding: a role from " + CodeSystems.PROFESSIONAL_ROLE + " is required");
                roleCode = "";
            }
        }
        boolean organisation = ref.hasReference()
                ? ref.getReference().startsWith("Organization/")
                : "Organization".equals(ref.getType());
        if (roleCode != null && !organisation) {
            problems.add(where + ".extension: a role narrows only an organisation (Organization reference)");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        if (ref.hasIdentifier() && !ref.hasReference() && !ref.hasType()) {
            Identifier id = ref.getIdentifier();
            if (CodeSystems.PROFESSIONAL_ROLE.equals(id.getSystem())) {
                return Optional.of(new Recipient.WithRole(id.getValue()));
            }
            if (CodeSystems.ORGANISATION_TYPE.equals(id.getSystem())) {
                return Optional.of(new Recipient.OfOrganisationType(id.getValue()));
            }
            problems.add(where + ".reference: unknown kind of recipient " + id.getSystem());
            return Optional.empty();
        }
        String type;
        String id;
        if (ref.hasReference()) {
            String r = ref.getReference();
            int slash = r.indexOf('/');
            if (slash < 0 || r.indexOf('/', slash + 1) >= 0) {
                problems.add(where + ".reference: expected Type/id, got " + r);
                return Optional.empty();
            }
            type = r.substring(0, slash);
            id = r.substring(slash + 1);
        } else if (ref.hasType() && ref.hasIdentifier()
                && (ID_SYSTEM + ref.getType()).equals(ref.getIdentifier().getSystem())) {
            type = ref.getType();
            id = ref.getIdentifier().getValue();
        } else {
            problems.add(where + ".reference: no recipient");
            return Optional.empty();
        }
        switch (type) {
            case "Practitioner" :
                return Optional.of(new Recipient.Named(id, display));
            case "Organization" :
                return Optional.of(roleCode == null
                        ? new Recipient.AtOrganisation(id, display)
                        : new Recipient.WithRoleAt(roleCode, id, display));
            case "RelatedPerson" :
                return Optional.of(new Recipient.Delegate(id, display));
            case "Device" :
                return Optional.of(new Recipient.PartnerSystem(id, display));
            default :
                problems.add(where + ".reference: a " + type + " cannot be a recipient");
                return Optional.empty();
        }
    }

    private static Optional<String> referencedId(Reference ref, String type, String where, List<String> problems) {
        if (ref.hasReference() && ref.getReference().startsWith(type + "/")) {
            return Optional.of(ref.getReference().substring(type.length() + 1));
        }
        if (ref.hasIdentifier() && (ID_SYSTEM + type).equals(ref.getIdentifier().getSystem())) {
            return Optional.of(ref.getIdentifier().getValue());
        }
        problems.add(where + ": must reference the resident's " + type);
        return Optional.empty();
    }
}
