"""parley: negotiation outcomes as distributions — the engine from Python.

The same engine as the ``parley`` command (not a wrapper around it): a scenario
file defines actors, issues, red lines, phases of talks, shocks and uncertainty;
the engine runs the bargaining thousands of times and returns the distribution
of outcomes as pandas DataFrames.

    >>> import parley
    >>> s = parley.load("scenarios/ukraine_2025.toml")
    >>> r = parley.run(s, replicates=2000, seed=7)
    >>> r.agreement                    # share of replicates with a deal
    >>> r.outcomes.groupby("phase").size()

Functions: load, run, sweep, trace, forecast, compare. Results: Result (run),
SweepResult (sweep), Trace (trace), Comparison (compare). Errors:
ScenarioError (with file, line, column, message), UsageError, OutputError;
Ctrl-C stops a run with KeyboardInterrupt. See docs/python.md.
"""

from __future__ import annotations

import io
import json
import math
import numbers
import os
import shutil
import sys
import tempfile
import weakref
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _engine

__all__ = [
    "load",
    "run",
    "sweep",
    "trace",
    "forecast",
    "forecast_models",
    "compare",
    "Scenario",
    "Result",
    "SweepResult",
    "Trace",
    "Comparison",
    "ScenarioError",
    "UsageError",
    "OutputError",
]

ScenarioError = _engine.ScenarioError
ScenarioError.__module__ = "parley"
ScenarioError.__doc__ = (
    "A scenario file (or a value set on it) is invalid. Attributes: file, line, column "
    "(1-based; 0 when unknown) and message; str(error) is 'file:line:column: message'."
)
UsageError = _engine.UsageError
UsageError.__module__ = "parley"
UsageError.__doc__ = (
    "An argument is invalid: an unknown parameter path, a value out of its range, a bad "
    "design. The message is the one `parley … --set` prints."
)
OutputError = _engine.OutputError
OutputError.__module__ = "parley"
OutputError.__doc__ = (
    "An output folder cannot be written (it exists, the disk is full, no permission), or "
    "the run needs more memory or disk than there is."
)

Progress = Union[None, bool, str, Callable[[int, int], Any]]


# ---------------------------------------------------------------- values as TOML


