package org.wellbeingpassport.api.audit;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** Settings of the audit log ({@code passport.audit.*}); the defaults suit one chain per deployment. */
@ConfigurationProperties("passport.audit")
public class AuditConfig {
    private String chain = "main";
    private int maxBlockEntries = 512;
    private Duration writeTimeout = Duration.ofSeconds(3);
    private Duration busyBlockSpacing = Duration.ofMillis(1);
    private Duration recipientsFlushInterval = Duration.ofSeconds(1);
    private Duration headPublishInterval = Duration.ofMillis(50);
    private int checkpointEveryBlocks = 256;
    private Duration checkpointInterval = Duration.ofSeconds(30);
    private int queueCapacity = 65_536;

    /** The chain name: one signed hash chain per deployment, shared by every instance. */
    public String getChain() {
        return chain;
    }

    public void setChain(String chain) {
        this.chain = chain;
    }

    /** Most entries in one block (one MongoDB document, one signature). */
    public int getMaxBlockEntries() {
        return maxBlockEntries;
    }

    public void setMaxBlockEntries(int maxBlockEntries) {
        this.maxBlockEntries = maxBlockEntries;
    }

    /** How long a caller waits for its entry to be stored before it must refuse the access. */
    public Duration getWriteTimeout() {
        return writeTimeout;
    }

    public void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    /**
     * How long each recipient's newest reception may wait in this instance's memory before it is written to the
     * recipients' records (0: with its block). This instance's notices see it at once; another instance's within this
     * time (docs/adr/0008, amended 2026-12-07, session 29).
     */
    public Duration getRecipientsFlushInterval() {
        return recipientsFlushInterval;
    }

    public void setRecipientsFlushInterval(Duration recipientsFlushInterval) {
        this.recipientsFlushInterval = recipientsFlushInterval;
    }

    /**
     * While busy (the previous block, or the one being gathered, holds more than one entry), a block starts no sooner
     * than this after the previous one started, so that more entries share its insert, signature and recipients'
     * update; a lone entry, or the first after a quiet spell, goes at once. Zero: no spacing (every block as soon as
     * the previous one is stored).
     */
    public Duration getBusyBlockSpacing() {
        return busyBlockSpacing;
    }

    public void setBusyBlockSpacing(Duration busyBlockSpacing) {
        this.busyBlockSpacing = busyBlockSpacing;
    }

    /**
     * The head pointer ({@code audit_heads}) is raised at most this often while blocks are appended (and on close): it
     * only tells the verifier and a starting writer how far the chain reaches at least (both go forward by
     * {@code _id} from it), so one update can cover every block appended meanwhile. Zero: after every block.
     */
    public Duration getHeadPublishInterval() {
        return headPublishInterval;
    }

    public void setHeadPublishInterval(Duration headPublishInterval) {
        this.headPublishInterval = headPublishInterval;
    }

    /** A signed checkpoint after every this many blocks. */
    public int getCheckpointEveryBlocks() {
        return checkpointEveryBlocks;
    }

    public void setCheckpointEveryBlocks(int checkpointEveryBlocks) {
        this.checkpointEveryBlocks = checkpointEveryBlocks;
    }

    /** ... and at least this often while entries arrive. */
    public Duration getCheckpointInterval() {
        return checkpointInterval;
    }

    public void setCheckpointInterval(Duration checkpointInterval) {
        this.checkpointInterval = checkpointInterval;
    }

    /** Entries waiting for the writer; beyond this, record() refuses at once (fail closed). */
    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }
}
