// Drives two real npm FHIR clients, unchanged, against the running server, as a partner system would:
// discover SMART configuration, get a token with a signed client assertion (private_key_jwt), read
// Patient/$everything, search Observations by patient with _count=2 and page to the end, create an Observation with
// If-None-Exist (twice: the second names the first), post a transaction Bundle.
// Run by PartnerNodeClientsTest: node partner-clients.mjs <fhir-kit-client|fhirclient>, with FHIR_BASE, CLIENT_ID,
// PRIVATE_JWK, SCOPE, PATIENT and OUT in the environment. Writes every response body it received to OUT (JSON) for
// the Java side to validate and check; exits non-zero on any failure.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Client } from 'fhir-kit-client';

const require = createRequire(import.meta.url);
const smart = require('fhirclient');

const env = process.env;
const which = process.argv[2];
const base = env.FHIR_BASE;
const patient = env.PATIENT;
const received = [];
const keep = (what, body) => received.push({ what, body: JSON.stringify(body) });
const check = (ok, message) => {
  if (!ok) throw new Error(message);
};

const b64u = (b) => Buffer.from(b).toString('base64url');

function clientAssertion(tokenUrl) {
  const jwk = JSON.parse(env.PRIVATE_JWK);
  const alg = jwk.kty === 'EC' ? 'ES384' : 'RS384';
  const now = Math.floor(Date.now() / 1000);
  const input = b64u(JSON.stringify({ alg, typ: 'JWT', kid: jwk.kid })) + '.'
    + b64u(JSON.stringify({ iss: env.CLIENT_ID, sub: env.CLIENT_ID, aud: tokenUrl, exp: now + 240,
      jti: crypto.randomUUID() }));
  const key = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
  const signature = crypto.sign('sha384', Buffer.from(input),
    alg === 'ES384' ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return input + '.' + b64u(signature);
}

async function token(tokenUrl) {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    scope: env.SCOPE,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: clientAssertion(tokenUrl),
  });
  const r = await fetch(tokenUrl, { method: 'POST', body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  check(r.status === 200, `token endpoint answered ${r.status}`);
  return (await r.json()).access_token;
}

function measure(identifier) {
  return {
    resourceType: 'Observation',
    identifier: [{ system: 'https://partner.example/obs', value: identifier }],
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey',
      display: 'Survey' }] }],
    code: { coding: [{ system: 'https://fhir.wellbeingpassport.org/CodeSystem/wellbeing-measure',
      code: 'swemwbs', display: 'Short Warwick-Edinburgh Mental Wellbeing Scale (7 items)' }] },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: '2026-11-30',
    valueInteger: 23,
  };
}

function transaction() {
  const entry = [0, 1].map(() => {
    const id = `urn:uuid:${crypto.randomUUID()}`;
    return { fullUrl: `urn:uuid:${crypto.randomUUID()}`, resource: measure(id),
      request: { method: 'POST', url: 'Observation', ifNoneExist: `identifier=https://partner.example/obs|${id}` } };
  });
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

async function withFhirKit() {
  const client = new Client({ baseUrl: base });
  // the SMART discovery document is application/json (SMART App Launch 2), asked for as such
  const config = await client.request('.well-known/smart-configuration',
    { options: { headers: { accept: 'application/json' } } });
  keep('smart-configuration', config);
  client.bearerToken = await token(config.token_endpoint);

  const everything = await client.operation({ name: '$everything', resourceType: 'Patient', id: patient,
    method: 'get' });
  keep('$everything', everything);

  let page = await client.search({ resourceType: 'Observation', searchParams: { patient, _count: 2 } });
  const seen = [];
  let pages = 0;
  while (page) {
    keep(`search page ${++pages}`, page);
    check((page.entry || []).length <= 2, 'a page larger than _count');
    (page.entry || []).forEach((e) => seen.push(e.resource.id));
    page = await client.nextPage({ bundle: page });
  }

  const identifier = `urn:uuid:${crypto.randomUUID()}`;
  const ifNoneExist = { headers: { 'If-None-Exist': `identifier=https://partner.example/obs|${identifier}` } };
  const created = await client.create({ resourceType: 'Observation', body: measure(identifier),
    options: ifNoneExist });
  keep('create', created);
  await client.create({ resourceType: 'Observation', body: measure(identifier), options: ifNoneExist });

  const tx = await client.transaction({ body: transaction() });
  keep('transaction', tx);
  return { seen, pages, created: created.id, everything: (everything.entry || []).length };
}

async function withFhirclient() {
  const config = await (await fetch(`${base}/.well-known/smart-configuration`)).json();
  keep('smart-configuration', config);
  const access = await token(config.token_endpoint);
  // fhirclient's Node entry: a client for a known server and token (its SMART launch flows are for apps with a user)
  const client = smart({ headers: {}, url: '/' }, {}).client({ serverUrl: base,
    tokenResponse: { access_token: access } });

  const everything = await client.request(`Patient/${patient}/$everything`);
  keep('$everything', everything);

  const seen = [];
  let pages = 0;
  await client.request(`Observation?patient=${patient}&_count=2`, {
    pageLimit: 0,
    onPage: (page) => {
      keep(`search page ${++pages}`, page);
      check((page.entry || []).length <= 2, 'a page larger than _count');
      (page.entry || []).forEach((e) => seen.push(e.resource.id));
    },
  });

  const identifier = `urn:uuid:${crypto.randomUUID()}`;
  const headers = { 'If-None-Exist': `identifier=https://partner.example/obs|${identifier}` };
  const created = await client.create(measure(identifier), { headers });
  keep('create', created);
  await client.create(measure(identifier), { headers });

  const tx = await client.request({ url: '', method: 'POST', body: JSON.stringify(transaction()),
    headers: { 'Content-Type': 'application/fhir+json' } });
  keep('transaction', tx);
  return { seen, pages, created: created.id, everything: (everything.entry || []).length };
}

try {
  const summary = which === 'fhir-kit-client' ? await withFhirKit() : await withFhirclient();
  fs.writeFileSync(env.OUT, JSON.stringify({ summary, received }));
} catch (e) {
  console.error(`${which}: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
}
