"""parley.compare: two runs compared as `parley compare` does."""

import json
import math
import tempfile

import numpy as np
import pandas as pd
import pytest

import parley

REPLICATES = 300
COLUMNS = [
    "point", "metric", "kind", "paired", "test", "n_a", "n_b", "a", "b", "difference", "low",
    "high", "statistic", "p_value", "adjusted_p", "effect_size", "tolerance", "significant",
    "moved",
]
# A: Ukraine holds out for more; B: the same, and the US threat to cut off aid bites
# harder and is believed. Run with one seed, replicate i of A and B share their draws.
RESERVATION = {"actors.ukraine.reservation_utility": 0.6}
THREAT = {
    **RESERVATION,
    "actors.us.threats.aid_cutoff.reservation_drop": 0.25,
    "actors.us.threats.aid_cutoff.credibility": 0.9,
}


@pytest.fixture(scope="module")
def two_seeds(flagship):
    """The flagship scenario unchanged, run with two seeds."""
    return (parley.run(flagship, replicates=REPLICATES, seed=1, progress=False),
            parley.run(flagship, replicates=REPLICATES, seed=2, progress=False))


@pytest.fixture(scope="module")
def threat(flagship):
    """The flagship with RESERVATION (A) and THREAT (B), one seed."""
    return (parley.run(flagship, replicates=REPLICATES, seed=7, set=RESERVATION, progress=False),
            parley.run(flagship, replicates=REPLICATES, seed=7, set=THREAT, progress=False))


