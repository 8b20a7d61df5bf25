package org.wellbeingpassport.fhir.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The same operations as {@link ReadPathBenchmark}, timed in thread CPU time rather than wall time:
 * on a shared machine (other builds running) wall time includes waiting for a core, CPU time does
 * not. Run: {@code java -cp <test classpath> org.wellbeingpassport.fhir.bench.CpuTimeReport}.
 * Warm-up 2 s of CPU per operation, then at least 2 s of CPU measured; GC threads are not counted.
 */
public final class CpuTimeReport {
    private CpuTimeReport() {
    }

    public static void main(String[] args) {
        ReadPathBenchmark b = new ReadPathBenchmark();
        b.setup();
        Map<String, Supplier<Object>> ops = new LinkedHashMap<>();
        ops.put("hapiParse", b::hapiParse);
        ops.put("hapiEncode", b::hapiEncode);
        ops.put("jacksonParse", b::jacksonParse);
        ops.put("jacksonWrite", b::jacksonWrite);
        ops.put("storedNativeToTree", b::storedNativeToTree);
        ops.put("storedNativeViaDocument", b::storedNativeViaDocument);
        ops.put("storedJsonStringsToTrees", b::storedJsonStringsToTrees);
        ops.put("copyTree", b::copyTree);
        ops.put("copyAndRedact", b::copyAndRedact);
        ops.put("itemsAndDecisions", b::itemsAndDecisions);
        ops.put("decisionsWithCachedItems", b::decisionsWithCachedItems);
        ops.put("readPathJson", b::readPathJson);
        ops.put("readPathJsonCachedItems", b::readPathJsonCachedItems);
        ops.put("readPathHapi", b::readPathHapi);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.printf("passport: %d resources, %d bytes of JSON%n", b.tree.path("entry").size(),
                b.jsonBytes.length);
        com.fasterxml.jackson.databind.node.ObjectNode copy = b.tree.deepCopy();
        System.out.println("redaction: " + org.wellbeingpassport.fhir.redact.JsonRedactor.redactBundle(copy,
                r -> b.decided.get(ReadPathBenchmark.key(r))));
        if (args.length > 0 && args[0].equals("--outcome-only")) {
            return;
        }
        Object sink = null;
        for (Map.Entry<String, Supplier<Object>> op : ops.entrySet()) {
            long start = mx.getCurrentThreadCpuTime();
            while (mx.getCurrentThreadCpuTime() - start < 2_000_000_000L) {
                sink = op.getValue().get();
            }
            long n = 0;
            start = mx.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            long used;
            do {
                for (int i = 0; i < 10; i++) {
                    sink = op.getValue().get();
                }
                n += 10;
                used = mx.getCurrentThreadCpuTime() - start;
            } while (used < 2_000_000_000L);
            System.out.printf("%-26s %10.1f us/op CPU   %10.1f us/op wall   (%d ops)%n", op.getKey(), used / 1000.0 / n,
                    (System.nanoTime() - wall) / 1000.0 / n, n);
        }
        System.out.println(sink == null ? "" : "done");
    }
}
