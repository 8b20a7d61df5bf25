package org.wellbeingpassport.api.http;

import io.micronaut.http.MediaType;

/** FHIR's JSON media type. */
public final class FhirMediaTypes {
    public static final String FHIR_JSON = "application/fhir+json";
    public static final MediaType FHIR_JSON_TYPE = MediaType.of(FHIR_JSON + ";charset=utf-8");

    private FhirMediaTypes() {
    }
}
