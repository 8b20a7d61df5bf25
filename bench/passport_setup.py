#!/usr/bin/env python3
"""Setup for bench/write's passport phase: one creating transaction per resident written to.

  passport_setup.py BASE TOKEN PURPOSE TOKENS_FILE PATIENT_JSON TEMPLATE OUT

For each resident of TOKENS_FILE ("residentId token" lines): posts bench/passport-transaction.json (the Patient, its
id @ID@ in PATIENT_JSON, and 16 new resources) as the partner, then writes to OUT one line "residentId<TAB>Bundle":
the same 17 resources as PUTs of what that transaction created, the body the phase posts again and again (each a new
version of the whole passport; no If-Match, so each writes over whatever is current). Prints the time it took.
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
    return rid + "\t" + json.dumps(bundle, separators=(",", ":"))


t0 = time.time()
with ThreadPoolExecutor(4) as pool:
    lines = list(pool.map(setup, residents))
with open(out_file, "w") as f:
    f.write("\n".join(lines) + "\n")
print("%d residents set up (one 17-resource creating transaction each) in %.1f s" % (len(lines), time.time() - t0))
