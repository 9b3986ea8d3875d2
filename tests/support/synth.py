"""Deterministic synthetic catalogs in navigator's format, for measuring speed and scale.

`write_catalog(directory, size)` writes a catalog with `size` threats and controls in all (about 60%
threats, a quarter of them in groups of 3 to 12 sub-threats, and 40% controls), 4 to 12 sections,
about three control links per threat, and names and summaries of realistic length. The same size
always gives the same files.

    python -m tests.support.synth 5000 /tmp/cat5000
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

WORDS = [
    "model",
    "data",
    "training",
    "input",
    "output",
    "prompt",
    "agent",
    "poisoning",
    "leak",
    "evasion",
    "inference",
    "injection",
    "supply",
    "chain",
    "access",
    "control",
    "monitor",
    "rate",
    "limit",
    "sandbox",
    "isolation",
    "integrity",
    "confidentiality",
    "availability",
    "membership",
    "inversion",
    "extraction",
    "exfiltration",
    "adversarial",
    "robust",
    "distillation",
    "watermark",
    "segregation",
    "encryption",
    "runtime",
    "development",
    "pipeline",
    "dataset",
    "label",
    "gradient",
    "weights",
    "embedding",
    "retrieval",
    "augmentation",
    "memory",
    "tool",
    "plugin",
    "orchestration",
    "credential",
    "secret",
    "token",
    "privilege",
    "escalation",
    "denial",
    "resource",
    "exhaustion",
    "filter",
    "sanitise",
    "validate",
    "detect",
    "anomaly",
    "drift",
    "backdoor",
    "trigger",
    "transfer",
    "surrogate",
    "oracle",
    "query",
    "budget",
]


def _name(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def _sentence(rng: random.Random) -> str:
    s = _name(rng, 8, 18)
    return s[0].upper() + s[1:] + "."


def catalog_data(size: int) -> dict[str, dict]:
    """File name -> YAML data of a synthetic catalog with `size` threats and controls."""
    rng = random.Random(size)
    n_sections = max(4, min(12, size // 400))
    n_controls = max(4, size * 2 // 5)
    n_threats = size - n_controls
    impacts = [
        {"id": f"impact-{i}", "label": f"Impact {i}: {_name(rng, 2, 4)}", "short": f"Impact {i}", "colour": c}
        for i, c in enumerate(["#77AADD", "#99DDFF", "#44BB99", "#EE8866", "#FFAABB", "#EEDD88"])
    ]
    types = [
        {
            "id": "infosec",
            "label": "Information security control",
            "short": "Infosec",
            "symbol": "S",
            "colour": "#0072B2",
        },
        {
            "id": "runtime",
            "label": "Runtime engineering control",
            "short": "Runtime",
            "symbol": "R",
            "colour": "#E69F00",
        },
        {
            "id": "devtime",
            "label": "Development-time engineering control",
            "short": "Dev-time",
            "symbol": "D",
            "colour": "#009E73",
        },
        {"id": "other", "label": "Other control", "short": "Other", "symbol": "G", "colour": "#222222"},
    ]
    sections = [
        {"id": f"s{i + 1}", "number": str(i + 1), "title": _name(rng, 2, 4).capitalize(), "summary": _sentence(rng)}
        for i in range(n_sections)
    ]
    files: dict[str, dict] = {
        "00-meta.yaml": {
            "meta": {
                "id": f"synthetic-{size}",
                "title": f"Synthetic navigator with {size} threats and controls",
                "name": "Synthetic catalog",
                "source": "https://example.org/",
                "version": str(size),
                "date": "2026-01-01",
                "licence": "CC0 1.0",
                "url_template": "https://example.org/go/{id}/",
            },
            "sections": sections,
            "impacts": impacts,
            "control_types": types,
        }
    }
    controls_by_section: list[list[str]] = [[] for _ in sections]
    control_items: list[list[dict]] = [[] for _ in sections]
    for i in range(n_controls):
        s = i % n_sections
        cid = f"c{i}"
        controls_by_section[s].append(cid)
        control_items[s].append(
            {
                "id": cid,
                "name": _name(rng, 2, 5).upper(),
                "section": sections[s]["id"],
                "type": rng.choice(types)["id"],
                "summary": _sentence(rng),
            }
        )
    threat_items: list[list[dict]] = [[] for _ in sections]
    group_items: list[list[dict]] = [[] for _ in sections]
    for s in range(n_sections):
        pool = controls_by_section[s]
        gid = f"g{s}"
        group_items[s].append(
            {
                "id": gid,
                "title": f"Always against {_name(rng, 1, 3)}",
                "section": sections[s]["id"],
                "controls": pool[: min(5, len(pool))],
            }
        )
    t = 0
    number = [0] * n_sections
    while t < n_threats:
        s = t % n_sections
        number[s] += 1
        pool = controls_by_section[s]
        kids = rng.randint(3, 12) if rng.random() < 0.25 else 0
        kids = min(kids, n_threats - t - 1)
        base = {
            "id": f"t{t}",
            "number": f"{s + 1}.{number[s]}",
            "title": _name(rng, 2, 6).capitalize(),
            "section": sections[s]["id"],
            "impacts": [rng.choice(impacts)["id"]],
            "summary": " ".join(_sentence(rng) for _ in range(rng.randint(1, 3))),
            "controls": rng.sample(pool, k=min(3, len(pool))),
        }
        if rng.random() < 0.5:
            base["control_groups"] = [f"g{s}"]
        if kids:
            base["kind"] = "group"
        threat_items[s].append(base)
        parent = t
        t += 1
        for k in range(kids):
            threat_items[s].append(
                {
                    "id": f"t{t}",
                    "number": f"{s + 1}.{number[s]}.{k + 1}",
                    "title": _name(rng, 2, 6).capitalize(),
                    "section": sections[s]["id"],
                    "parent": f"t{parent}",
                    "impacts": base["impacts"],
                    "summary": _sentence(rng),
                    "controls": rng.sample(pool, k=min(rng.randint(1, 3), len(pool))),
                }
            )
            t += 1
    for s in range(n_sections):
        files[f"{s + 1:02d}-section.yaml"] = {
            "groups": group_items[s],
            "threats": threat_items[s],
            "controls": control_items[s],
        }
    return files


def write_catalog(directory: Path, size: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.yaml"):
        old.unlink()
    for name, data in catalog_data(size).items():
        (directory / name).write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8"
        )
    return directory


if __name__ == "__main__":
    write_catalog(Path(sys.argv[2]), int(sys.argv[1]))
