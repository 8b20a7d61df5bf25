#!/usr/bin/env python3
"""Setup for bench/write's passport phase: one creating transaction per resident written to.

  passport_setup.py BASE TOKEN PURPOSE TOKENS_FILE PATIENT_JSON TEMPLATE OUT

For each resident of TOKENS_FILE ("residentId token" lines): posts bench/passport-transaction.json (the Patient, its
id @ID@ in PATIENT_JSON, and 16 new resources) as the partner, then writes to OUT one line "residentId<TAB>Bundle":
the same 17 resources as PUTs of what that transaction created, the body the phase posts again and again (each a new
version of the whole passport; no If-Match, so each writes over whatever is current). Prints the time it took.

The body carries markers that bench/writes.lua fills in on every request, so that what a partner resends is a
passport where some things changed (a GP system syncing it), never the same bytes again:
  @V@   the first Observation's score (a valueInteger, within its scale: 7 to 35)
  @SD@  appended to the first Observation's effectiveDateTime: a time of day unique to the request
  @ST@  appended to the first Goal's text: a number unique to the request
  @AD@, @AT@  the same on every other resource (the other 7 Observations' times; the Conditions' onset, the second
        Goal's text, the ServiceRequest's reason, the RelatedPerson's family name, the CarePlan's description, the
        Patient's first address line): filled in only when PASSPORT_CHANGE=all (all 17 resources change on every
        request), else empty (those 15 resend what the setup transaction wrote).
"""
import json
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

base, token, purpose, tokens_file, patient_file, template_file, out_file = sys.argv[1:8]
template = open(template_file).read()
patient = open(patient_file).read().strip()
residents = [line.split()[0] for line in open(tokens_file) if line.strip()]


def setup(rid):
    body = template.replace('"@PATIENT@"', patient.replace("@ID@", rid)).replace("@RID@", rid)
    req = urllib.request.Request(base + "/fhir?purpose=" + purpose, data=body.encode(), method="POST", headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/fhir+json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        answer = json.load(r)
    bundle = json.loads(body)
    for entry, response in zip(bundle["entry"], answer["entry"]):
        rtype, rid_, _, _ = response["response"]["location"].split("/")
        entry["resource"]["id"] = rid_
        entry["request"] = {"method": "PUT", "url": rtype + "/" + rid_}
    mark(bundle)
    return rid + "\t" + json.dumps(bundle, separators=(",", ":")).replace('"@V@"', "@V@")


def mark(bundle):
    """The markers writes.lua fills in (see above): two resources change on every request, the rest with =all."""
    observations = goals = 0
    for entry in bundle["entry"]:
        r = entry["resource"]
        t = r["resourceType"]
        if t == "Observation":
            observations += 1
            if observations == 1:
                r["valueInteger"] = "@V@"
            r["effectiveDateTime"] += "@SD@" if observations == 1 else "@AD@"
        elif t == "Goal":
            goals += 1
            r["description"]["text"] += "@ST@" if goals == 1 else "@AT@"
        elif t == "Condition":
            r["onsetString"] += "@AT@"
        elif t == "ServiceRequest":
            r["reasonCode"][0]["text"] += "@AT@"
        elif t == "RelatedPerson":
            r["name"][0]["family"] += "@AT@"
        elif t == "CarePlan":
            r["description"] += "@AT@"
        elif t == "Patient":
            r["address"][0]["line"][0] += "@AT@"


t0 = time.time()
with ThreadPoolExecutor(4) as pool:
    lines = list(pool.map(setup, residents))
with open(out_file, "w") as f:
    f.write("\n".join(lines) + "\n")
print("%d residents set up (one 17-resource creating transaction each) in %.1f s" % (len(lines), time.time() - t0))
