/**
 * Pages for residents and professionals: server-rendered HTML (Thymeleaf through Micronaut Views, GOV.UK Frontend
 * from its webjar), English and Welsh, signed in by a session cookie, every form CSRF-protected.
 *
 * <p>
 * Pages never read the store and never decide consent: they call the same entry points the HTTP API uses, in process
 * ({@link org.wellbeingpassport.api.pages.Flows}), with the signed-in caller's authentication, so every disclosure
 * goes through the same reader, redaction and audit. What they add is presentation: turning the disclosed FHIR into
 * plain words, and nothing that a read did not disclose.
 */
package org.wellbeingpassport.api.pages;
