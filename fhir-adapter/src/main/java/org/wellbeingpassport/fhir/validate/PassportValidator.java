package org.wellbeingpassport.fhir.validate;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.example.ExamplePassports;

/**
 * Validation at the door: HAPI's FhirInstanceValidator against base R4 (offline, from the bundled R4
 * validation resources, with our extensions, code systems and value sets loaded), then our own
 * rules ({@link PassportRules}). One report lists every issue with its location.
 *
 * <p>Building the support chain and the first validation take seconds; later validations about 10 ms
 * per resource. So there is one shared instance ({@link #shared()}), and {@link #warmUp()} does the
 * expensive part explicitly: call it at start-up, in the background. Thread-safe.
 */
public final class PassportValidator {
    private static volatile PassportValidator shared;

    private final FhirValidator validator;
    private volatile boolean warm;

    private PassportValidator() {
        FhirContext ctx = Fhir.context();
        PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(ctx);
        Conformance.structureDefinitions().forEach(ours::addStructureDefinition);
        Conformance.codeSystems().forEach(ours::addCodeSystem);
        Conformance.valueSets().forEach(ours::addValueSet);
        UnknownCodeSystemWarningValidationSupport unknown = new UnknownCodeSystemWarningValidationSupport(ctx);
        unknown.setNonExistentCodeSystemSeverity(
                org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport.DEFAULT_SEVERITY);
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx), ours,
                new SnapshotGeneratingValidationSupport(ctx), new CommonCodeSystemsTerminologyService(ctx),
                new InMemoryTerminologyServerValidationSupport(ctx), unknown);
        FhirInstanceValidator module = new FhirInstanceValidator(chain);
        module.setAnyExtensionsAllowed(true);
        this.validator = ctx.newValidator().registerValidatorModule(module);
    }

    /** The process's validator (built on first call; the build takes a moment, warm-up more). */
    public static PassportValidator shared() {
        PassportValidator v = shared;
        if (v == null) {
            synchronized (PassportValidator.class) {
                v = shared;
                if (v == null) {
                    v = new PassportValidator();
                    shared = v;
                }
            }
        }
        return v;
    }

    /** Loads and caches everything the validator needs by validating a full example passport. Idempotent. */
    public PassportValidator warmUp() {
        if (!warm) {
            validate(ExamplePassports.named("jean-whitfield").passport());
            warm = true;
        }
        return this;
    }

    /** True once {@link #warmUp()} has completed. */
    public boolean isWarm() {
        return warm;
    }

    /** Validates FHIR JSON (a resource or a Bundle). Unparseable JSON gives one fatal issue. */
    public ValidationReport validate(String json) {
        IBaseResource parsed;
        try {
            // lenient: an invalid value is the validator's to report, and our rules still run
            parsed = Fhir.jsonParser().setParserErrorHandler(new ca.uhn.fhir.parser.LenientErrorHandler(false))
                    .parseResource(json);
        } catch (RuntimeException e) {
            parsed = null; // HAPI rejects some invalid values outright (an unknown code of a required enumeration)
        }
        List<Issue> issues = new ArrayList<>();
        try {
            issues.addAll(fromHapi(validator.validateWithResult(json)));
        } catch (RuntimeException e) {
            // the validator's message names its parser's classes (issue 17's HTTP fuzz): say what it means instead
            issues.add(new Issue(Issue.Severity.FATAL, "(document)",
                    "could not be validated: the document is not well-formed JSON", "base-r4"));
        }
        if (parsed != null) {
            issues.addAll(PassportRules.check(parsed));
            issues.addAll(NarrativeRules.check(Fhir.tree(json)));
        } else if (issues.stream().noneMatch(i -> i.severity().blocks())) {
            issues.add(new Issue(Issue.Severity.FATAL, "(document)", "not FHIR R4 JSON", "base-r4"));
        } else {
            issues.add(new Issue(Issue.Severity.INFORMATION, "(document)",
                    "our own rules run once the errors above are fixed", "passport-rules"));
        }
        return new ValidationReport(issues);
    }

    /** Validates a parsed resource (a resource or a Bundle). */
    public ValidationReport validate(IBaseResource resource) {
        List<Issue> issues = new ArrayList<>(fromHapi(validator.validateWithResult(resource)));
        issues.addAll(PassportRules.check(resource));
        issues.addAll(NarrativeRules.check(Fhir.tree(resource)));
        return new ValidationReport(issues);
    }

    private static List<Issue> fromHapi(ValidationResult result) {
        List<Issue> out = new ArrayList<>();
        for (SingleValidationMessage m : result.getMessages()) {
            out.add(new Issue(severity(m.getSeverity()),
                    m.getLocationString() == null ? "(document)" : m.getLocationString(), m.getMessage(), "base-r4"));
        }
        return out;
    }

    private static Issue.Severity severity(ResultSeverityEnum s) {
        return switch (s) {
            case FATAL -> Issue.Severity.FATAL;
            case ERROR -> Issue.Severity.ERROR;
            case WARNING -> Issue.Severity.WARNING;
            case INFORMATION -> Issue.Severity.INFORMATION;
        };
    }
}
