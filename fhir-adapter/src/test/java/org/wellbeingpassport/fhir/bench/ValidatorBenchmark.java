package org.wellbeingpassport.fhir.bench;

import java.util.concurrent.TimeUnit;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.hl7.fhir.r4.model.Observation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.example.ExamplePassports;
import org.wellbeingpassport.fhir.validate.PassportValidator;

/**
 * Validation at the door, warm: one Observation (a partner's or professional's write), one whole example passport
 * (a partner's 17-resource registration) and a resident's one-Goal story write, through {@link PassportValidator}
 * (HAPI's FhirInstanceValidator, base R4 and our conformance resources, then our own rules). Issue 18: the cost per
 * call with and without the validator rebuilt per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ValidatorBenchmark {
    String observation;
    String goal;
    String passport;
    WorkerContextValidationSupportAdapter worker;

    @Setup
    public void setUp() {
        Bundle b = ExamplePassports.named("jean-whitfield").passport();
        passport = Fhir.jsonParser().encodeResourceToString(b);
        Observation o = (Observation) b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance).findFirst().orElseThrow();
        observation = Fhir.jsonParser().encodeResourceToString(o);
        goal = "{\"resourceType\":\"Goal\",\"id\":\"bench-goal\",\"lifecycleStatus\":\"active\","
                + "\"description\":{\"text\":\"Walk to the park 3 times this week\"},"
                + "\"subject\":{\"reference\":\"Patient/gen-000001\"}}";
        PassportValidator.shared().warmUp();
        worker = WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(
                new ValidationSupportChain(new DefaultProfileValidationSupport(Fhir.context())));
        if (!PassportValidator.shared().validate(observation).valid()
                || !PassportValidator.shared().validate(goal).valid()
                || !PassportValidator.shared().validate(passport).valid()) {
            throw new IllegalStateException("the inputs must be valid, or the figure measures error paths");
        }
    }

    /**
     * A resident's story write as bench/write sends it (one small Goal): what validation adds to each of those writes
     * (about 0.25 ms here, against 6-7 ms of CPU for the whole write; bench/RESULTS.md, session 17).
     */
    @Benchmark
    public Object goal() {
        return PassportValidator.shared().validate(goal);
    }

    @Benchmark
    public Object observation() {
        return PassportValidator.shared().validate(observation);
    }

    /** What HAPI's FhirInstanceValidator builds afresh inside every call (ValidatorWrapper), on its own. */
    @Benchmark
    public Object newInstanceValidator() throws Exception {
        return new InstanceValidator(worker, new FhirInstanceValidator.NullEvaluationContext(),
                new XVerExtensionManagerOld(worker), new ValidatorSession(), new ValidatorSettings());
    }

    @Benchmark
    public Object passport() {
        return PassportValidator.shared().validate(passport);
    }
}
