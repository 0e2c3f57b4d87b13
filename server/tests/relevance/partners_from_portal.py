#!/usr/bin/env python3
"""Builds partners.json, the partner-suggestion relevance set, from public EU data: the EDF
projects funded under 2022 calls describe what each organisation did (their objectives, from
the EU Funding & Tenders Portal's project results), and the consortia funded under 2023 and 2024
calls are the partners that should come up. Nothing from a case's own project describes anyone.

Input: refactoringDB/rawdata/edf_calls.json of github.com/infonodesETS/manintheloop (the
portal's project results per call topic, fetched 2026-04-15), and the repository's catalogue.
Usage: partners_from_portal.py EDF_CALLS_JSON CATALOGUE_JSON > partners.json
"""
import json
import sys

CUT = 2022  # projects of calls up to this year describe organisations; later ones are cases

calls = json.load(open(sys.argv[1]))["calls"]
catalogue = {e["id"] for e in json.load(open(sys.argv[2]))}
projects = [
    (topic, p)
    for topic, call in calls.items()
    if topic.startswith("EDF-20")
    for p in call.get("projects", [])
]

def year(topic):
    return int(topic.split("-")[1])

past = [(t, p) for t, p in projects if year(t) <= CUT]
organisations = {}
described = []
for topic, p in past:
    members = []
    for m in p["participants"]:
        organisations.setdefault(
            m["pic"],
            {
                "pic": m["pic"],
                "name": m["organization_name"].strip(),
                "country": m["country_code"],
                "sme": bool(m.get("sme")),
                "activity": m.get("type") or "",
            },
        )
        members.append(m["pic"])
    described.append(
        {
            "project": p["acronym"],
            "topic": topic,
            "title": p["title"].strip(),
            "objective": " ".join(p.get("objective", "").split()),
            "members": sorted(set(members)),
        }
    )

cases = []
for topic, p in projects:
    if year(topic) <= CUT or topic not in catalogue:
        continue
    members = [m for m in p["participants"] if m["pic"] in organisations]
    if len({m["pic"] for m in members}) < 3:
        continue
    coordinator = [m for m in members if m["role"] == "coordinator"]
    lead = (coordinator or members)[0]["pic"]
    cases.append(
        {
            "project": p["acronym"],
            "topic": topic,
            "source": p["url"],
            "lead": lead,
            "partners": sorted({m["pic"] for m in members} - {lead}),
        }
    )

json.dump(
    {
        "source": "EU Funding & Tenders Portal project results for EDF calls, via "
        "github.com/infonodesETS/manintheloop (refactoringDB/rawdata/edf_calls.json, 2026-04-15)",
        "organisations": sorted(organisations.values(), key=lambda o: o["pic"]),
        "described_by": described,
        "cases": cases,
    },
    sys.stdout,
    ensure_ascii=False,
    indent=1,
)
