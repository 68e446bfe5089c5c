"""Worksheet → the JSON of ``export_evaluation`` (contract in the README)."""

from __future__ import annotations

from .selectors import q2, worksheet_report


def worksheet_json(worksheet, *, viewer=None) -> dict:
    report = worksheet_report(worksheet=worksheet, viewer=viewer)
    instrument = report["instrument"]
    out = {
        "instrument": {"code": instrument.code, "name": instrument.name, "basis": instrument.basis},
        "unit": {"code": worksheet.unit.code, "name": worksheet.unit.name},
        "year": worksheet.year,
        "score": q2(report["projected"]),
        "predikat": report["predikat"],
        "components": [
            {
                "code": c["node"].code,
                "name": c["node"].name,
                "weight": float(c["node"].weight) if c["node"].weight is not None else None,
                "score": q2(c["score"]),
            }
            for c in report["components"]
        ],
        "criteria": [
            {
                "code": row["node"].code,
                "answer": row["value"] or (row["numbers"] or None),
                "score": q2(row["score"]),
                "stage": row["stage"] or None,
                "evidence": len(row["evidence"]),
                "plan_cells": row["plan_cells"],
            }
            for row in report["criteria"]
        ],
    }
    if instrument.kind == "zi":
        out["gates"] = [
            {
                "name": f"{g.level} {g.name}",
                "required": float(g.required),
                "value": float(g.value),
                "pass": g.passed,
            }
            for g in report["gates"]
        ]
    return out
