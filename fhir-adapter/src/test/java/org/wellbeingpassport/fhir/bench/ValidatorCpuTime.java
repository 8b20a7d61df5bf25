package org.wellbeingpassport.fhir.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.example.ExamplePassports;
import org.wellbeingpassport.fhir.validate.PassportValidator;

/**
 * {@link ValidatorBenchmark}'s two validations, and the passport's resources validated one by one, timed in thread CPU time as well as wall time (on a shared machine
 * wall time includes waiting for a core). Run with {@code -Dpassport.validator.reuse=false} for HAPI's per-call
 * path (the code before issue 18's change), without it for the reused validators:
 * {@code java -cp <test classpath> org.wellbeingpassport.fhir.bench.ValidatorCpuTime [seconds of CPU per measure]}.
 * Warm-up as long as a measure; GC threads are not counted.
 */
public final class ValidatorCpuTime {
    private ValidatorCpuTime() {
    }

    public static void main(String[] args) {
        long budget = (args.length > 0 ? Long.parseLong(args[0]) : 5) * 1_000_000_000L;
        Bundle b = ExamplePassports.named("jean-whitfield").passport();
        String passport = Fhir.jsonParser().encodeResourceToString(b);
        Observation o = (Observation) b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance).findFirst().orElseThrow();
        String observation = Fhir.jsonParser().encodeResourceToString(o);
        // the same passport's resources, each on its own (what validating only what a write changes costs)
        String[] each = b.getEntry().stream().map(e -> Fhir.jsonParser().encodeResourceToString(e.getResource()))
                .toArray(String[]::new);
        PassportValidator v = PassportValidator.shared().warmUp();
        System.out.println("reuses InstanceValidators: " + v.reusesInstanceValidators());
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] all = new String[each.length + 1];
        all[0] = "each of its " + each.length + " alone";
        System.arraycopy(each, 0, all, 1, each.length);
        for (String[] op : new String[][]{{"observation", observation}, {"passport (17 resources)", passport}, all}) {
            long start = mx.getCurrentThreadCpuTime();
            while (mx.getCurrentThreadCpuTime() - start < budget) {
                for (int k = 1; k < op.length; k++) {
                    v.validate(op[k]);
                }
            }
            long n = 0;
            start = mx.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            long used;
            do {
                for (int k = 1; k < op.length; k++) {
                    if (!v.validate(op[k]).valid()) {
                        throw new IllegalStateException("the inputs must be valid: " + v.validate(op[k]).errors());
                    }
                }
                n++;
                used = mx.getCurrentThreadCpuTime() - start;
            } while (used < budget);
            System.out.printf("%-24s %9.2f ms/op CPU  %9.2f ms/op wall  (%d ops)%n", op[0], used / 1e6 / n,
                    (System.nanoTime() - wall) / 1e6 / n, n);
        }
    }
}
