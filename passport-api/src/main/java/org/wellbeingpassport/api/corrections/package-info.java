/**
 * Corrections after the HL7 FHIR "Patient Request for Corrections" guide: the resident's request (a Task in their
 * passport, {@link org.wellbeingpassport.api.passport.Disputes}), the author's review queue (JSON for professionals,
 * FHIR Task search for partner systems), accept (a new version of the entry with a Provenance naming the request),
 * partial accept, decline with a reason, asking for more information (Communication), and the resident's
 * disagreement after a decline, which travels with every later disclosure of the entry. Every step passes the gate
 * (recorded first; nothing changes when the audit store is down). Controllers here translate HTTP; the work is in
 * {@link org.wellbeingpassport.api.corrections.Corrections}.
 */
package org.wellbeingpassport.api.corrections;
