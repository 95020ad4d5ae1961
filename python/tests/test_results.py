"""parley.run and parley.sweep give the CLI's bytes, and DataFrames equal to its CSV files."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import parley
from conftest import SCENARIOS


def fixed6(value):
    text = f"{value:.6f}"
    return "0.000000" if text == "-0.000000" else text


def cells_of(series):
    """A DataFrame column as the CSV cells parley writes."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return ["" if pd.isna(v) else str(v) for v in series]
    if series.dtype == bool:
        return ["1" if v else "0" for v in series]
    if str(series.dtype) == "boolean":
        return ["" if pd.isna(v) else ("1" if v else "0") for v in series]
    if np.issubdtype(series.dtype, np.integer):
        return [str(int(v)) for v in series]
    return ["" if math.isnan(v) else fixed6(v) for v in series]


def assert_frame_equals_csv(frame, path, design=()):
    """Every cell of `frame` is the CSV's; the swept parameters' columns (`design`,
    written in shortest round-trip form) hold the numbers their cells read as."""
    csv = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(csv.columns)
    assert len(frame) == len(csv)
    for column in csv.columns:
        if column in design:
            assert list(frame[column]) == [float(cell) for cell in csv[column]], column
        else:
            assert cells_of(frame[column]) == list(csv[column]), column


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_run_saves_the_bytes_the_cli_writes(scenario, cli, tmp_path):
    cli("run", scenario, "--replicates", 400, "--seed", 5, "--threads", 2, "--quiet",
        "--out", tmp_path / "cli")
    result = parley.run(scenario, replicates=400, seed=5, threads=1)
    saved = result.save(tmp_path / "python")
    assert saved == tmp_path / "python"
    for name in ("outcomes.csv", "summary.csv"):
        assert (saved / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    # The DataFrames hold the CSV's values (at full precision).
    assert_frame_equals_csv(result.outcomes, saved / "outcomes.csv")
    assert_frame_equals_csv(result.summary, saved / "summary.csv")
    # The folder is a parley run folder: `parley verify` re-runs it from its manifest.
    verified = cli("verify", saved)
    assert "reproduced byte for byte" in verified.stdout
    assert result.manifest["files"]["outcomes.csv"]["rows"] == 400


def test_numeric_columns_are_arrays_at_full_precision(flagship):
    result = parley.run(flagship, replicates=200, seed=3, threads=2)
    outcomes = result.outcomes
    assert outcomes["utility_us"].dtype == np.float64
    assert outcomes["agreed"].dtype == bool
    assert outcomes["rounds"].dtype == np.int64
    assert isinstance(outcomes["diplomatic_missions"].dtype, pd.CategoricalDtype)
    # Not rounded to the CSV's 6 decimals.
    assert any(abs(v * 1e6 - round(v * 1e6)) > 1e-3 for v in outcomes["utility_us"])
    # The agreement rate is the mean of the column, as the summary says.
    assert result.agreement == pytest.approx(outcomes["agreed"].mean(), abs=0)


def test_results_do_not_depend_on_the_thread_count(flagship):
    one = parley.run(flagship, replicates=300, seed=9, threads=1).outcomes
    two = parley.run(flagship, replicates=300, seed=9, threads=2).outcomes
    pd.testing.assert_frame_equal(one, two)


def test_set_applies_to_a_copy_and_is_recorded(flagship):
    scenario = parley.load(flagship)
    result = parley.run(scenario, replicates=50, seed=1,
                        set={"actors.us.reservation_utility": 0.3})
    assert result.manifest["overrides"] == ["actors.us.reservation_utility=0.3"]
    assert scenario.overrides == []


def test_a_grid_sweep_gives_the_cli_bytes(cli, flagship, tmp_path):
    cli("sweep", flagship, "--grid", "actors.us.threats.more_sanctions.credibility=0.2:1:2",
        "--values", "phases.peace_talks.max_rounds=12,20", "--replicates", 60, "--seed", 4,
        "--threads", 2, "--quiet", "--out", tmp_path / "cli")
    result = parley.sweep(flagship, grid={"actors.us.threats.more_sanctions.credibility": (0.2, 1.0, 2)},
                          values={"phases.peace_talks.max_rounds": [12, 20]}, replicates=60,
                          seed=4, threads=2)
    assert result.points == 4
    saved = result.save(tmp_path / "python")
    for name in ("outcomes.csv", "summary.csv"):
        assert (saved / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    # Points finish in any order; sorted by point they are the CSV's rows.
    outcomes = result.outcomes.sort_values(["point", "replicate"], kind="stable")
    design = ("actors.us.threats.more_sanctions.credibility", "phases.peace_talks.max_rounds")
    assert_frame_equals_csv(outcomes.reset_index(drop=True), saved / "outcomes.csv", design)
    summary = result.summary.sort_values("point", kind="stable").reset_index(drop=True)
    assert_frame_equals_csv(summary, saved / "summary.csv", design)
    agreement = result.agreement()
    assert list(agreement.columns) == ["point", "actors.us.threats.more_sanctions.credibility",
                                       "phases.peace_talks.max_rounds", "mean", "wilson_low",
                                       "wilson_high"]
    # The temporary folder goes with the result.
    folder = result.folder
    del result
    import gc

    gc.collect()
    assert not folder.exists()


def test_a_sobol_sweep_has_the_cli_sensitivity(cli, flagship, tmp_path):
    cli("sweep", flagship, "--sobol", 8, "--range", "actors.us.threats.more_sanctions.credibility=0.2:1",
        "--range", "actors.russia.reservation_utility=0.2:0.6", "--replicates", 20, "--seed", 2,
        "--threads", 2, "--quiet", "--out", tmp_path / "cli")
    result = parley.sweep(flagship, sobol=8,
                          ranges={"actors.us.threats.more_sanctions.credibility": (0.2, 1),
                                  "actors.russia.reservation_utility": (0.2, 0.6)},
                          replicates=20, seed=2, threads=2, out=tmp_path / "python")
    assert result.folder == tmp_path / "python"
    for name in ("outcomes.csv", "summary.csv", "sensitivity.csv"):
        assert (result.folder / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()
    assert list(result.sensitivity.columns[:2]) == ["metric", "parameter"]


def test_progress_reaches_the_total(flagship):
    seen = []
    parley.run(flagship, replicates=3000, seed=1, threads=2,
               progress=lambda done, total: seen.append((done, total)))
    assert seen, "the callback was never called"
    assert seen[-1] == (3000, 3000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_tqdm_bar_when_asked(flagship, capsys):
    pytest.importorskip("tqdm")
    parley.run(flagship, replicates=2000, seed=1, threads=2, progress=True)
    err = capsys.readouterr().err
    assert "/2.00k" in err and "replicates/s" in err


def test_a_sweep_read_back_from_its_files(flagship):
    kept = parley.sweep(flagship, values={"phases.peace_talks.max_rounds": [10, 20]},
                        replicates=30, seed=3)
    read = parley.sweep(flagship, values={"phases.peace_talks.max_rounds": [10, 20]},
                        replicates=30, seed=3, keep_columns=False)
    assert (kept.folder / "outcomes.csv").read_bytes() == (read.folder / "outcomes.csv").read_bytes()
    pd.testing.assert_frame_equal(kept.agreement(), read.agreement(), check_dtype=False)


def test_the_scenarios_sweep_table_is_the_default_design(flagship, cli, tmp_path):
    cli("sweep", flagship, "--replicates", 10, "--seed", 1, "--threads", 2, "--quiet", "--out",
        tmp_path / "cli")
    result = parley.sweep(flagship, replicates=10, seed=1, out=tmp_path / "python")
    for name in ("outcomes.csv", "summary.csv"):
        assert (tmp_path / "python" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()
    assert result.points > 1


def test_a_sweep_reports_its_progress(flagship, capsys):
    seen = []
    parley.sweep(flagship, values={"phases.peace_talks.max_rounds": [10, 20, 30]},
                 replicates=200, seed=2, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (600, 600)
    pytest.importorskip("tqdm")
    parley.sweep(flagship, values={"phases.peace_talks.max_rounds": [10, 20]}, replicates=500,
                 seed=2, progress=True)
    assert "/1.00k" in capsys.readouterr().err
