/**
 * Professionals propose entries for a resident's passport; the resident confirms or disputes them. A dispute is a
 * FHIR Task linked to the entry (the entry itself keeps its content and history), its author is told, and it
 * travels with every disclosure of that entry until the resident resolves or withdraws it ({@link
 * org.wellbeingpassport.api.passport.Disputes#openByResource}).
 */
package org.wellbeingpassport.api.contribution;

import org.wellbeingpassport.api.passport.Disputes;
