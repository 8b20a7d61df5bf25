package org.wellbeingpassport.api.fhir;

import ca.uhn.fhir.util.VersionUtil;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.validate.Conformance;
import org.wellbeingpassport.fhir.validate.PassportValidator;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/**
 * The documents partner writes have validated in this process, by digest, so that a transaction resending a resource
 * unchanged is not validated again (docs/adr/0012-partner-api.md, "validate what changed", 2026-12-03).
 *
 * <p>
 * Validation is a function of the document and of the profile set (HAPI's R4 definitions, our conformance resources,
 * our rules): nothing else goes in (no clock, no store, no terminology server). So a document identical to one that
 * passed gets the same answer, and validating it again only costs. Each fact is kept as SHA-256(profile set,
 * document); the profile set is named by {@link #profileSet()} (a digest of HAPI's version and of every conformance
 * resource we load), so a fact can never stand for another profile set; and the facts live in this process only (a
 * new build, a restart, validates again). Only successful validations are remembered; a document that failed is
 * validated, and refused, every time. Bounded ({@link #MAX_DOCUMENTS}, least recently used out): past the bound a
 * document is just validated again.
 *
 * <p>
 * A fact spares a validation only for an entry the caller may write ({@link Transactions}: an entry it may not write
 * is validated as before, and a 422 comes after every entry before it was validated), so neither an answer nor its
 * time says which documents passed before in a passport the caller may not write to.
 */
@Singleton
public final class ValidatedDocuments {
    /** About 16 MB at most (a 32-byte digest and the cache's own entry each). */
    static final int MAX_DOCUMENTS = 100_000;

    private final Cache<ByteBuffer, Boolean> passed = Caffeine.newBuilder().maximumSize(MAX_DOCUMENTS).build();
    private final byte[] profileSet = profileSetDigest();
    private final AtomicLong validations = new AtomicLong();

    /** Whether this exact document (its canonical form: {@link PartnerWrites}) passed validation here before. */
    boolean passedBefore(String canonical) {
        return passed.getIfPresent(key(canonical)) != null;
    }

    /** Validates the document in full (base R4, our profiles and rules); remembers it when it passes. */
    ValidationReport validate(String document, String canonical) {
        validations.incrementAndGet();
        ValidationReport report = PassportValidator.shared().validate(document);
        if (report.valid()) {
            passed.put(key(canonical), Boolean.TRUE);
        }
        return report;
    }

    /** How many full validations this has run (a counting hook for tests and the benchmark's reading). */
    public long validations() {
        return validations.get();
    }

    /** The profile set the facts are for: hex SHA-256 of HAPI's version and every conformance resource we load. */
    String profileSet() {
        return HexFormat.of().formatHex(profileSet);
    }

    private ByteBuffer key(String canonical) {
        MessageDigest sha = sha256();
        sha.update(profileSet);
        sha.update(canonical.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(sha.digest());
    }

    private static byte[] profileSetDigest() {
        MessageDigest sha = sha256();
        sha.update(("hapi " + VersionUtil.getVersion() + "\n").getBytes(StandardCharsets.UTF_8));
        var json = Fhir.context().newJsonParser();
        for (IBaseResource r : Conformance.structureDefinitions()) {
            sha.update(json.encodeResourceToString(r).getBytes(StandardCharsets.UTF_8));
        }
        for (IBaseResource r : Conformance.codeSystems()) {
            sha.update(json.encodeResourceToString(r).getBytes(StandardCharsets.UTF_8));
        }
        for (IBaseResource r : Conformance.valueSets()) {
            sha.update(json.encodeResourceToString(r).getBytes(StandardCharsets.UTF_8));
        }
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
