package org.wellbeingpassport.api.fhir;

import org.wellbeingpassport.api.http.FhirException;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/** Parsing at the door: strict (an unknown element is an error, not a warning), with clear messages. */
public final class FhirJson {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private FhirJson() {
    }

    public static FhirContext context() {
        return FhirContext.forR4Cached();
    }

    /** Parses a resource of the expected type, or explains exactly why not. */
    public static <T extends Resource> T parse(String body, Class<T> expected) {
        if (body == null || body.isBlank()) {
            throw FhirException.invalid("The request has no body; send a " + expected.getSimpleName()
                    + " resource as application/fhir+json");
        }
        IParser parser = context().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        IBaseResource parsed;
        try {
            parsed = parser.parseResource(body);
        } catch (DataFormatException e) {
            throw FhirException.invalid("The body is not a valid FHIR R4 JSON resource: " + clean(e.getMessage()));
        } catch (RuntimeException e) {
            throw FhirException.invalid("The body could not be read as FHIR JSON");
        }
        if (!expected.isInstance(parsed)) {
            throw FhirException.invalid("Expected a " + expected.getSimpleName() + " but the body is a "
                    + context().getResourceType(parsed));
        }
        return expected.cast(parsed);
    }

    public static String encode(IBaseResource resource) {
        return context().newJsonParser().encodeResourceToString(resource);
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** HAPI prefixes its messages with an internal code ("HAPI-1825: ..."): keep the human part. */
    private static String clean(String message) {
        if (message == null) {
            return "unreadable content";
        }
        // and drop a Java exception's class name HAPI quotes ("java.lang.NumberFormatException: For input string"),
        // a finding of issue 17's Jazzer run: no internal class name in a response
        // and a Java type the JSON reader names ("Value \"2e2222222238\" can not be deserialized as
        // `java.math.BigDecimal`", the next run's finding): say what it means
        return message.replaceAll("HAPI-\\d+:\\s*", "")
                .replaceAll("\\b(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*", "")
                .replaceAll("`(?:[a-z][\\w$]*\\.)+Big(?:Decimal|Integer)`", "a number FHIR can hold")
                .replaceAll("`(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*`", "the type this element needs");
    }
}