@pytest.fixture()
def private_tempdir(tmp_path, monkeypatch):
    """tempfile's folder for this test, to see what compare leaves behind."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_two_seeds_of_one_scenario_do_not_differ(two_seeds, private_tempdir):
    a, b = two_seeds
    comparison = parley.compare(a, b)
    assert comparison.passed
    assert not comparison.paired
    assert "seed" in comparison.pairing  # why not: the seeds differ
    rows = comparison.rows
    assert list(rows.columns) == COLUMNS
    assert len(rows) > 20 and comparison.moved.empty
    assert not rows["moved"].any() and not rows["paired"].any()
    assert rows["effect_size"].is_monotonic_decreasing  # largest effect first
    assert rows["p_value"].between(0, 1).all() and (rows["adjusted_p"] >= rows["p_value"]).all()
    assert set(rows["kind"]) == {"rate", "mean", "distribution"}
    assert (rows["n_a"] == REPLICATES).any()
    agreement = rows.set_index("metric").loc["agreement"]
    assert agreement["a"] == pytest.approx(a.agreement, abs=1e-12)
    assert agreement["b"] == pytest.approx(b.agreement, abs=1e-12)
    assert "nothing moved" in repr(comparison) and "independent" in repr(comparison)
    assert list(private_tempdir.iterdir()) == []  # the Results' temporary folders are gone


def test_a_harder_threat_moves_agreement(threat):
    a, b = threat
    comparison = parley.compare(a, b)
    assert comparison.paired  # one seed, the same replicates: common random numbers
    assert not comparison.passed
    agreement = comparison.rows.set_index("metric").loc["agreement"]
    shift = b.agreement - a.agreement
    assert shift > 0
    assert agreement["paired"] and agreement["test"].startswith("McNemar")
    assert agreement["difference"] > 0
    assert agreement["difference"] == pytest.approx(shift, abs=1e-12)
    assert agreement["low"] <= shift <= agreement["high"]
    assert agreement["significant"] and agreement["moved"]
    assert "agreement" in list(comparison.moved["metric"])
    assert comparison.moved["moved"].all()
    assert "moved" in repr(comparison) and "paired" in repr(comparison)
    # The reports are the engine's.
    text = comparison.text()
    assert text.startswith("A: <parley.Result A> (")
    assert "agreement" in text and str(comparison) == text
    assert len(comparison.text(all_rows=True).splitlines()) > len(text.splitlines())
    assert comparison.markdown().startswith("#### parley compare")
    report = json.loads(comparison.json())
    assert report["paired"] is True and report["moved"] == len(comparison.moved)
    assert [r["metric"] for r in report["rows"]] == list(comparison.rows["metric"])
    # Asked to, the same runs are compared as independent samples: less power.
    independent = parley.compare(a, b, paired=False)
    assert not independent.paired and "as asked" in independent.pairing
    assert not independent.rows["paired"].any()


def test_folders_and_results_give_the_same_comparison(threat, tmp_path):
    a, b = threat
    folder_a = a.save(tmp_path / "a")
    folder_b = b.save(tmp_path / "b")
    from_results = parley.compare(a, b)
    from_folders = parley.compare(folder_a, str(folder_b))
    pd.testing.assert_frame_equal(from_results.rows, from_folders.rows)
    assert from_folders.text().startswith(f"A: {folder_a} (")
    mixed = parley.compare(folder_a, b, metrics="agreement")
    assert list(mixed.rows["metric"]) == ["agreement"]


def test_the_json_is_the_clis(threat, tmp_path, cli):
    a, b = threat
    folder_a = a.save(tmp_path / "a")
    folder_b = b.save(tmp_path / "b")
    printed = cli("compare", folder_a, folder_b, "--format", "json", "--tolerance",
                  "agreement=2pt", check=False)
    assert printed.returncode == 5  # something moved
    comparison = parley.compare(folder_a, folder_b, tolerance="agreement=2pt")
    assert comparison.json() == printed.stdout


def test_points_of_a_sweep(flagship):
    design = {"values": {"actors.us.threats.aid_cutoff.credibility": [0.3, 0.9]}}
    a = parley.sweep(flagship, **design, replicates=100, seed=3, progress=False)
    b = parley.sweep(flagship, **design, replicates=100, seed=3, progress=False)
    comparison = parley.compare(a, b)
    assert comparison.paired and comparison.passed
    assert (comparison.rows["difference"] == 0).all()  # the same draws: the same outcomes
    points = comparison.points
    assert list(points["point"]) == [0, 1]
    assert list(points["actors.us.threats.aid_cutoff.credibility"]) == [0.3, 0.9]
    assert list(points["replicates_a"]) == [100, 100]
    assert set(comparison.rows["point"]) == {0, 1}


def test_tolerances_as_text_or_dict(threat):
    a, b = threat
    shift = b.agreement - a.agreement
    wide = math.ceil(100 * shift) + 1  # percentage points beyond the shift
    as_text = parley.compare(a, b, tolerance=f"agreement={wide}pt")
    as_dict = parley.compare(a, b, tolerance={"agreement": f"{wide}pt"})
    as_fraction = parley.compare(a, b, tolerance={"agreement": wide / 100})
    for comparison in (as_text, as_dict, as_fraction):
        agreement = comparison.rows.set_index("metric").loc["agreement"]
        assert agreement["significant"] and not agreement["moved"]  # within tolerance
        assert agreement["tolerance"] is not None
    assert as_dict.rows.set_index("metric").loc["agreement", "tolerance"] == f"agreement={wide}pt"
    pd.testing.assert_frame_equal(as_text.rows, as_dict.rows)
    # A pattern applies to the rows it matches, and to no other.
    patterned = parley.compare(a, b, tolerance={"agreement": f"{wide}pt", "utility.*.mean": 10})
    tolerances = patterned.rows.set_index("metric")["tolerance"]
    assert tolerances["agreement"] == f"agreement={wide}pt"
    assert tolerances["utility.us.mean"] == "utility.*.mean=10.0"
    assert tolerances["utility.us.distribution"] is None
    assert tolerances.isna().sum() == len(tolerances) - 1 - len(patterned.rows.query(
        "metric.str.startswith('utility.') and metric.str.endswith('.mean')"))


@pytest.mark.parametrize("tolerance", [
    "agreement=lots", "agreement", "agreement=-1", "=2pt", {"agreement": -0.1},
    {"agreement": "2 points"}, {"agreement": None}, {"agreement,veto.us": 0.1}, 0.02,
    {"agreemnt": 0.1},  # a typo: matches no row
])
def test_a_bad_tolerance_is_a_usage_error(two_seeds, tolerance, private_tempdir):
    a, b = two_seeds
    with pytest.raises(parley.UsageError, match="tolerance"):
        parley.compare(a, b, tolerance=tolerance)
    assert list(private_tempdir.iterdir()) == []


def test_other_bad_arguments(two_seeds, tmp_path, private_tempdir):
    a, b = two_seeds
    with pytest.raises(parley.UsageError, match="cannot be paired"):
        parley.compare(a, b, paired=True)  # different seeds
    with pytest.raises(parley.UsageError, match="no compared metric matches"):
        parley.compare(a, b, metrics=["nonsense.*"])
    with pytest.raises(parley.UsageError, match="alpha"):
        parley.compare(a, b, alpha=1.5)
    with pytest.raises(parley.UsageError, match="adjust"):
        parley.compare(a, b, adjust="bonferroni")
    with pytest.raises(parley.UsageError, match="not a folder"):
        parley.compare(tmp_path / "missing", b)
    (tmp_path / "empty").mkdir()
    with pytest.raises(parley.OutputError):
        parley.compare(tmp_path / "empty", b)
    with pytest.raises(parley.UsageError, match="run_b"):
        parley.compare(a, 42)
    assert list(private_tempdir.iterdir()) == []  # cleaned up after every error


def test_benjamini_hochberg_is_no_stricter_than_holm(threat):
    a, b = threat
    holm = parley.compare(a, b)
    bh = parley.compare(a, b, adjust="bh")
    assert (bh.rows.set_index(["point", "metric"])["adjusted_p"]
            <= holm.rows.set_index(["point", "metric"])["adjusted_p"] + 1e-15).all()
    assert len(bh.moved) >= len(holm.moved)
    assert np.array_equal(bh.rows["p_value"].sort_values().to_numpy(),
                          holm.rows["p_value"].sort_values().to_numpy())
