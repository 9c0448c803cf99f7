"""The report: ``docs/benchmarks.md`` (the table and its notes) and ``benchmarks.json``.

Everything from the line ``## Before and after`` to the end of the existing
``benchmarks.md`` is written by hand and kept when the report is rewritten."""

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
    return {True: "met", False: "**missed**", None: "—"}[ok]


KEPT_HEADING = "## Before and after"
KEPT_DEFAULT = (f"{KEPT_HEADING}\n\n"
                "Written by hand and kept when `make bench` rewrites this report: the "
                "before/after tables of changes, each with its command and date.\n")


def kept_section(report: Path) -> str:
    """The hand-written end of the report: from the line ``## Before and after`` to the end
    of the existing file, or that heading and its one sentence when there is none yet."""
    if not report.exists():
        return KEPT_DEFAULT
    text = report.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.rstrip() == KEPT_HEADING:
            kept = "".join(lines[index:])
            return kept if kept.endswith("\n") else kept + "\n"
    return KEPT_DEFAULT


def table(rows: list[Row]) -> str:
    lines = ["| scenario | measure | ours | floor | ratio | goal | | SQL queries / op | "
             "Redis commands / op | command |",
             "|---|---|---:|---:|---:|---|---|---:|---:|---|"]
    for row in rows:
        lines.append(
            f"| {row.scenario} | {row.measure} | {_figure(row.ours)} | {_figure(row.floor)} "
            f"| {_figure(row.ratio)} | {row.goal} | {_verdict(row.ok)} "
            f"| {_figure(row.queries)} | {_figure(row.redis_commands)} | `{row.command}` |")
    return "\n".join(lines)


def write_report(*, out_dir: Path, rows: list[Row], notes: dict, failures: dict, dataset: dict,
                 dataset_seconds: float, machine_before: dict, machine_after: dict,
                 total_seconds: float, command: str, now: datetime | None = None) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(tz=UTC).replace(microsecond=0)
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
        "# Benchmarks",
        "",
        f"Produced by `make bench` (`{command}`) on {now:%Y-%m-%d %H:%M} UTC in "
        f"{total_seconds:.0f} s, dataset included. The figures are those of this run; the "
        "raw figures (every round, percentiles) are in `benchmarks.json`. Each measure "
        "alternates with its floor (A B A B …); \"ours\" and \"floor\" are the medians of "
        "the rounds, and the ratio is the median of the per-round ratios when the rounds are "
        "paired (roll call, homework, dashboards), otherwise ours / floor.",
        "",
        f"Machine: {machine_before['cpus']} cores, {machine_before['memory_gib']} GiB, "
        f"Python {machine_before['python']}; load average (1, 5, 15 min) "
        f"{machine_before['load_average']} at the start, {machine_after['load_average']} at "
        "the end (shared machine: the figures are noisy, the ratios less so).",
        "",
        "## Results",
        "",
        table(rows),
        "",
        f"Goals missed: {len(missed)} of {sum(r.ok is not None for r in rows)}."
        + ("" if not missed else " " + "; ".join(f"{r.scenario} — {r.measure}"
                                                  for r in missed) + "."),
        "",
        "The profiles and the causes of the missed goals (py-spy, EXPLAIN) are in "
        "`docs/benchmarks-profiles.md`.",
        "",
        "## Duration",
        "",
        f"This run: {total_seconds:.0f} s. Dataset: {dataset_seconds} s in this run; "
        f"building it from scratch took {dataset.get('seconds_total')} s "
        f"(on {dataset.get('built_on')}); copying the years of history of scenario 6: "
        f"{growth_copy or 'nothing to copy'} (s, per scale, on the first run). "
        f"From a fresh clone: about {fresh:.0f} s "
        "(build + copy + this run without its dataset part).",
        "",
        "## Dataset",
        "",
        f"Version {dataset.get('version')}, seed {dataset.get('seed')}, built on "
        f"{dataset.get('built_on')} in {dataset.get('seconds_total')} s "
        f"(steps: {dataset.get('seconds')}); in this run: {dataset_seconds} s "
        "(0 s or nearly when the database is reused). Rows: " + rows_text + ".",
        "",
    ]
    for name, note in notes.items():
        if note.get("note"):
            parts += [f"## {name}", "", note["note"].strip(), ""]
    if failures:
        parts += ["## Failed scenarios", ""]
        for name, trace in failures.items():
            parts += [f"- {name}: `{trace.strip().splitlines()[-1]}`"]
        parts.append("")
    report = out_dir / "benchmarks.md"
    parts.append(kept_section(report))
    report.write_text("\n".join(parts), encoding="utf-8")


def rewrite_from_json(out_dir: Path) -> None:
    """Write ``benchmarks.md`` again from the ``benchmarks.json`` beside it, without running
    anything (after a change of this module's text): same figures, same date."""
    raw = json.loads((out_dir / "benchmarks.json").read_text(encoding="utf-8"))
    fields = set(Row.__dataclass_fields__)
    rows = [Row(**{key: value for key, value in row.items() if key in fields})
            for row in raw["rows"]]
    write_report(out_dir=out_dir, rows=rows, notes=raw["scenarios"], failures=raw["failures"],
                 dataset=raw["dataset"], dataset_seconds=raw["dataset_seconds_this_run"],
                 machine_before=raw["machine_before"], machine_after=raw["machine_after"],
                 total_seconds=raw["total_seconds"], command=raw["command"],
                 now=datetime.fromisoformat(raw["generated_at"]))


if __name__ == "__main__":  # python -m bench.report [docs]
    import sys

    rewrite_from_json(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
