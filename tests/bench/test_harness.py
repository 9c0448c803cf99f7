"""The benchmark harness itself: ratios, percentiles, the load generator, the report."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import loadgen
from bench.core import Row, median_ratio, percentile
from bench.report import rewrite_from_json, table, write_report
from bench.scenarios.growth import slope
from bench.scenarios.rollcall import Sheet, marks
from bench.scenarios.today import rows_of as today_rows


def test_median_ratio_pairs_each_round_with_its_floor():
    assert median_ratio([2.0, 30.0, 4.0], [1.0, 10.0, 1.0]) == 3.0
    with pytest.raises(ValueError, match="pair every round"):
        median_ratio([1.0, 2.0], [1.0])


def test_percentile_is_nearest_rank_over_all_samples():
    samples = list(range(1, 101))
    assert percentile(samples, 50) == 50
    assert percentile(samples, 95) == 95
    assert percentile(samples, 99) == 99
    assert percentile([7.0], 99) == 7.0


def test_slope_is_flat_for_constant_cost_and_one_for_linear_cost():
    assert slope([1, 2, 4, 8], [3.0, 3.0, 3.0, 3.0]) == pytest.approx(0.0)
    assert slope([1, 2, 4, 8], [1.0, 2.0, 4.0, 8.0]) == pytest.approx(1.0)


def test_a_roll_call_marks_a_few_absent_and_one_late_pupil():
    sheet = Sheet(1, "personnel-1", 1, list(range(100, 124)), {})
    for salt in range(10):
        call = marks(sheet, salt)
        kinds = [m["absence_kind"] for m in call]
        assert kinds[-1] == "late"
        assert 1 <= kinds.count("absent") <= 3
        assert len({m["pupil"] for m in call}) == len(call)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = json.dumps({"path": self.path}).encode()
        self.send_response(404 if self.path == "/missing" else 200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_the_load_generator_counts_every_answer_and_keeps_every_sample():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        requests = [loadgen.Request("GET", "/ok", tag=f"r{i}") for i in range(20)]
        requests.append(loadgen.Request("GET", "/missing"))
        result = loadgen.run(base, requests, rate=200.0, connections=4, keep_bodies=True)
    finally:
        httpd.shutdown()
    assert result.statuses == {200: 20, 404: 1}
    assert len(result.latencies) == 21
    assert all(x > 0 for x in result.latencies)
    assert len(result.timeline) == 20
    assert json.loads(result.bodies[0]) == {"path": "/ok"}
    assert result.seconds >= 20 / 200.0  # open loop: the schedule was kept


def _home_page_rounds(ours: list[float], floor: list[float]) -> list[dict]:
    def figures(throughput):
        return {"throughput": throughput, "p50": 10.0, "p95": 20.0, "statuses": {200: 60}}

    return [{"uncached": figures(a), "values": figures(b), "cached": figures(a),
             "values_cached": figures(b)} for a, b in zip(ours, floor, strict=True)]


def test_the_home_page_scenario_judges_the_paired_uncached_ratio_and_the_same_rows():
    replay = loadgen.Result(latencies=[0.1, 0.2, 0.3], statuses={200: 3})
    same = {"ours": [12] * 5, "floor": [9] * 5, "children": [(2, 2)] * 5,
            "absences": [(4, 4)] * 5}
    rows = today_rows(_home_page_rounds([10, 30, 12], [20, 40, 30]), same, replay, replay,
                      server_name="uvicorn")
    uncached = rows[0]
    assert uncached.ratio == 0.5  # the median of 0.5, 0.75, 0.4: each round with its floor
    assert uncached.ok is True
    assert [row.measure for row in rows if "p95" in row.measure] == [
        "uncached latency p95 (ms)", "07:00 replay at 60 req/s, p95 (ms)"]
    assert rows[-1].ok is True
    missed = today_rows(_home_page_rounds([9, 9, 9], [20, 20, 20]),
                        {**same, "absences": [(4, 3)] + [(4, 4)] * 4}, replay, replay,
                        server_name="uvicorn")
    assert missed[0].ok is False
    assert missed[-1].ok is False  # the floor did not read the same absences


def _write(out_dir, rows):
    write_report(out_dir=out_dir, rows=rows, notes={}, failures={},
                 dataset={"rows": {"pupils": 1000}, "version": 1}, dataset_seconds=1.0,
                 machine_before={"cpus": 2, "memory_gib": 4, "python": "3.11",
                                 "load_average": [1.0, 1.0, 1.0]},
                 machine_after={"load_average": [2.0, 1.0, 1.0]}, total_seconds=10,
                 command="python -m bench --quick")
    return (out_dir / "benchmarks.md").read_text(encoding="utf-8")


def test_the_report_shows_each_ratio_and_each_missed_goal(tmp_path):
    rows = [Row("1 roll call", "CPU per submit (ms)", 9.0, 2.0, "ratio ≤ 3", False, queries=22,
                command="python -m bench --only rollcall"),
            Row("2 homework", "throughput (req/s)", 300.0, 400.0, "ratio ≥ 0.5", True)]
    text = _write(tmp_path, rows)
    assert "| 1 roll call | CPU per submit (ms) | 9.00 | 2.00 | 4.50 | ratio ≤ 3 | **missed** |" \
        in text
    assert "Goals missed: 1 of 2. 1 roll call — CPU per submit (ms)." in text
    raw = json.loads((tmp_path / "benchmarks.json").read_text(encoding="utf-8"))
    assert raw["rows"][0]["ratio"] == 4.5
    assert raw["machine_after"]["load_average"] == [2.0, 1.0, 1.0]
    assert "| 0.750 |" not in table(rows)
    assert "| 0.75 |" in table(rows)


def test_the_report_keeps_the_hand_written_before_and_after_section(tmp_path):
    rows = [Row("1 roll call", "CPU per submit (ms)", 9.0, 2.0, "ratio ≤ 3", False)]
    first = _write(tmp_path, rows)
    assert first.endswith("## Before and after\n\nWritten by hand and kept when `make bench` "
                          "rewrites this report: the before/after tables of changes, each "
                          "with its command and date.\n")
    hand_written = ("## Before and after\n\nSome sentence.\n\n### Roll call, 2026-12-05\n\n"
                    "| measure | before | after |\n|---|---:|---:|\n| CPU (ms) | 12.9 | 9.1 |\n")
    report = tmp_path / "benchmarks.md"
    report.write_text(first[:first.index("## Before and after")] + hand_written,
                      encoding="utf-8")
    rows[0] = Row("1 roll call", "CPU per submit (ms)", 7.0, 2.0, "ratio ≤ 3", False)
    second = _write(tmp_path, rows)
    assert "| 7.00 | 2.00 | 3.50 |" in second
    assert "| 9.00 |" not in second
    assert second.endswith(hand_written)
    assert second.count("## Before and after") == 1


def test_the_report_can_be_written_again_from_its_json_with_the_same_figures_and_date(tmp_path):
    rows = [Row("1 roll call", "CPU per submit (ms)", 9.0, 2.0, "ratio ≤ 3", False, queries=22,
                command="python -m bench --only rollcall", paired=4.2)]
    first = _write(tmp_path, rows)
    report = tmp_path / "benchmarks.md"
    report.write_text(first + "\nA line written by hand.\n", encoding="utf-8")
    rewrite_from_json(tmp_path)
    assert report.read_text(encoding="utf-8") == first + "\nA line written by hand.\n"
