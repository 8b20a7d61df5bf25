/** Placeholder so the module compiles; replaced by the module's real API. */
package org.wellbeingpassport.fhir;
