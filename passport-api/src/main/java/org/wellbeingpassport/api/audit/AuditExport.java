package org.wellbeingpassport.api.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * Exports the whole chain, in order, as NDJSON: one FHIR AuditEvent per line (the FHIR Bulk Data format), each
 * carrying its chain position, so an auditor can match it to the verified chain.
 */
public final class AuditExport {
    private static final int PROGRESS_EVERY = 10_000;
    private final AuditQueries queries;

    public AuditExport(AuditQueries queries) {
        this.queries = queries;
    }

    /**
     * @param progress called with the number of entries written, every 10,000 and at the end
     * @return the number of entries written
     */
    public long writeNdjson(OutputStream out, LongConsumer progress) {
        return writeNdjson(out, AuditQuery.all(), progress);
    }

    /** Only the entries matching {@code filter} (its limit is ignored: an export is complete). */
    public long writeNdjson(OutputStream out, AuditQuery filter, LongConsumer progress) {
        return writeNdjson(new OutputStreamWriter(out, StandardCharsets.UTF_8), filter, progress);
    }

    public long writeNdjson(java.io.Writer out, AuditQuery filter, LongConsumer progress) {
        BufferedWriter w = new BufferedWriter(out, 1 << 16);
        long[] n = {0};
        String chain = queries.chain();
        queries.forEachInOrder(s -> {
            if (!filter.matches(s.entry())) {
                return;
            }
            try {
                w.write(AuditEventRenderer.toJson(AuditEventRenderer.render(s, chain)));
                w.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (++n[0] % PROGRESS_EVERY == 0) {
                progress.accept(n[0]);
            }
        });
        try {
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        progress.accept(n[0]);
        return n[0];
    }
}
