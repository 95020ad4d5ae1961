"""Scenarios, errors, traces, forecasts and interruption from Python."""

import os
import signal
import threading
import time

import pandas as pd
import pytest

import parley
from conftest import SOURCE


def test_load_tells_the_scenario(flagship):
    scenario = parley.load(flagship)
    assert list(scenario.actors["id"]) == ["us", "russia", "ukraine", "eu", "china"]
    assert "territory" in list(scenario.issues["id"])
    assert list(scenario.phases["id"]) == ["exploratory", "peace_talks"]
    paths = scenario.parameter_paths
    assert "actors.us.reservation_utility" in paths
    assert "actors.us.strategy.kind" in paths  # the structure too
    assert "phases.peace_talks.max_rounds" in paths
    assert "ukraine_2025.toml" in repr(scenario)


def test_set_changes_a_value_with_the_clis_checks(flagship, cli):
    scenario = parley.load(flagship)
    scenario.set("actors.us.reservation_utility", 0.42)
    assert scenario.get("actors.us.reservation_utility") == pytest.approx(0.42)
    scenario.set("actors.russia.strategy.kind", "tit_for_tat")
    assert scenario.actors.set_index("id").loc["russia", "strategy"] == "tit_for_tat"
    scenario.set("actors.us.reservation_utility",
                 {"dist": "uniform", "min": 0.2, "max": 0.5})
    assert "uniform" in scenario.get("actors.us.reservation_utility")
    # A refused value: the CLI's message, and the scenario as it was.
    before = scenario.overrides
    with pytest.raises(parley.UsageError) as error:
        scenario.set("actors.us.reservation_utility", 1.7)
    refused = cli("trace", flagship, "--set", "actors.us.reservation_utility=1.7", check=False)
    assert refused.returncode == 2
    assert refused.stderr.strip() == f"error: {error.value}"
    assert scenario.overrides == before
    with pytest.raises(parley.UsageError, match="actors.us.reservation_utility"):
        scenario.set("actors.us.reservation_utilty", 0.5)  # a typo: the closest path named


def test_a_bad_file_raises_scenario_error_with_its_position(tmp_path, cli):
    bad = tmp_path / "bad.toml"
    text = (SOURCE / "scenarios" / "triangle.toml").read_text()
    bad.write_text(text.replace("max_rounds = ", "max_rounds = -", 1))
    with pytest.raises(parley.ScenarioError) as error:
        parley.load(bad)
    refused = cli("validate", bad, check=False)
    assert refused.returncode == 3
    assert refused.stderr.strip() == f"error: {error.value}"
    assert error.value.file == str(bad)
    assert error.value.line > 0 and error.value.column > 0
    assert str(error.value) == (
        f"{error.value.file}:{error.value.line}:{error.value.column}: {error.value.message}"
    )
    assert isinstance(error.value, ValueError)


def test_an_existing_output_folder_is_refused(flagship, tmp_path):
    result = parley.run(flagship, replicates=20, seed=1)
    (tmp_path / "taken").mkdir()
    with pytest.raises(parley.OutputError):
        result.save(tmp_path / "taken")


def test_trace_is_the_clis(flagship, cli):
    told = parley.trace(flagship, seed=7, replicate=3)
    printed = cli("trace", flagship, "--seed", 7, "--replicate", 3, "--no-color")
    assert told.text == printed.stdout
    jsonl = cli("trace", flagship, "--seed", 7, "--replicate", 3, "--format", "jsonl")
    import json

    assert told.events == [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert told.events[0]["event"] == "session" and told.events[0]["seed"] == 7


def hand_cases():
    # One issue, three actors: the compromise model's forecast is the capability ×
    # salience weighted mean of positions: (1·1·0 + 2·1·60 + 1·0.5·100) / 3.5 = 48.571429.
    return pd.DataFrame({
        "case": ["c1", "c1", "c1"],
        "actor": ["a", "b", "c"],
        "capability": [1, 2, 1],
        "position": [0, 60, 100],
        "salience": [1, 1, 0.5],
        "status_quo": [0, 0, 0],
    })


def test_forecast_takes_a_dataframe(cli, tmp_path):
    frame = parley.forecast(hand_cases(), models=["compromise"])
    row = frame.iloc[0]
    assert row["case"] == "c1"
    assert row["forecast"] == pytest.approx(170 / 3.5, abs=1e-6)
    # The CLI on the same table writes the same rows.
    hand_cases().to_csv(tmp_path / "cases.csv", index=False)
    cli("forecast", tmp_path / "cases.csv", "--model", "compromise", "--out", tmp_path / "f")
    pd.testing.assert_frame_equal(frame, pd.read_csv(tmp_path / "f" / "forecasts.csv"))
    assert "compromise" in parley.forecast_models()


def test_ctrl_c_interrupts_a_long_run(flagship):
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        parley.run(flagship, replicates=5_000_000, seed=1, threads=2, progress=False)
    assert time.monotonic() - start < 10  # 5 million replicates take about a minute


def test_an_exception_in_the_progress_callback_stops_the_run(flagship):
    def stop(done, total):
        raise RuntimeError("enough")

    start = time.monotonic()
    with pytest.raises(RuntimeError, match="enough"):
        parley.run(flagship, replicates=5_000_000, seed=1, threads=2, progress=stop)
    assert time.monotonic() - start < 10


def test_help_documents_the_api():
    assert "replicates" in parley.run.__doc__ and "seed" in parley.run.__doc__
    assert "grid" in parley.sweep.__doc__
    assert parley.ScenarioError.__module__ == "parley"
