"""The report: ``docs/benchmarks.md`` (the table and its notes) and ``benchmarks.json``."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

from bench.core import Row


def machine() -> dict:
    try:
        import psutil

        memory = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:  # pragma: no cover - psutil is in the bench extra
        memory = None
    return {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
            "memory_gib": memory, "python": platform.python_version(),
            "system": platform.platform(terse=True), "processor": platform.processor()}


def _figure(value: float | None) -> str:
    if value is None:
        return "—"
    if value != value:  # NaN
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}".replace(",", " ")
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if abs(value) >= 0.1 else f"{value:.3f}"


def _verdict(ok: bool | None) -> str:
    return {True: "tenu", False: "**manqué**", None: "—"}[ok]


def table(rows: list[Row]) -> str:
    lines = ["| scénario | mesure | nous | plancher | ratio | objectif | | requêtes SQL / op | "
             "commandes Redis / op | commande |",
             "|---|---|---:|---:|---:|---|---|---:|---:|---|"]
    for row in rows:
        lines.append(
            f"| {row.scenario} | {row.measure} | {_figure(row.ours)} | {_figure(row.floor)} "
            f"| {_figure(row.ratio)} | {row.goal} | {_verdict(row.ok)} "
            f"| {_figure(row.queries)} | {_figure(row.redis_commands)} | `{row.command}` |")
    return "\n".join(lines)


def write_report(*, out_dir: Path, rows: list[Row], notes: dict, failures: dict, dataset: dict,
                 dataset_seconds: float, machine_before: dict, machine_after: dict,
                 total_seconds: float, command: str) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    now = datetime.now(tz=UTC).replace(microsecond=0)
    raw = {"generated_at": now.isoformat(), "command": command, "total_seconds": total_seconds,
           "dataset": dataset, "dataset_seconds_this_run": dataset_seconds,
           "machine_before": machine_before, "machine_after": machine_after,
           "scenarios": notes, "failures": failures, "rows": [row.as_json() for row in rows]}
    (out_dir / "benchmarks.json").write_text(json.dumps(raw, indent=1, ensure_ascii=False,
                                                        default=str) + "\n", encoding="utf-8")
    rows_text = ", ".join(f"{name} {count:,}".replace(",", " ")
                          for name, count in dataset.get("rows", {}).items())
    missed = [row for row in rows if row.ok is False]
    growth_copy = next((row.raw.get("growth_seconds") for row in rows
                        if row.raw.get("growth_seconds")), {})
    fresh = (total_seconds - dataset_seconds + (dataset.get("seconds_total") or 0)
             + sum(float(v) for v in growth_copy.values()))
    parts = [
        "# Banc d'essai (benchmarks)",
        "",
        f"Produit par `make bench` (`{command}`) le {now:%Y-%m-%d %H:%M} UTC en "
        f"{total_seconds:.0f} s, jeu de données compris. Les chiffres sont ceux de cette "
        "exécution ; les chiffres bruts (tous les tours, percentiles) sont dans "
        "`benchmarks.json`. Chaque mesure alterne avec son plancher (A B A B …) ; « nous » "
        "et « plancher » sont les médianes des tours, et le ratio est la médiane des ratios "
        "par tour quand les tours sont appariés (appel, devoirs, tableaux de bord), sinon "
        "nous / plancher.",
        "",
        f"Machine : {machine_before['cpus']} cœurs, {machine_before['memory_gib']} Gio, "
        f"Python {machine_before['python']} ; charge moyenne (1, 5, 15 min) "
        f"{machine_before['load_average']} au début, {machine_after['load_average']} à la fin "
        "(machine partagée : les chiffres sont bruités, les ratios le sont moins).",
        "",
        "## Résultats",
        "",
        table(rows),
        "",
        f"Objectifs manqués : {len(missed)} sur {sum(r.ok is not None for r in rows)}."
        + ("" if not missed else " " + "; ".join(f"{r.scenario} — {r.measure}"
                                                  for r in missed) + "."),
        "",
        "Les profils et les causes des objectifs manqués (py-spy, EXPLAIN) sont dans "
        "`docs/benchmarks-profiles.md`.",
        "",
    ]
    # Comparisons before / after a change, kept by hand beside the report and carried into
    # every regeneration of it.
    before_after = out_dir / "benchmarks-before-after.md"
    if before_after.exists():
        parts += [before_after.read_text(encoding="utf-8").strip(), ""]
    parts += [
        "## Durée",
        "",
        f"Cette exécution : {total_seconds:.0f} s. Jeu de données : {dataset_seconds} s dans "
        f"cette exécution ; sa construction à neuf a pris {dataset.get('seconds_total')} s "
        f"(le {dataset.get('built_on')}) ; la copie des années d'historique du scénario 6 : "
        f"{growth_copy or 'rien à copier'} (s, par échelle, à la première exécution). "
        f"Depuis un clone neuf : environ {fresh:.0f} s "
        "(construction + copie + cette exécution sans sa part de jeu de données).",
        "",
        "## Jeu de données",
        "",
        f"Version {dataset.get('version')}, graine {dataset.get('seed')}, construit le "
        f"{dataset.get('built_on')} en {dataset.get('seconds_total')} s "
        f"(étapes : {dataset.get('seconds')}) ; dans cette exécution : {dataset_seconds} s "
        "(0 s ou presque quand la base est réutilisée). Lignes : " + rows_text + ".",
        "",
    ]
    for name, note in notes.items():
        if note.get("note"):
            parts += [f"## {name}", "", note["note"].strip(), ""]
    if failures:
        parts += ["## Scénarios en échec", ""]
        for name, trace in failures.items():
            parts += [f"- {name} : `{trace.strip().splitlines()[-1]}`"]
        parts.append("")
    (out_dir / "benchmarks.md").write_text("\n".join(parts), encoding="utf-8")