def _toml_value(value: Any, where: str) -> str:
    """A Python value as the one TOML value `--set` takes."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise UsageError(f"{where}: expected a finite number, found {number}")
        return repr(number)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    if isinstance(value, Mapping):
        items = ", ".join(f"{key} = {_toml_value(item, where)}" for key, item in value.items())
        return "{ " + items + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(item, where) for item in value) + "]"
    raise UsageError(
        f"{where}: expected a number, a name, a list of names or a distribution (dict), "
        f"found {type(value).__name__}"
    )


# ---------------------------------------------------------------- scenarios


class Scenario:
    """A parsed, validated scenario: actors, issues, phases and every parameter.

    Made by :func:`load`. ``set`` changes a parameter (or a piece of structure)
    exactly as ``parley run --set PATH=VALUE`` does, with the same checks and
    messages; changes are recorded in the run's manifest.
    """

    def __init__(self, engine_scenario: Any, path: str):
        self._scenario = engine_scenario
        self._path = path
        self._story = json.loads(engine_scenario.story())  # output/scenario_story.hpp

    # -- what the file says
    @property
    def path(self) -> str:
        """The file the scenario was loaded from, as given."""
        return self._path

    @property
    def name(self) -> str:
        return self._story["name"]

    @property
    def description(self) -> str:
        return self._story["description"]

    @property
    def actors(self) -> pd.DataFrame:
        """One row per actor: id, name, strategy, red_lines (their texts)."""
        return pd.DataFrame(self._story["actors"])

    @property
    def issues(self) -> pd.DataFrame:
        """One row per issue: id, label, unit, min, max, options (discrete issues), ends,
        status_quo."""
        return pd.DataFrame(self._story["issues"])

    @property
    def phases(self) -> pd.DataFrame:
        """One row per phase of talks: id, label, protocol, max_rounds, participants,
        ratifiers, veto, issues on the table, decision rule."""
        return pd.DataFrame(self._story["phases"])

    @property
    def parameters(self) -> pd.DataFrame:
        """Every numeric parameter as manifest.json lists it.

        Columns: path, value (the fixed value, NaN for an uncertain one),
        distribution (TOML text), domain_min, domain_max, judgement (one of the
        judgement calls the scenario files name), group (the actor it belongs to).
        """
        frame = pd.DataFrame(self._story["parameters"]).rename(
            columns={"min": "domain_min", "max": "domain_max"}
        )
        frame["value"] = frame["value"].astype(float)
        return frame

    @property
    def parameter_paths(self) -> List[str]:
        """Every path ``set`` accepts: the numeric parameters, then the structure
        (strategy kinds, phases' deadlines, rules, participants, …)."""
        return [p["path"] for p in self._story["parameters"]] + list(self._story["structure"])

    @property
    def overrides(self) -> List[str]:
        """The ``PATH=VALUE`` assignments applied so far, in order."""
        return list(self._story["overrides"])

    def get(self, path: str) -> Any:
        """The fixed value of a numeric parameter (its TOML text when uncertain)."""
        for p in self._story["parameters"]:
            if p["path"] == path:
                return p["value"] if p["value"] is not None else p["distribution"]
        raise UsageError(f"{path}: not a numeric parameter of {self._path} (see .parameter_paths)")

    def set(self, path: str, value: Any) -> "Scenario":
        """Sets one parameter as ``--set PATH=VALUE`` does; returns the scenario.

        ``value`` is a number, a name (an option of a discrete issue, a strategy,
        a protocol), a list of actor ids, or a distribution as a dict
        (``{"dist": "normal", "mean": 0.6, "sd": 0.1}``). Raises UsageError with
        the CLI's message (for an unknown path, the closest valid ones); a
        refused value leaves the scenario as it was.
        """
        self._scenario.set(f"{path}={_toml_value(value, '--set ' + path)}")
        self._story = json.loads(self._scenario.story())
        return self

    def copy(self) -> "Scenario":
        """An independent copy (changes to it leave this one alone)."""
        return Scenario(self._scenario.copy(), self._path)

    def __repr__(self) -> str:
        story = self._story
        actors = ", ".join(a["id"] for a in story["actors"])
        issues = ", ".join(i["id"] for i in story["issues"])
        phases = " → ".join(p["id"] for p in story["phases"])
        return (
            f"<parley.Scenario {story['name']!r} from {self._path}: actors {actors}; "
            f"issues {issues}; phases {phases}>"
        )


def load(path: Union[str, os.PathLike], *, allow_outside_data: bool = False) -> Scenario:
    """Reads and validates a scenario file (TOML), as ``parley validate`` does.

    Raises ScenarioError naming file:line:column for bad input. Data files the
    scenario names must lie in its folder unless ``allow_outside_data``.
    """
    path = os.fspath(path)
    return Scenario(_engine.load(path, allow_outside_data), path)


def _prepared(scenario: Union[Scenario, str, os.PathLike], changes: Optional[Mapping[str, Any]]) -> Scenario:
    if not isinstance(scenario, Scenario):
        scenario = load(scenario)
    if changes:
        scenario = scenario.copy()
        for path, value in changes.items():
            scenario.set(path, value)
    return scenario


def _progress_callback(progress: Progress, unit: str) -> Tuple[Optional[Callable[[int, int], Any]], Any]:
    """(callback for the engine, object to close at the end)."""
    if callable(progress):
        return progress, None
    if progress is None or progress is False:
        return None, None
    if progress == "auto" and not sys.stderr.isatty() and "ipykernel" not in sys.modules:
        return None, None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None, None

    class Bar:
        """A tqdm bar opened at the first report, when the total is known."""

        bar = None

        def __call__(self, done: int, total: int) -> None:
            if total <= 0:  # a sweep before its first point: the total is not known yet
                return
            if self.bar is None:
                self.bar = tqdm(total=total, unit=" " + unit, unit_scale=True, leave=False)
            elif self.bar.total != total:
                self.bar.total = total
                self.bar.refresh()
            self.bar.update(done - self.bar.n)

        def close(self) -> None:
            if self.bar is not None:
                self.bar.close()

    bar = Bar()
    update = bar
    return update, bar


def _frame(columns: Sequence[Tuple[str, str, np.ndarray, List[str]]]) -> pd.DataFrame:
    """A DataFrame from the engine's typed columns (no copy of numeric arrays)."""
    data: Dict[str, Any] = {}
    for name, kind, array, categories in columns:
        if kind == "flag":
            data[name] = array.view(np.bool_)
        elif kind == "optional_flag":
            data[name] = pd.arrays.BooleanArray(array == 1, array < 0)
        elif kind == "category":
            data[name] = pd.Categorical.from_codes(array, categories=categories)
        else:
            data[name] = array
    return pd.DataFrame(data, copy=False)


def _call_text(function: str, scenario: Scenario, **arguments: Any) -> str:
    listed = ", ".join(f"{key}={value!r}" for key, value in arguments.items() if value is not None)
    return f"python: parley.{function}({scenario.path!r}, {listed})"


# ---------------------------------------------------------------- runs


class Result:
    """The outcome distribution of one run (:func:`run`).

    - ``outcomes``: one row per replicate, the columns of outcomes.csv (point,
      replicate, agreed, phase, round, each issue, utility_<actor>, …) with full
      precision (the CSV rounds to 6 decimals); empty CSV cells are NaN/<NA>.
    - ``summary``: one row per metric, the columns of summary.csv.
    - ``manifest``: manifest.json as a dict (``files`` once saved).
    - ``save(folder)``: writes manifest.json, outcomes.csv and summary.csv —
      outcomes.csv and summary.csv byte for byte as ``parley run`` writes them.
    """

    def __init__(self, handle: Any, scenario: Scenario):
        self._handle = handle
        self.scenario = scenario
        self._outcomes: Optional[pd.DataFrame] = None
        self._summary: Optional[pd.DataFrame] = None

    @property
    def outcomes(self) -> pd.DataFrame:
        if self._outcomes is None:
            self._outcomes = _frame(self._handle.outcome_columns())
        return self._outcomes

    @property
    def summary(self) -> pd.DataFrame:
        if self._summary is None:
            self._summary = _frame(self._handle.summary_columns())
        return self._summary

    @property
    def manifest(self) -> Dict[str, Any]:
        return json.loads(self._handle.manifest_json())

    @property
    def replicates(self) -> int:
        return self._handle.replicates

    @property
    def wall_seconds(self) -> float:
        """Time the engine took, in seconds."""
        return self._handle.wall_seconds

    def metric(self, name: str) -> pd.Series:
        """One row of the summary ('agreement', 'utility.us', 'outcome.territory', …)."""
        rows = self.summary[self.summary["metric"] == name]
        if rows.empty:
            raise UsageError(f"no metric {name!r} in this run's summary")
        return rows.iloc[0]

    @property
    def agreement(self) -> float:
        """Share of replicates that ended in a ratified agreement."""
        return float(self.metric("agreement")["mean"])

    @property
    def analysis(self) -> str:
        """The analysis of the deals in words (Pareto efficiency, Nash point, missed deals)."""
        return self._handle.describe_analysis()

    def save(self, folder: Union[str, os.PathLike]) -> Path:
        """Writes the run's folder (which must not exist), whole or not at all."""
        return Path(self._handle.save(os.fspath(folder)))

    def __repr__(self) -> str:
        return (
            f"<parley.Result {self.scenario.name!r}: {self.replicates} replicates, "
            f"agreement {100 * self.agreement:.1f}%>"
        )


def run(
    scenario: Union[Scenario, str, os.PathLike],
    replicates: Optional[int] = None,
    seed: Optional[int] = None,
    threads: int = 0,
    set: Optional[Mapping[str, Any]] = None,  # noqa: A002 - the CLI's name
    analysis: bool = True,
    progress: Progress = "auto",
) -> Result:
    """Runs a scenario's replicates, as ``parley run`` does.

    Args:
        scenario: a Scenario from :func:`load`, or a path.
        replicates: how many (default: the file's ``[run] replicates``).
        seed: the seed (default: the file's ``[run] seed``). The same seed gives
            the same outcomes for any ``threads``.
        threads: worker threads; 0 = one per hardware thread.
        set: ``{path: value}`` applied to a copy of the scenario first, as
            ``--set`` (see :meth:`Scenario.set`).
        analysis: the Pareto / Nash analysis of each deal (as ``--no-analysis``
            when False).
        progress: a callable ``(done, total)``, True for a tqdm bar, False for
            nothing; "auto" shows a bar on a terminal or in a notebook when tqdm
            is installed.

    Returns: a :class:`Result`. Ctrl-C raises KeyboardInterrupt (the engine
    stops at the next replicate; the GIL is released while it runs).
    """
    scenario = _prepared(scenario, set)
    defaults = scenario._story
    replicates = defaults["run"]["replicates"] if replicates is None else int(replicates)
    seed = defaults["run"]["seed"] if seed is None else int(seed)
    callback, bar = _progress_callback(progress, "replicates")
    command = _call_text("run", scenario, replicates=replicates, seed=seed, threads=threads,
                         set=dict(set) if set else None)
    try:
        handle = _engine.run(scenario._scenario, replicates, seed, int(threads), bool(analysis),
                             command, callback)
    finally:
        if bar is not None:
            bar.close()
    return Result(handle, scenario)


# ---------------------------------------------------------------- sweeps


class SweepResult:
    """A sweep's outcomes (one row per point and replicate), summary (per point
    and metric), sensitivity (Sobol designs) and manifest, as in its folder.

    ``save(folder)`` copies the folder's files, byte for byte, to a new folder.
    ``folder`` is where the engine wrote them (a temporary folder, removed with
    this object, unless ``out`` was given).
    """

    def __init__(self, handle: Any, scenario: Scenario, temporary: Optional[str]):
        self.scenario = scenario
        self.folder = Path(handle.folder)
        self.points = handle.points
        self.wall_seconds = handle.wall_seconds
        self.outcomes = _frame(handle.outcomes) if handle.outcomes else None
        self.summary = _frame(handle.summary) if handle.summary else None
        if self.outcomes is None:  # keep_columns=False: read what was written
            self.outcomes = pd.read_csv(self.folder / "outcomes.csv")
            self.summary = pd.read_csv(self.folder / "summary.csv")
        sensitivity = self.folder / "sensitivity.csv"
        self.sensitivity = pd.read_csv(sensitivity) if sensitivity.exists() else None
        with open(self.folder / "manifest.json", encoding="utf-8") as file:
            self.manifest = json.load(file)
        if temporary is not None:
            self._cleanup = weakref.finalize(self, shutil.rmtree, temporary, True)

    def agreement(self) -> pd.DataFrame:
        """Agreement per point, in point order: point, the swept parameters, mean,
        wilson_low, wilson_high (the 95% Wilson interval)."""
        return self.metric("agreement")

    def metric(self, name: str) -> pd.DataFrame:
        """One metric of the summary per point, in point order ('agreement',
        'utility.us', 'outcome.territory', …): point, the swept parameters and
        the metric's n, mean, sd, mcse, quantiles and Wilson interval."""
        rows = self.summary[self.summary["metric"] == name]
        if rows.empty:
            raise UsageError(f"no metric {name!r} in this sweep's summary")
        columns = [c for c in self.summary.columns if c != "metric"]
        if name == "agreement":
            design = list(self.summary.columns[1 : list(self.summary.columns).index("metric")])
            columns = ["point", *design, "mean", "wilson_low", "wilson_high"]
        return rows[columns].sort_values("point").reset_index(drop=True)

    def save(self, folder: Union[str, os.PathLike]) -> Path:
        """Copies the sweep's files to a new folder (which must not exist)."""
        return Path(_engine.copy_folder(str(self.folder), os.fspath(folder)))

    def __repr__(self) -> str:
        return f"<parley.SweepResult {self.scenario.name!r}: {self.points} points in {self.folder}>"


def _axes(
    grid: Optional[Mapping[str, Sequence[float]]],
    values: Optional[Mapping[str, Sequence[Any]]],
    ranges: Optional[Mapping[str, Sequence[float]]],
) -> List[Tuple[str, str, List[float], List[str]]]:
    axes: List[Tuple[str, str, List[float], List[str]]] = []
    for path, spec in (ranges or {}).items():
        if len(spec) != 2:
            raise UsageError(f"parley.sweep: ranges[{path!r}]: expected (low, high), found {spec!r}")
        axes.append((path, "range", [float(spec[0]), float(spec[1])], []))
    for path, spec in (grid or {}).items():
        if len(spec) != 3 or int(spec[2]) != spec[2]:
            raise UsageError(
                f"parley.sweep: grid[{path!r}]: expected (start, stop, count) with an integer "
                f"count, found {spec!r}"
            )
        axes.append((path, "grid", [float(spec[0]), float(spec[1]), float(spec[2])], []))
    for path, items in (values or {}).items():
        if isinstance(items, (str, bytes)) or not isinstance(items, Sequence):
            raise UsageError(f"parley.sweep: values[{path!r}]: expected a list, found {items!r}")
        axes.append((path, "values", [], [_toml_value(v, f"values[{path!r}]") for v in items]))
    return axes


def sweep(
    scenario: Union[Scenario, str, os.PathLike],
    *,
    grid: Optional[Mapping[str, Sequence[float]]] = None,
    values: Optional[Mapping[str, Sequence[Any]]] = None,
    lhs: Optional[int] = None,
    sobol: Optional[int] = None,
    ranges: Optional[Mapping[str, Sequence[float]]] = None,
    replicates: Optional[int] = None,
    seed: Optional[int] = None,
    threads: int = 0,
    set: Optional[Mapping[str, Any]] = None,  # noqa: A002 - the CLI's name
    analysis: bool = True,
    out: Optional[Union[str, os.PathLike]] = None,
    keep_columns: bool = True,
    progress: Progress = "auto",
) -> SweepResult:
    """Runs a scenario at every point of a design, as ``parley sweep`` does.

    The design, as the CLI's flags:
        grid={"actors.us.threats.more_sanctions.credibility": (0.2, 1.0, 5)}   # --grid PATH=START:STOP:COUNT
        values={"phases.peace_talks.max_rounds": [12, 20, 28]}  # --values PATH=a,b,c
        lhs=64, ranges={"actors.us.reservation_utility": (0.2, 0.6)}    # --lhs N --range …
        sobol=256, ranges={…}                                          # --sobol N --range …
    Without any, the scenario's ``[sweep]`` table. Grid and values axes combine
    (all combinations).

    Args: replicates per point (default: the design's, else the file's), seed,
    threads, set, analysis and progress as in :func:`run`; ``out``: the folder
    to write (default: a temporary one, removed with the result);
    ``keep_columns``: build the DataFrames from the engine's records as points
    finish (False: read them from the CSV files, for sweeps whose outcomes do
    not fit in memory).

    Returns: a :class:`SweepResult`.
    """
    scenario = _prepared(scenario, set)
    defaults = scenario._story
    if lhs is not None and sobol is not None:
        raise UsageError("parley.sweep: give lhs=N or sobol=N, not both")
    axes = _axes(grid, values, ranges)
    if lhs is not None or sobol is not None:
        kind, samples = ("lhs", int(lhs)) if lhs is not None else ("sobol", int(sobol))
    elif axes:
        kind, samples = "grid", 0
    elif defaults["sweep"] is not None:
        kind, samples = "scenario", 0
    else:
        raise UsageError(
            f"parley.sweep: {scenario.path} has no [sweep] table; give a design with grid=, "
            "values=, lhs= or sobol="
        )
    if replicates is None:
        design_replicates = defaults["sweep"]["replicates"] if kind == "scenario" else None
        replicates = design_replicates or defaults["run"]["replicates"]
    seed = defaults["run"]["seed"] if seed is None else int(seed)
    temporary = None
    if out is None:
        temporary = tempfile.mkdtemp(prefix="parley-sweep-")
        out = os.path.join(temporary, "sweep")
    callback, bar = _progress_callback(progress, "replicates")
    command = _call_text("sweep", scenario, grid=grid, values=values, lhs=lhs, sobol=sobol,
                         ranges=ranges, replicates=replicates, seed=seed, threads=threads)
    try:
        handle = _engine.sweep(scenario._scenario, kind, samples, axes, int(replicates), seed,
                               int(threads), bool(analysis), os.fspath(out), bool(keep_columns),
                               command, callback)
    except BaseException:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        raise
    finally:
        if bar is not None:
            bar.close()
    return SweepResult(handle, scenario, temporary)


# ---------------------------------------------------------------- traces


class Trace:
    """One replicate told move by move (:func:`trace`).

    ``events``: the JSON-lines records as dicts (schema in docs/trace_format.md);
    ``text``: the same as ``parley trace`` prints it. ``print(trace)`` shows it.
    """

    def __init__(self, jsonl: str, text: str):
        self.events: List[Dict[str, Any]] = [json.loads(line) for line in jsonl.splitlines() if line]
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __len__(self) -> int:
        return len(self.events)

    def __repr__(self) -> str:
        return f"<parley.Trace: {len(self.events)} events>"


def trace(
    scenario: Union[Scenario, str, os.PathLike],
    seed: Optional[int] = None,
    replicate: int = 0,
    set: Optional[Mapping[str, Any]] = None,  # noqa: A002 - the CLI's name
) -> Trace:
    """Replays replicate ``replicate`` of a run with ``seed``, as ``parley trace`` does:
    the same draws as that replicate of :func:`run`, with every offer, answer
    and reason, threat, side payment, shock and ratification."""
    scenario = _prepared(scenario, set)
    seed = scenario._story["run"]["seed"] if seed is None else int(seed)
    jsonl, text = _engine.trace(scenario._scenario, seed, int(replicate))
    return Trace(jsonl, text)


# ---------------------------------------------------------------- forecasts


def forecast_models() -> List[str]:
    """The models ``forecast`` knows, in the order of forecasts.csv."""
    return list(_engine.table_model_names())


def forecast(
    cases: Union[pd.DataFrame, str, os.PathLike],
    models: Optional[Sequence[str]] = None,
    *,
    scale_min: float = 0.0,
    scale_max: float = 100.0,
    replicates: int = 64,
    seed: int = 1,
    threads: int = 0,
    rounds: int = 8,
    strategy: str = "time_dependent",
) -> pd.DataFrame:
    """Forecasts the outcome of each case of a case table, as ``parley forecast`` does.

    ``cases``: a DataFrame with the case table's columns — case, actor,
    position, salience, capability; optionally status_quo, voting_rule, and
    issue, procedure, date for proposals of several issues (``parley forecast
    --help``) — or the path of such a CSV file.
    ``models``: names from :func:`forecast_models` (default: all).
    The agents' own play (model "agents") uses replicates, seed, threads,
    rounds and strategy.

    Returns the rows of forecasts.csv as a DataFrame. Cases that could not be
    forecast are in ``result.attrs["case_errors"]`` (a DataFrame, as
    case_errors.csv), with a warning.
    """
    if isinstance(cases, pd.DataFrame):
        text, source = cases.to_csv(index=False), "<DataFrame>"
    else:
        source = os.fspath(cases)
        with open(source, encoding="utf-8") as file:
            text = file.read()
    agents = _engine.AgentPlayOptions()
    agents.replicates = int(replicates)
    agents.seed = int(seed)
    agents.threads = int(threads)
    agents.table_rounds = int(rounds)
    agents.strategy = strategy
    forecasts, errors, skipped = _engine.forecast(text, source, list(models or []), float(scale_min),
                                                  float(scale_max), agents)
    frame = pd.read_csv(io.StringIO(forecasts))
    if skipped:
        import warnings

        frame.attrs["case_errors"] = pd.read_csv(io.StringIO(errors))
        warnings.warn(f"{skipped} case(s) skipped; see result.attrs['case_errors']", stacklevel=2)
    return frame


# ---------------------------------------------------------------- comparisons

RunLike = Union[str, os.PathLike, Result, SweepResult]

_COMPARISON_COLUMNS = [
    "point", "metric", "kind", "paired", "test", "n_a", "n_b", "a", "b", "difference", "low",
    "high", "statistic", "p_value", "adjusted_p", "effect_size", "tolerance", "significant",
    "moved",
]


def _points_of(cells: List[str]) -> Any:
    """The `point` cells as integers (as in Result.outcomes), or as written."""
    try:
        return np.array([int(cell) for cell in cells], dtype=np.int64)
    except ValueError:
        return cells


class Comparison:
    """Two runs compared test by test (:func:`compare`), as ``parley compare`` does.

    - ``rows``: one row per test, largest effect size first: point, metric
      ("agreement", "issue.<id>=<option>", "issue.<id>.mean",
      "utility.<actor>.distribution", …), kind (rate, mean or distribution),
      paired, test, n_a, n_b, a, b (rates, means or medians), difference (B − A;
      the median shift for a distribution), low and high (its interval; ±inf
      when unbounded), statistic (z, t or the KS distance D), p_value,
      adjusted_p, effect_size (|Cohen's h|, |Cohen's d| or D), tolerance (the
      one that applied, as given, else None), significant and moved.
    - ``moved``: the rows that moved; ``passed``: True when none did.
    - ``paired``: whether the tests were paired; ``pairing``: why.
    - ``points``: one row per compared point: point, the swept parameters,
      replicates_a, replicates_b, detectable_agreement_shift.
    - ``notes``: the rows that could not be tested, and why.
    - ``text()``, ``markdown()``, ``json()``: the reports ``parley compare
      --format text|markdown|json`` prints (``all_rows=True``: every test, as
      ``--all``).
    """

    def __init__(self, handle: Any):
        self._handle = handle
        columns = handle.rows()
        columns["point"] = _points_of(columns["point"])
        for flag in ("paired", "significant", "moved"):
            columns[flag] = columns[flag].view(np.bool_)
        columns["tolerance"] = [t if t else None for t in columns["tolerance"]]
        self.rows: pd.DataFrame = pd.DataFrame({c: columns[c] for c in _COMPARISON_COLUMNS})
        self.moved: pd.DataFrame = self.rows[self.rows["moved"]].reset_index(drop=True)
        report = json.loads(handle.json())
        points = pd.DataFrame(
            [
                {"point": p["point"], **p["design"], "replicates_a": p["replicates_a"],
                 "replicates_b": p["replicates_b"],
                 "detectable_agreement_shift": p["detectable_agreement_shift"]}
                for p in report["points"]
            ],
            columns=["point", *report["design_columns"], "replicates_a", "replicates_b",
                     "detectable_agreement_shift"],
        )
        points["point"] = _points_of(list(points["point"]))
        for column in report["design_columns"]:  # numbers where the values are numbers
            try:
                points[column] = pd.to_numeric(points[column])
            except (ValueError, TypeError):
                pass
        points["detectable_agreement_shift"] = points["detectable_agreement_shift"].astype(float)
        self.points: pd.DataFrame = points
        self.notes: List[str] = list(report["notes"])

    @property
    def paired(self) -> bool:
        """Whether replicate i of A and of B were compared as a pair (same seed and
        replicates: common random numbers)."""
        return bool(self._handle.paired)

    @property
    def pairing(self) -> str:
        """Why the runs were (or were not) compared as pairs, in words."""
        return self._handle.pairing

    @property
    def passed(self) -> bool:
        """True when no test moved (``parley compare`` exits 0)."""
        return self._handle.moved_count == 0

    def text(self, all_rows: bool = False) -> str:
        """The report as ``parley compare`` prints it."""
        return self._handle.text(bool(all_rows))

    def markdown(self, all_rows: bool = False) -> str:
        """The report as a Markdown table (``--format markdown``), for a pull request."""
        return self._handle.markdown(bool(all_rows))

    def json(self) -> str:
        """The report as JSON (``--format json``): every row, p-values unrounded."""
        return self._handle.json()

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        tests = self._handle.tests
        moved = self._handle.moved_count
        verdict = "nothing moved" if moved == 0 else f"{moved} moved"
        return (
            f"<parley.Comparison: {tests} tests, {verdict} "
            f"({'paired' if self.paired else 'independent'})>"
        )


def _tolerance_texts(tolerance: Any) -> List[str]:
    """`tolerance` as the texts `--tolerance` takes ("NAME=AMOUNT,…")."""
    if tolerance is None:
        return []
    if isinstance(tolerance, str):
        return [tolerance]
    if isinstance(tolerance, Mapping):
        texts = []
        for name, amount in tolerance.items():
            if not isinstance(name, str) or not name.strip() or any(c in name for c in ",="):
                raise UsageError(
                    f"parley.compare: tolerance: expected a metric name or pattern without ',' "
                    f"or '=', found {name!r}"
                )
            if isinstance(amount, str):
                texts.append(f"{name}={amount}")
            elif isinstance(amount, numbers.Real) and not isinstance(amount, (bool, np.bool_)):
                texts.append(f"{name}={float(amount)!r}")
            else:
                raise UsageError(
                    f"parley.compare: tolerance[{name!r}]: expected a number (in the metric's "
                    f"units) or a text such as '2pt', found {amount!r}"
                )
        return texts
    if isinstance(tolerance, Sequence) and all(isinstance(t, str) for t in tolerance):
        return list(tolerance)
    raise UsageError(
        "parley.compare: tolerance: expected 'NAME=AMOUNT,…' or a dict {name: amount}, "
        f"found {type(tolerance).__name__}"
    )


def _metric_patterns(metrics: Any) -> List[str]:
    if metrics is None:
        return []
    if isinstance(metrics, str):
        return [metrics]
    if isinstance(metrics, Sequence) and all(isinstance(m, str) for m in metrics):
        return list(metrics)
    raise UsageError(
        f"parley.compare: metrics: expected a pattern or a list of patterns, found {metrics!r}"
    )


def compare(
    run_a: RunLike,
    run_b: RunLike,
    *,
    alpha: float = 0.01,
    tolerance: Union[None, str, Sequence[str], Mapping[str, Union[float, str]]] = None,
    metrics: Union[None, str, Sequence[str]] = None,
    adjust: str = "holm",
    paired: Optional[bool] = None,
    confidence: float = 0.95,
    permutations: int = 10000,
    seed: int = 1,
    threads: int = 0,
) -> Comparison:
    """Did the outcome distribution really change? Compares run B with run A, as
    ``parley compare RUN_A RUN_B`` does.

    Point by point (the same swept parameters at the same values, else UsageError
    naming the difference), every rate of summary.csv, each option of a discrete
    issue, and each issue's and actor's mean and distribution, as B − A with an
    interval at ``confidence``; the p-values of all the tests are adjusted together.
    A test moved when its adjusted p-value is below ``alpha`` and its difference
    exceeds its tolerance, if one applies. docs/python.md and ``parley compare
    --help`` say which tests are used.

    Args:
        run_a, run_b: a run or sweep folder (a path), a :class:`Result` (saved to a
            temporary folder, removed afterwards) or a :class:`SweepResult`.
        alpha: the significance level of the whole family of tests.
        tolerance: differences that only count when larger: "agreement=2pt,
            issue.sanctions_relief.median=0.05", or a dict ``{name: amount}`` with
            an amount in the metric's units (a rate's as a fraction) or a text such
            as "2pt" (percentage points, rates only). Names may be glob patterns;
            an exact name beats a pattern, among patterns the first wins.
        metrics: a glob pattern or a list of them: compare only these rows.
        adjust: "holm" (family-wise error rate) or "bh" (Benjamini–Hochberg,
            false discovery rate).
        paired: None: paired tests when both runs used the same seed and
            replicates (common random numbers); True: require it (UsageError
            otherwise); False: independent samples.
        confidence: the level of the intervals.
        permutations, seed: the permutation KS tests' relabellings and streams.
        threads: for the distribution tests; 0 = all hardware threads (the same
            results for any).

    Returns: a :class:`Comparison`. Raises UsageError for a bad argument, a path
    that is not a folder, or runs that cannot be compared; OutputError for a
    folder without a manifest; ScenarioError for a CSV file that is not parley's.
    Ctrl-C raises KeyboardInterrupt (it stops the reading of the folders, and the
    tests between one distribution test and the next).
    """
    for name, value in (("alpha", alpha), ("confidence", confidence)):
        if not (isinstance(value, numbers.Real) and 0.0 < float(value) < 1.0):
            raise UsageError(f"parley.compare: {name} must lie in (0, 1), found {value!r}")
    if int(permutations) < 1:
        raise UsageError(f"parley.compare: permutations must be ≥ 1, found {permutations!r}")
    if int(seed) < 0:
        raise UsageError(f"parley.compare: seed must be ≥ 0, found {seed!r}")
    if int(threads) < 0:
        raise UsageError(f"parley.compare: threads must be ≥ 0, found {threads!r}")
    if paired is None:
        pairing = "auto"
    elif isinstance(paired, (bool, np.bool_)):
        pairing = "paired" if paired else "independent"
    else:
        raise UsageError(f"parley.compare: paired: expected None, True or False, found {paired!r}")
    if adjust not in ("holm", "bh", "benjamini-hochberg"):
        raise UsageError(f"parley.compare: adjust: expected 'holm' or 'bh', found {adjust!r}")
    tolerances = _tolerance_texts(tolerance)
    for text in tolerances:  # refused before any Result is written
        _engine.parse_tolerances(text)
    patterns = _metric_patterns(metrics)

    temporary: Optional[str] = None
    try:
        runs: List[Tuple[str, str]] = []
        for label, run_ in (("A", run_a), ("B", run_b)):
            if isinstance(run_, Result):
                if temporary is None:
                    temporary = tempfile.mkdtemp(prefix="parley-compare-")
                folder = run_.save(os.path.join(temporary, label))
                runs.append((str(folder), f"<parley.Result {label}>"))
            elif isinstance(run_, SweepResult):
                runs.append((str(run_.folder), ""))
            elif isinstance(run_, (str, bytes, os.PathLike)):
                runs.append((os.fsdecode(run_), ""))
            else:
                raise UsageError(
                    f"parley.compare: run_{label.lower()}: expected a folder, a Result or a "
                    f"SweepResult, found {type(run_).__name__}"
                )
        handle = _engine.compare(runs[0], runs[1], float(alpha), float(confidence), adjust,
                                 pairing, patterns, tolerances, int(permutations), int(seed),
                                 int(threads))
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return Comparison(handle)
