package org.wellbeingpassport.fhir.validate;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r5.conformance.profile.ProfileUtilities;
import org.hl7.fhir.r5.elementmodel.JsonParser;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.elementmodel.ParserBase;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
import org.hl7.fhir.r5.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.codesystem.CodingsObserver;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's {@link InstanceValidator}s, built once and reused, configured exactly as HAPI's {@link FhirInstanceValidator}
 * configures the one it builds inside every call (its package-private {@code ValidatorWrapper}, HAPI 8.8.0).
 *
 * <p>Why: building an {@code InstanceValidator} reads the validator's OID registry (a CSV of several thousand lines,
 * {@code OIDUtilities}) and sets up a FHIRPath engine and profile utilities; that was most of the cost of validating
 * one resource (bench/RESULTS.md, "fhir-adapter: the validator per call"). The worker context (the converted
 * StructureDefinitions, value sets, code systems) was already shared by HAPI.
 *
 * <p>Why it is safe: an {@code InstanceValidator} is not thread-safe, so each is used by one thread at a time (taken
 * from the pool, given back after). Its top-level {@code validate} clears its own per-run state (fetch cache,
 * resource tracker, tracked messages and messages to remove; it assigns a new execution id and validated content).
 * What it does not clear, and would carry from one validation into the next, {@link #clearRunState} clears before
 * every use: the "status warnings already given" set (without that a warning about, say, a draft code system would be
 * given once per validator instead of once per validation), the narrative id maps and the codings seen (both keyed by
 * a previous run's elements: a leak, not a difference). Caches of immutable lookups (canonical resources, FHIRPath
 * expressions, profile utilities) are kept on purpose: they are what reuse is for. {@code ValidatorEquivalenceTest}
 * proves the result is the same as HAPI's per-call validator on a corpus of valid and invalid resources, validated
 * in several orders on one reused validator. At most {@link #MAX_IDLE} are built for reuse (a caller finding all of
 * them busy waits for one). A validator is also dropped after
 * {@link #MAX_USES} uses, which bounds
 * whatever state a future HAPI version might add. If the fields this relies on are not found (a HAPI upgrade renamed
 * them), nothing is reused: every call builds its own, as HAPI does.
 */
final class InstanceValidatorPool {
    /** Uses of one validator before it is dropped and a fresh one built (its cost is then a small share). */
    static final int MAX_USES = 1_000;
    /**
     * Validators built for reuse at most. Each holds its own copy of the OID registry (megabytes, read from a CSV when
     * it is built: about as much CPU as several validations), and validation is CPU work, so more than a few per core
     * would only hold memory and CPU. A caller finding every one of them busy waits for one to be given back (at most
     * {@link #WAIT_MS}); if none is given back in time it builds its own for that call (as HAPI does for every call)
     * and drops it after. Before, a burst beyond the validators kept built its own at once and dropped it: under 16
     * concurrent writes on 2 cores that was most calls, so most validations paid for the build. With a wait of 2 s
     * the same happened on a loaded machine (2026-12-03: a tenth of a whole-passport transaction's validation CPU was
     * validators built for one call, each costing several validations, on a machine already short of CPU): so the
     * wait is now long, and building one for a call is a safety net, not a way to go faster.
     */
    static final int MAX_IDLE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    /** How long a caller waits for a busy validator before it builds its own for its call (a safety net). */
    static final long WAIT_MS = 30_000;

    private static final Field XHTML_ELEMENT_MAP = field(InstanceValidator.class, "xhtmlElementMap");
    private static final Field CODING_OBSERVER = field(InstanceValidator.class, "codingObserver");
    private static final Field CODINGS_SEEN = field(CodingsObserver.class, "list");
    private static final Field TEXTS_TO_CHECK = field(InstanceValidator.class, "textsToCheck");
    private static final Field TEXTS_TO_CHECK_KEYS = field(InstanceValidator.class, "textsToCheckKeys");

    /** True when every field {@link #clearRunState} needs was found: reuse is possible. */
    static final boolean REUSABLE = XHTML_ELEMENT_MAP != null && CODING_OBSERVER != null && CODINGS_SEEN != null
            && TEXTS_TO_CHECK != null && TEXTS_TO_CHECK_KEYS != null;

    private final FhirInstanceValidator settings;
    private final WorkerContextValidationSupportAdapter worker;
    private final boolean reuse;
    private final LinkedBlockingDeque<Reusable> idle = new LinkedBlockingDeque<>();
    /** Validators built for reuse and not dropped: idle or in use; at most {@link #MAX_IDLE}. */
    private final AtomicInteger live = new AtomicInteger();
    /** Validators built for one call because none was free in time (a counting hook for tests). */
    private final AtomicLong builtForOneCall = new AtomicLong();

    /**
     * @param settings the module whose settings are copied (any extensions allowed, best practice level, ...)
     * @param worker the module's worker context (set on it with {@code setWrappedWorkerContext}), shared
     * @param reuse false builds a validator per call (HAPI's behaviour)
     */
    InstanceValidatorPool(FhirInstanceValidator settings, WorkerContextValidationSupportAdapter worker, boolean reuse) {
        this.settings = settings;
        this.worker = worker;
        this.reuse = reuse && REUSABLE;
    }

    boolean reuses() {
        return reuse;
    }

    /** How many validators were built for one call so far, because none was free in time (reuse on). */
    long builtForOneCall() {
        return builtForOneCall.get();
    }

    /** Validates FHIR JSON: the messages HAPI's {@code FhirInstanceValidator} gives for it, in its order. */
    List<ValidationMessage> validate(String json) {
        Reusable v = reuse ? take() : null;
        if (v == null) {
            v = new Reusable(worker); // not reused (or none free in time): built for this call only, as HAPI does
            if (reuse) {
                builtForOneCall.incrementAndGet();
            }
            v.configure(settings);
        } else if (v.uses > 0) {
            v.clearRunState();
        }
        boolean ok = false;
        try {
            // a validator that throws is not given back (it may hold a half-run's state)
            List<ValidationMessage> messages = run(v, json);
            ok = true;
            return messages;
        } finally {
            if (v.pooled) {
                if (ok && ++v.uses < MAX_USES) {
                    idle.offerFirst(v);
                } else {
                    live.decrementAndGet(); // dropped: a later caller builds a fresh one in its place
                }
            }
        }
    }

    /**
     * An idle validator; else a new one for the pool if fewer than MAX_IDLE exist; else the first one given back (or a
     * pool place freed by a dropped one). Null only after {@link #WAIT_MS} (the caller then builds its own).
     */
    private Reusable take() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (true) {
            Reusable v = idle.pollFirst();
            if (v != null) {
                return v;
            }
            if (live.incrementAndGet() <= MAX_IDLE) {
                Reusable fresh = new Reusable(worker);
                try {
                    fresh.configure(settings);
                } catch (RuntimeException | Error e) {
                    live.decrementAndGet();
                    throw e;
                }
                fresh.pooled = true;
                return fresh;
            }
            live.decrementAndGet();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                // a short wait at a time: a validator dropped (MAX_USES, or one that threw) frees a pool place
                // without being given back, and the next turn of the loop builds one in its place
                v = idle.pollFirst(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (v != null) {
                return v;
            }
        }
    }

    /** What ValidatorWrapper.validate does for JSON, after building its validator. */
    private List<ValidationMessage> run(Reusable v, String json) {
        List<ValidationMessage> messages = new ArrayList<>();
        List<StructureDefinition> profiles = new ArrayList<>();
        List<ValidationMessage> invalidProfiles = new ArrayList<>();
        for (String url : declaredProfiles(json)) {
            try {
                StructureDefinition sd = worker.fetchResource(StructureDefinition.class, url);
                if (sd != null) {
                    profiles.add(sd);
                } else {
                    ValidationMessage m = new ValidationMessage();
                    m.setMessageId("Validation_VAL_Profile_Unknown");
                    m.setLevel(ValidationMessage.IssueSeverity.ERROR);
                    m.setMessage("Invalid profile. Failed to retrieve profile with url=" + url);
                    invalidProfiles.add(m);
                }
            } catch (FHIRException e) {
                // as HAPI: a profile that fails to load is left out
            }
        }
        v.validateJson(messages, json.getBytes(StandardCharsets.UTF_8), profiles);
        if (profiles.isEmpty() && !invalidProfiles.isEmpty()) {
            messages.addAll(invalidProfiles);
        }
        List<ValidationMessage> out = new ArrayList<>(messages.size());
        for (ValidationMessage m : messages) {
            String id = m.getMessageId();
            boolean dropped = id != null
                    && (id.equals("Terminology_TX_Binding_NoSource") || (id.equals("Terminology_TX_ValueSet_NotFound")
                            && m.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes")));
            if (!dropped) {
                out.add(m);
            }
        }
        if (settings.isErrorForUnknownProfiles()) {
            for (ValidationMessage m : out) {
                if (("Validation_VAL_Profile_Unknown".equals(m.getMessageId())
                        || "VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY".equals(m.getMessageId()))
                        && m.getLevel() == ValidationMessage.IssueSeverity.WARNING) {
                    m.setLevel(ValidationMessage.IssueSeverity.ERROR);
                }
            }
        }
        return out;
    }

    /** HAPI's reader of meta.profile, with its default settings; thread-safe, so built once instead of per call. */
    private static final Gson GSON = new GsonBuilder().create();

    /**
     * meta.profile of a JSON resource, read as HAPI reads them (Gson; its exception for what is not a JSON object
     * propagates, as HAPI's does).
     */
    private static List<String> declaredProfiles(String json) {
        List<String> out = new ArrayList<>();
        JsonObject resource = GSON.fromJson(json, JsonObject.class);
        JsonObject meta = resource.getAsJsonObject("meta");
        if (meta != null) {
            JsonElement profile = meta.get("profile");
            if (profile != null && profile.isJsonArray()) {
                for (JsonElement p : profile.getAsJsonArray()) {
                    out.add(p.getAsString());
                }
            }
        }
        return out;
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }

    /** An InstanceValidator that can be made ready for another validation. */
    static final class Reusable extends InstanceValidator {
        int uses;
        /** Built for the pool (counted in {@code live}); false: built for one call and dropped after. */
        boolean pooled;

        /**
         * The profile utilities (with their FHIRPath engine) of this validator's element-model parsers: built once,
         * where {@code Manager.makeParser} builds new ones for every parse (a FHIRPath engine reads every
         * StructureDefinition of the worker context when it is built).
         */
        private final ProfileUtilities parserProfiles;

        Reusable(WorkerContextValidationSupportAdapter worker) {
            super(worker, new FhirInstanceValidator.NullEvaluationContext(), new XVerExtensionManagerOld(worker),
                    new ValidatorSession(), new ValidatorSettings());
            parserProfiles = new ProfileUtilities(worker, null, null, new FHIRPathEngine(worker));
        }

        /**
         * {@code validate(null, errors, stream, FhirFormat.JSON, profiles)} (org.hl7.fhir.validation 6.7.9), step for
         * step, but for the parser: a new element-model {@link JsonParser} for every document, as there, given this
         * validator's {@link #parserProfiles} instead of new ones. The parser's own state (policy, the document's
         * elements) is new for each document; the profile utilities hold caches of immutable lookups (the children of
         * an element definition), and are used by one thread at a time, as the validator is. A logical-model profile
         * (never ours) goes through HAPI's own method unchanged.
         */
        void validateJson(List<ValidationMessage> errors, byte[] json, List<StructureDefinition> profiles) {
            for (StructureDefinition sd : profiles) {
                if (sd.getKind() == StructureDefinition.StructureDefinitionKind.LOGICAL) {
                    validate(null, errors, new ByteArrayInputStream(json), Manager.FhirFormat.JSON, profiles);
                    return;
                }
            }
            JsonParser parser = new JsonParser(context, parserProfiles);
            parser.setupValidation(ParserBase.ValidationPolicy.EVERYTHING);
            parser.setAllowComments(isAllowComments());
            parser.setSignatureServices(getSignatureServices());
            long start = System.nanoTime();
            validatedContent = null;
            try {
                validatedContent = parser.parse(new ByteArrayInputStream(json));
            } catch (IOException e) {
                throw new FHIRException(e);
            }
            timeTracker.load(start);
            if (validatedContent == null || validatedContent.isEmpty()) {
                return;
            }
            // (a JSON parser implies no profile: ParserBase.getImpliedProfile is null, so none is added here)
            for (ValidatedFragment fragment : validatedContent) {
                if (fragment.getElement() != null) {
                    validate(null, fragment.getErrors(), validatedContent.size() > 1 ? fragment.path() : null,
                            fragment.getElement(), profiles);
                }
                errors.addAll(fragment.getErrors());
            }
        }

        /** The settings ValidatorWrapper gives every validator it builds (HAPI 8.8.0), from the module's. */
        void configure(FhirInstanceValidator m) {
            setAssumeValidRestReferences(m.isAssumeValidRestReferences());
            setBestPracticeWarningLevel(m.getBestPracticeWarningLevel());
            setAnyExtensionsAllowed(m.isAnyExtensionsAllowed());
            setResourceIdRule(IdStatus.OPTIONAL);
            setNoTerminologyChecks(m.isNoTerminologyChecks());
            setErrorForUnknownProfiles(m.isErrorForUnknownProfiles());
            setUnknownCodeSystemsCauseErrors(true);
            getExtensionDomains().addAll(m.getExtensionDomains());
            setFetcher(m.getValidatorResourceFetcher());
            setPolicyAdvisor(m.getValidatorPolicyAdvisor());
            setNoExtensibleWarnings(m.isNoExtensibleWarnings());
            setNoBindingMsgSuppressed(m.isNoBindingMsgSuppressed());
            setAllowExamples(m.isAllowExamples());
            setAllowXsiLocation(true);
        }

        /** Clears what the top-level validate does not clear itself (see the class comment). */
        void clearRunState() {
            statusWarnings.clear();
            trackedMessages.clear();
            messagesToRemove.clear();
            try {
                ((Map<?, ?>) Objects.requireNonNull(XHTML_ELEMENT_MAP.get(this))).clear();
                ((Collection<?>) Objects.requireNonNull(CODINGS_SEEN.get(CODING_OBSERVER.get(this)))).clear();
                ((Collection<?>) Objects.requireNonNull(TEXTS_TO_CHECK.get(this))).clear();
                ((Collection<?>) Objects.requireNonNull(TEXTS_TO_CHECK_KEYS.get(this))).clear();
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
