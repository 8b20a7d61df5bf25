/**
 * The access flows of residents, carers and professionals (issue 6): first contact by request or share code,
 * break-glass, carers, and what residents are told.
 *
 * <pre>
 * POST /access-requests                      professional  {nhsNumber, birthDate, purpose, sections, reason} -> 202 {id, status: pending}, always
 * GET  /access-requests/{id}                 professional  (the asker only) pending | approved (residentId, grantedSections, until) | refused | expired
 * GET  /me/requests                          resident      pending requests for my passport
 * POST /me/requests/{id}/approve             resident      {sections?, until?} -> permit to that professional (default: all asked, 90 days)
 * POST /me/requests/{id}/refuse              resident
 * POST /me/share-codes                       resident      {sections, purpose, minutes 5..720, uses 1..10} -> 201 {code XXXX-XXXX, expires}
 * POST /share-codes/redeem                   professional  {code, purpose} -> {residentId, sections, purpose, until}
 * POST /passports/{residentId}/break-glass   professional  (safeguarding lead, crisis team clinician) {reason, minutes &lt;= 240, purpose?, deferNotice?: {reason}}
 * POST /me/carers                            resident      {carerAccount (issuer|subject), name, sections, purposes, until?} -> 201 {provisionId, ...}
 * GET  /me/carers                            resident      my delegations in force
 * DELETE /me/carers/{provisionId}            resident      ends a delegation (the next request is refused)
 * GET  /carer/delegations                    carer         passports delegated to me, with sections, purposes, end dates
 * GET  /me/notifications                     resident      newest first
 * </pre>
 *
 * Every grant is a provision in the resident's directives (the one source of truth for decisions), added or revoked
 * as a new directive version with If-Match. Every collection is read and written by full key only (see
 * docs/adr/0001-storage.md): {@code identifiers} ("nhs|number"), {@code access_requests} (id),
 * {@code access_request_inbox} (resident), {@code access_request_decisions} (id, claimed by insert),
 * {@code share_codes} (SHA-256 of the code), {@code share_code_uses} ({h, n}, claimed by insert),
 * {@code break_glass} ({r, p}), {@code delegations} (carer account), {@code notifications} (resident). Every action is
 * in the audit trail before it takes effect.
 */
package org.wellbeingpassport.api.access;
