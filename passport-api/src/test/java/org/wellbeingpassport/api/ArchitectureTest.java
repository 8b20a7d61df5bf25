package org.wellbeingpassport.api;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import io.micronaut.http.annotation.Controller;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of passport-api (the project guide: "controllers and pages -> feature flows -> the gate -> store", with
 * no package cycles). Packages are features and may use each other as long as no cycle forms; below them, in one
 * direction only: the gate (consent decisions, redaction, the passport read and write path), the foundation every
 * layer uses (the audit trail, callers, error shapes, key wiring), and the store. Any package not named below is a
 * feature (e.g. pages), so a new package lands at the top unless it is placed deliberately.
 */
class ArchitectureTest {
    static final String ROOT = "org.wellbeingpassport.api";
    static final Set<String> GATE = Set.of("gate", "passport");
    static final Set<String> FOUNDATION = Set.of("audit", "auth", "http", "keys");
    static final Set<String> STORE = Set.of("store");
    /** Packages whose audit entries are about no resident's record (see onlyTheGateRecords). */
    static final Set<String> RECORD_NO_RESIDENT = Set.of("audit", "auditor", "keys", "http");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(ROOT);
    }

    @Test
    void packagesFormNoCycle() {
        rules().cycles().check(classes);
    }

    @Test
    void layersPointDownwards() {
        rules().layers().check(classes);
    }

    @Test
    void nothingDependsOnAController() {
        rules().controllersAreEntryPoints().check(classes);
    }

    @Test
    void onlyTheGateRecordsWhatHappensToAResident() {
        rules().onlyTheGateRecords().check(classes);
    }

    @Test
    void controllersAndPagesDoNotReachTheStore() {
        rules().edgesStayOffTheStore().check(classes);
    }

    static Rules rules() {
        return new Rules();
    }

    /** The rules, also used by a test that shows they catch a cycle. */
    static final class Rules {
        ArchRule cycles() {
            return slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();
        }

        ArchRule layers() {
            return layeredArchitecture().consideringOnlyDependenciesInLayers().layer("Application").definedBy(ROOT)
                    .layer("Features")
                    .definedBy(inTopLevelPackage("a feature package",
                            p -> !GATE.contains(p) && !FOUNDATION.contains(p) && !STORE.contains(p)))
                    .layer("Gate").definedBy(inTopLevelPackage("the gate", GATE::contains)).layer("Foundation")
                    .definedBy(inTopLevelPackage("the foundation", FOUNDATION::contains)).layer("Store")
                    .definedBy(inTopLevelPackage("the store", STORE::contains)).whereLayer("Features")
                    .mayOnlyBeAccessedByLayers("Application").whereLayer("Gate")
                    .mayOnlyBeAccessedByLayers("Application", "Features").whereLayer("Foundation")
                    .mayOnlyBeAccessedByLayers("Application", "Features", "Gate").whereLayer("Store")
                    .mayOnlyBeAccessedByLayers("Application", "Features", "Gate", "Foundation");
        }

        /**
         * "No controller reaches the store for resident data" (issue 11): controllers and pages (the two edges) go
         * through feature flows and the gate, which alone use the store. The one exception is named: the FHIR
         * controllers (issue 13's FhirController and PartnerFhirController) still name the store's two value records
         * their services return (a stored version, a write's outcome), never the store itself.
         */
        ArchRule edgesStayOffTheStore() {
            return ArchRuleDefinition.classes().that(written()).and(areAnEdge()).should(notDependOnTheStore())
                    .because("the gate decides, redacts and records before anything of a resident leaves or changes");
        }

        /**
         * "One gate" (issue 11): a feature flow never writes to the audit trail itself; what happens to a resident's
         * data is recorded by the gate, which records before anything is sent or changed. The packages named in
         * {@link #RECORD_NO_RESIDENT} record events that are about no resident's record: the auditor's own reviews,
         * key rotations, refused sign-ins, and the start-up and key tool entries of the application root.
         */
        ArchRule onlyTheGateRecords() {
            return ArchRuleDefinition.noClasses().that(written())
                    .and(inTopLevelPackage("a feature package",
                            p -> !GATE.contains(p) && !RECORD_NO_RESIDENT.contains(p)))
                    .should().callMethod(ROOT + ".audit.AuditTrail", "record", ROOT + ".audit.AuditEntry")
                    .because("the gate decides, redacts and records before anything of a resident leaves or changes");
        }

        /**
         * Controllers translate HTTP to a call and back; nothing else calls them, except the pages, which are the
         * other edge ("controllers and pages") and present the same entry points in process.
         */
        ArchRule controllersAreEntryPoints() {
            return ArchRuleDefinition.classes().that(written()).and(notInPages()).should(notDependOnAnotherController())
                    .because("controllers translate HTTP; the work is in flows that other code may call");
        }
    }

    private static DescribedPredicate<JavaClass> inTopLevelPackage(String description,
            java.util.function.Predicate<String> accepts) {
        return DescribedPredicate.describe(description, c -> topLevelPackage(c).map(accepts::test).orElse(false));
    }

    static java.util.Optional<String> topLevelPackage(JavaClass c) {
        String p = c.getPackageName();
        if (!p.startsWith(ROOT + ".")) {
            return java.util.Optional.empty();
        }
        String rest = p.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return java.util.Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    /** Controllers (and their nested classes) and everything in the pages package. */
    private static DescribedPredicate<JavaClass> areAnEdge() {
        return DescribedPredicate.describe("are controllers or pages",
                c -> topLevelPackage(c).equals(java.util.Optional.of("pages")) || isController(c));
    }

    private static boolean isController(JavaClass c) {
        if (c.isAnnotatedWith(Controller.class)) {
            return true;
        }
        return c.getEnclosingClass().map(ArchitectureTest::isController).orElse(false);
    }

    /** Store value records the FHIR controllers may still name (see edgesStayOffTheStore). */
    static final Set<String> FHIR_CONTROLLER_STORE_VALUES = Set.of(ROOT + ".store.StoredResource",
            ROOT + ".store.WriteOutcome");

    private static ArchCondition<JavaClass> notDependOnTheStore() {
        return new ArchCondition<>("not depend on the store package") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass();
                    if (!target.getPackageName().equals(ROOT + ".store")
                            && !target.getPackageName().startsWith(ROOT + ".store.")) {
                        continue;
                    }
                    String outer = target.getName().contains("$")
                            ? target.getName().substring(0, target.getName().indexOf('$'))
                            : target.getName();
                    boolean named = (item.getName().startsWith(ROOT + ".fhir.FhirController")
                            || item.getName().startsWith(ROOT + ".fhir.PartnerFhirController"))
                            && FHIR_CONTROLLER_STORE_VALUES.contains(outer);
                    if (!named) {
                        events.add(SimpleConditionEvent.violated(item, d.getDescription()));
                    }
                }
            }
        };
    }

    private static DescribedPredicate<JavaClass> notInPages() {
        return DescribedPredicate.describe("are not pages",
                c -> !topLevelPackage(c).equals(java.util.Optional.of("pages")));
    }

    /** Classes we wrote, not the bean definitions Micronaut generates next to them ($X$Definition). */
    private static DescribedPredicate<JavaClass> written() {
        return DescribedPredicate.describe("are written by us",
                c -> !c.getSimpleName().startsWith("$") && !c.getName().contains(".$"));
    }

    private static ArchCondition<JavaClass> notDependOnAnotherController() {
        return new ArchCondition<>("not depend on a controller other than itself") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass();
                    boolean self = target.equals(item) || item.getName().startsWith(target.getName() + "$")
                            || target.getName().startsWith(item.getName() + "$");
                    if (!self && target.isAnnotatedWith(Controller.class)) {
                        events.add(SimpleConditionEvent.violated(item, d.getDescription()));
                    }
                }
            }
        };
    }
}
