/**
 * Telling recipients when what they received changes meaning. The disclosure ledger ({@link
 * org.wellbeingpassport.api.notices.Ledger}) is derived from the audit trail: who received which version of which
 * element. Who must be told is read from the recipients' record the audit writer keeps beside the trail ({@link
 * org.wellbeingpassport.api.audit.RecipientRecords}, two small documents per resident, both read by {@code _id}), so that telling
 * costs the same whatever the size of the trail. {@link org.wellbeingpassport.api.notices.Recipients} turns a change (an entry corrected or disputed,
 * access withdrawn, a resident erased) into notices for exactly those who received the element concerned: people in
 * their notifications, partner systems through FHIR Subscriptions (R4 topic-based backport, rest-hook, id-only
 * payloads) delivered at least once from a queue in MongoDB ({@link org.wellbeingpassport.api.notices.Deliveries}).
 * A notice names an id the recipient already received, never content.
 */
package org.wellbeingpassport.api.notices;
