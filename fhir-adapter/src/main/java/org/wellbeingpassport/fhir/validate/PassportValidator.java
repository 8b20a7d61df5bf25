package org.wellbeingpassport.fhir.validate;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.util.ResourceUtil;
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
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.validation.ValidationMessage;
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
 *
 * <p>HAPI's {@code FhirInstanceValidator} builds a new {@code InstanceValidator} inside every call, and building one
 * was most of the cost of validating a resource; this class runs the same validator with the same settings from
 * {@link InstanceValidatorPool}, which keeps them for reuse (why that is safe: there). The system property
 * {@code passport.validator.reuse=false} (environment {@code PASSPORT_VALIDATOR_REUSE=false}) goes back to HAPI's
 * own per-call path.
 */
public final class PassportValidator {
    private static volatile PassportValidator shared;

    private final FhirValidator validator;
    private final InstanceValidatorPool pool;
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
        // one worker context (the R5 view of the support chain) for HAPI's path and the reused validators alike
        WorkerContextValidationSupportAdapter worker = WorkerContextValidationSupportAdapter
                .newVersionSpecificWorkerContextWrapper(chain);
        module.setWrappedWorkerContext(chain, worker);
        this.validator = ctx.newValidator().registerValidatorModule(module);
        this.pool = new InstanceValidatorPool(module, worker, reuseConfigured());
    }

    private static boolean reuseConfigured() {
        String v = System.getProperty("passport.validator.reuse", System.getenv("PASSPORT_VALIDATOR_REUSE"));
        return v == null || !v.trim().equalsIgnoreCase("false");
    }

    /** True when validations reuse HAPI's InstanceValidators (the default), false when each builds its own. */
    public boolean reusesInstanceValidators() {
        return pool.reuses();
    }

    /** Validators built for one call because every pooled one stayed busy (a counting hook for tests). */
    long validatorsBuiltForOneCall() {
        return pool.builtForOneCall();
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
            issues.addAll(baseR4(json));
        } catch (RuntimeException e) {
            // the validator's message names its parser's classes (issue 17's HTTP fuzz): say what it means instead
            issues.add(new Issue(Issue.Severity.FATAL, "(document)",
                    "could not be validated: the document is not a FHIR resource in well-formed JSON", "base-r4"));
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
        List<Issue> issues = new ArrayList<>(baseR4(resource));
        issues.addAll(PassportRules.check(resource));
        issues.addAll(NarrativeRules.check(Fhir.tree(resource)));
        return new ValidationReport(issues);
    }

    /** Base R4 and our conformance resources: HAPI's instance validator, reused ({@link InstanceValidatorPool}). */
    private List<Issue> baseR4(String json) {
        if (!pool.reuses() || EncodingEnum.detectEncodingNoDefault(json) != EncodingEnum.JSON) {
            return hapiPerCall(json); // and so HAPI's own answer for what is not JSON (XML, or not FHIR at all)
        }
        List<Issue> out = new ArrayList<>();
        for (ValidationMessage m : pool.validate(json)) {
            out.add(new Issue(severity(ResultSeverityEnum.fromCode(m.getLevel().toCode())),
                    m.getLocation() == null ? "(document)" : m.getLocation(), m.getMessage(), "base-r4"));
        }
        return out;
    }

    private List<Issue> baseR4(IBaseResource resource) {
        // what HAPI validates for a resource: the text it was parsed from, if kept, else its JSON encoding
        String raw = ResourceUtil.getRawStringFromResourceOrNull(resource);
        if (!pool.reuses() || (raw != null && ResourceUtil.getEncodingTypeFromUserData(resource) == EncodingEnum.XML)) {
            return fromHapi(validator.validateWithResult(resource));
        }
        return baseR4(raw != null ? raw : Fhir.context().newJsonParser().encodeResourceToString(resource));
    }

    /** HAPI's own path (a new InstanceValidator per call): the reference the reused path is tested against. */
    List<Issue> hapiPerCall(String json) {
        return fromHapi(validator.validateWithResult(json));
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
