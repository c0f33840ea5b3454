#!/usr/bin/env python3
"""Writes N synthetic sarcnav cases as NDJSON (deterministic: fixed seed).

Usage: scripts/gen-cases.py N > cases.ndjson

The mix is registry-like: mostly soft tissue sarcoma with a spread of sites, sizes, FNCLCC
components and node/metastasis states, some Kaposi sarcoma and KHE, and about 1% invalid lines.
"""
import json
import random
import sys

SITES = ["extremity", "trunk", "retroperitoneum", "head_and_neck", "abdominal_visceral", "thoracic_visceral"]
HISTOLOGIES = ["leiomyosarcoma", "myxoid_liposarcoma", "synovial_sarcoma", "undifferentiated_pleomorphic_sarcoma",
               "angiosarcoma", "myxofibrosarcoma", "dedifferentiated_liposarcoma", "other"]
EXTENTS = ["organ_confined", "beyond_organ", "serosa", "beyond_serosa", "another_organ"]


def sts(rng, i):
    site = rng.choice(SITES)
    case = {"id": f"gen-{i}", "disease": "soft_tissue_sarcoma", "primary_site": site,
            "assessment_date": "2026-06-15", "age_years": rng.randint(18, 90),
            "regional_nodes": rng.choice(["N0", "N0", "N0", "N1", "unknown"]),
            "distant_metastasis": rng.choice(["M0", "M0", "M0", "M1"])}
    if site.endswith("visceral"):
        case["visceral_extent"] = rng.choice(EXTENTS)
        if rng.random() < 0.2:
            case["multifocal_sites"] = rng.randint(1, 8)
    else:
        case["tumor_size_cm"] = round(rng.uniform(0.5, 30), 1)
    h = rng.choice(HISTOLOGIES)
    case["histology"] = h
    if h in ("angiosarcoma", "other"):
        case["differentiation_score"] = rng.randint(1, 3)
    if rng.random() < 0.8:
        case["mitotic_count_per_10hpf"] = rng.randint(0, 40)
        case["necrosis_percent"] = rng.choice([0, 10, 30, 49.9, 50, 80])
    else:
        case["grade"] = rng.choice(["G1", "G2", "G3"])
    if rng.random() < 0.2:
        case["prior_therapies"] = rng.sample(["doxorubicin", "ifosfamide", "gemcitabine", "docetaxel"], 2)
    return case


def ks(rng, i):
    return {"id": f"gen-{i}", "disease": "kaposi_sarcoma", "assessment_date": "2026-06-15",
            "hiv_positive": True, "cd4_per_ul": rng.randint(0, 900), "karnofsky": rng.choice([50, 70, 90]),
            "edema_or_ulceration": rng.random() < 0.3, "oi_or_thrush_history": rng.random() < 0.2}


def khe(rng, i):
    return {"id": f"gen-{i}", "disease": "kaposiform_hemangioendothelioma", "assessment_date": "2026-06-15",
            "kasabach_merritt_phenomenon": rng.random() < 0.6, "platelets_per_ul": rng.randint(3000, 300000)}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    rng = random.Random(20261123)
    out = sys.stdout
    for i in range(n):
        r = rng.random()
        if r < 0.01:
            out.write('{"id": "bad-%d", "disease": "soft_tissue_sarcoma", "tumor_size_cm": "big"}\n' % i)
            continue
        case = sts(rng, i) if r < 0.85 else ks(rng, i) if r < 0.95 else khe(rng, i)
        out.write(json.dumps(case) + "\n")


if __name__ == "__main__":
    main()
