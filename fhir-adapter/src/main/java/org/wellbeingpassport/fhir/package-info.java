/**
 * The passport as FHIR R4: the shared {@link org.wellbeingpassport.fhir.Fhir} context, codes, element
 * paths, redaction, validation, the storage form and example passports.
 */
package org.wellbeingpassport.fhir;
