package org.wellbeingpassport.consent.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.wellbeingpassport.consent.AccessRequest;
import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.CompiledPolicy;
import org.wellbeingpassport.consent.ConsentEngine;
import org.wellbeingpassport.consent.DataItem;
import org.wellbeingpassport.consent.Decision;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.DisclosureMask;
import org.wellbeingpassport.consent.Element;
import org.wellbeingpassport.consent.Organisation;
import org.wellbeingpassport.consent.Origin;
import org.wellbeingpassport.consent.Period;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.SensitivityCategory;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * One thread; a resident with 20 provisions (12 about the asking link worker, some nested, some
 * naming sensitive categories; 8 about other people); one resource of 40 elements, a few with
 * inline sensitivity labels. Scores are per element (40 operations per invocation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class DecisionBenchmark {
    static final int ELEMENTS = 40;
    static final String RESIDENT = "resident-1";
    static final Instant GRANTED = Instant.parse("2026-03-03T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-04-01T10:00:00Z");

    ConsentEngine engine;
    DirectiveSet directives;
    AccessRequest request;
    CompiledPolicy policy;
    DataItem item;

    @Setup
    public void setUp() {
        engine = ConsentEngine.standard();
        Organisation riverside = new Organisation("org-riverside", "Riverside", OrganisationType.GP_PRACTICE);
        Actor sam = new Actor.Professional("prac-sam", "Sam Okafor", ProfessionalRole.SOCIAL_PRESCRIBING_LINK_WORKER,
                riverside);
        request = AccessRequest.of(sam, Purpose.SUPPORT_PLANNING, NOW);
        directives = DirectiveSet.restore(RESIDENT, 7, provisions()).orElseThrow();
        policy = engine.compile(directives, request);
        item = item();
        if (directives.provisions().size() != 20 || item.elements().size() != ELEMENTS) {
            throw new IllegalStateException("benchmark shape changed");
        }
        DisclosureMask m = policy.disclose(item);
        if (m.none() || m.all()) {
            throw new IllegalStateException("benchmark should disclose some and withhold some: " + m);
        }
    }

    static List<Provision> provisions() {
        Recipient linkWorkers = Recipient.roleAt(ProfessionalRole.SOCIAL_PRESCRIBING_LINK_WORKER, "org-riverside",
                "Riverside");
        Recipient sam = Recipient.named("prac-sam", "Sam Okafor");
        Recipient riverside = Recipient.organisation("org-riverside", "Riverside");
        Recipient anyGpPractice = Recipient.organisationType(OrganisationType.GP_PRACTICE);
        List<Provision> ps = new ArrayList<>();
        StorySection[] sections = StorySection.values();
        // 12 about the asker: permits over sections, types and paths, some with nested exceptions
        for (int i = 0; i < 8; i++) {
            Recipient who = switch (i % 4) {
                case 0 -> linkWorkers;
                case 1 -> sam;
                case 2 -> riverside;
                default -> anyGpPractice;
            };
            Provision.Builder b = Provision.permit("p" + i).to(who)
                    .covering(org.wellbeingpassport.consent.Scope.sections(sections[i], sections[i + 4]))
                    .forPurposes(Purpose.SUPPORT_PLANNING, Purpose.CARE_COORDINATION).grantedAt(GRANTED)
                    .during(Period.between(GRANTED, GRANTED.plusSeconds(180L * 24 * 3600)));
            if (i % 2 == 0) {
                b.with(Provision.deny("p" + i + ".x")
                        .covering(
                                org.wellbeingpassport.consent.Scope.paths("Observation.note", "Observation.extension"))
                        .build());
            }
            ps.add(b.build());
        }
        ps.add(Provision.permit("p8").to(sam)
                .covering(org.wellbeingpassport.consent.Scope.resourceTypes("Observation")
                        .including(SensitivityCategory.MENTAL_HEALTH))
                .forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(GRANTED).build());
        ps.add(Provision.permit("p9").to(linkWorkers)
                .covering(org.wellbeingpassport.consent.Scope.paths("Observation.component[3]", "Observation.code"))
                .forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(GRANTED).build());
        ps.add(Provision.deny("d10").to(riverside)
                .covering(org.wellbeingpassport.consent.Scope.categories(SensitivityCategory.TRAUMA)).grantedAt(GRANTED)
                .build());
        ps.add(Provision.deny("d11").to(anyGpPractice)
                .covering(org.wellbeingpassport.consent.Scope.paths("Observation.component[9].value"))
                .grantedAt(GRANTED).build());
        // 8 about other people
        for (int i = 12; i < 20; i++) {
            Recipient who = i % 2 == 0
                    ? Recipient.named("prac-" + i, "Worker " + i)
                    : Recipient.role(ProfessionalRole.WORK_COACH);
            ps.add(Provision.permit("p" + i).to(who).covering(org.wellbeingpassport.consent.Scope.everything())
                    .forPurposes(Purpose.BENEFITS_EMPLOYMENT).grantedAt(GRANTED).build());
        }
        return ps;
    }

    static DataItem item() {
        List<Element> elements = new ArrayList<>();
        String[] top = {"Observation.status", "Observation.code", "Observation.subject", "Observation.effective",
                "Observation.note", "Observation.extension"};
        for (String t : top) {
            elements.add(Element.of(t));
        }
        for (int i = 0; elements.size() < ELEMENTS; i++) {
            String base = "Observation.component[" + (i / 3) + "]";
            String path = switch (i % 3) {
                case 0 -> base + ".code";
                case 1 -> base + ".value";
                default -> base + ".interpretation";
            };
            elements.add(i % 7 == 3 ? Element.of(path, SensitivityCategory.TRAUMA) : Element.of(path));
        }
        return DataItem.of(RESIDENT, "Observation", Optional.of(StorySection.MEASURES),
                Set.of(SensitivityCategory.MENTAL_HEALTH), elements, Origin.RESIDENT_ENTERED);
    }

    /** The hot path: compiled once per request, one mask per resource. */
    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public DisclosureMask discloseCompiled() {
        return policy.disclose(item);
    }

    /** With reasons and obligations, for explanations and the audit log. */
    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public Decision decideCompiled() {
        return policy.decide(item);
    }

    /** Compile per call (no reuse): the cost passport-api pays once per request and directive version. */
    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public DisclosureMask compileAndDisclose() {
        return engine.compile(directives, request).disclose(item);
    }
}
