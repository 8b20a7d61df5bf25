package org.wellbeingpassport.api.store;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the data lives. {@code passport.store.uri} (set from the MONGODB_URI environment variable) wins; else, only
 * when asked ({@code passport.store.docker}, which the tests set), Docker if it answers; else the embedded server, on
 * disk under {@code passport.data-dir}.
 */
@ConfigurationProperties("passport.store")
public class StoreConfiguration {
    private String uri;
    private String database = "passport";
    private boolean docker = false;
    private boolean embeddedPersistent = true;
    private Path dataDir = Path.of("data");
    private int embeddedCacheMb = 256;
    private boolean embeddedSync = true;
    private long embeddedCommitDelayMicros = DurableH2Backend.DEFAULT_COMMIT_DELAY_MICROS;
    private int embeddedCommitSiblings = DurableH2Backend.DEFAULT_COMMIT_SIBLINGS;
    private boolean envelopeBytes = true;

    public Optional<String> getUri() {
        return Optional.ofNullable(uri).filter(s -> !s.isBlank());
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    /** Whether to try Testcontainers when no URI is given (tests only; off by default). */
    public boolean isDocker() {
        return docker;
    }

    public void setDocker(boolean docker) {
        this.docker = docker;
    }

    /** Embedded store on disk (the run command) or in memory (tests). */
    public boolean isEmbeddedPersistent() {
        return embeddedPersistent;
    }

    public void setEmbeddedPersistent(boolean embeddedPersistent) {
        this.embeddedPersistent = embeddedPersistent;
    }

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Page cache of the embedded on-disk store (H2 MVStore), in MB; H2's own default is 16. */
    public int getEmbeddedCacheMb() {
        return embeddedCacheMb;
    }

    public void setEmbeddedCacheMb(int embeddedCacheMb) {
        this.embeddedCacheMb = embeddedCacheMb;
    }

    /**
     * Whether the embedded on-disk store forces each (group) commit to the device before answering: on by default,
     * so an acknowledged write survives a power loss, not only a killed process (ADR 0014).
     */
    public boolean isEmbeddedSync() {
        return embeddedSync;
    }

    public void setEmbeddedSync(boolean embeddedSync) {
        this.embeddedSync = embeddedSync;
    }

    /**
     * How long a commit of the embedded on-disk store waits, when other writes are under way, for more of them to
     * join it (one commit and one fsync for all), in microseconds; 0 never waits. A lone write is never delayed.
     */
    public long getEmbeddedCommitDelayMicros() {
        return embeddedCommitDelayMicros;
    }

    public void setEmbeddedCommitDelayMicros(long embeddedCommitDelayMicros) {
        this.embeddedCommitDelayMicros = embeddedCommitDelayMicros;
    }

    /**
     * How many writes besides its own must be under way for a commit of the embedded on-disk store to wait the commit
     * delay (as PostgreSQL's {@code commit_siblings}); at least 1, the default (ADR 0014, amended 2026-12-08). A
     * higher threshold spares a few writers beside many reads the wait, and costs many writers more commits.
     */
    public int getEmbeddedCommitSiblings() {
        return embeddedCommitSiblings;
    }

    public void setEmbeddedCommitSiblings(int embeddedCommitSiblings) {
        this.embeddedCommitSiblings = embeddedCommitSiblings;
    }

    /**
     * Whether each resource's sealed envelope is written as bytes (a BSON binary; the default) or as the cipher's
     * base64url text, as builds before 6 December 2026 wrote it. Both forms are always read. Set it false
     * ({@code PASSPORT_STORE_ENVELOPE_BYTES=false}) only while instances of such an earlier build still run against
     * the same store (a rolling upgrade): they read the text form only (ADR 0008, amended 2026-12-06, session 22).
     */
    public boolean isEnvelopeBytes() {
        return envelopeBytes;
    }

    public void setEnvelopeBytes(boolean envelopeBytes) {
        this.envelopeBytes = envelopeBytes;
    }
}
