#include "analysis/run_comparison.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <numeric>
#include <utility>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/number_text.hpp"
#include "core/random.hpp"
#include "core/worker_threads.hpp"
#include "output/summary.hpp"

namespace parley {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

bool matches(const std::string& pattern, const std::string& name) {
  return ::fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

bool has_wildcard(const std::string& pattern) {
  return pattern.find_first_of("*?[") != std::string::npos;
}

std::string trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

// The name of `row` that `tolerance` matches, or "" when it does not apply: a
// rate, a mean by its own name; a distribution row by its median shift (.median)
// or KS distance (.ks); a tolerance in points applies to rates only.
std::string tolerated_name(const Tolerance& tolerance, const ComparisonRow& row) {
  if (tolerance.in_points && row.kind != RowKind::kRate) return {};
  if (row.kind != RowKind::kDistribution)
    return matches(tolerance.pattern, row.metric) ? row.metric : std::string();
  const std::string base =
      row.metric.substr(0, row.metric.size() - std::string_view(".distribution").size());
  for (std::string name : {base + ".median", base + ".ks"})
    if (matches(tolerance.pattern, name)) return name;
  return {};
}

double cohens_h(double p1, double p2) {
  return std::fabs(2.0 * std::asin(std::sqrt(p1)) - 2.0 * std::asin(std::sqrt(p2)));
}

struct Moments {
  double mean = 0.0;
  double variance = 0.0;  // sample variance (n − 1)
};
Moments moments(const std::vector<double>& x) {
  Moments m;
  const auto n = static_cast<double>(x.size());
  m.mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
  double squares = 0.0;
  for (double v : x) squares += (v - m.mean) * (v - m.mean);
  m.variance = x.size() > 1 ? squares / (n - 1.0) : 0.0;
  return m;
}

double median_of(std::vector<double> x) {
  std::sort(x.begin(), x.end());
  return quantile_sorted(x, 0.5);
}

void set_test(ComparisonRow& row, double difference, double low, double high, double statistic,
              double p_value) {
  row.difference = difference;
  row.low = low;
  row.high = high;
  row.statistic = statistic;
  row.p_value = p_value;
}

// A distribution row's KS test, run after every row is known.
struct KsJob {
  std::size_t row;
  std::size_t point;
  const std::vector<double>* first;   // run B
  const std::vector<double>* second;  // run A
  bool paired;
};

// Runs the KS tests on `threads` threads (0: all hardware threads); each test draws
// from its own stream (seed, point, row), so results do not depend on the threads.
void run_ks_jobs(const std::vector<KsJob>& jobs, ComparisonReport& report,
                 const ComparisonOptions& options) {
  const auto permutations = std::max<std::int64_t>(
      options.permutations, static_cast<std::int64_t>(std::ceil(
                                2.0 * static_cast<double>(report.rows.size()) / options.alpha)));
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stopped{false};  // a failure, or a thread that could not start
  std::exception_ptr failure;
  std::mutex failure_lock;
  const auto work = [&]() {
    for (std::size_t j = next++; j < jobs.size() && !stopped.load(); j = next++) {
      try {
        if (options.cancel != nullptr && options.cancel->load()) throw RunCancelled();
        const KsJob& job = jobs[j];
        Rng rng = Rng::stream(options.seed, job.point, job.row, StreamPurpose::kPermutation);
        const KolmogorovSmirnov ks =
            job.paired ? paired_kolmogorov_smirnov(*job.first, *job.second, rng, permutations,
                                                   kSequentialStop)
                       : kolmogorov_smirnov(*job.first, *job.second, rng, kKsExactCells,
                                            permutations, kSequentialStop);
        ComparisonRow& row = report.rows[job.row];
        if (job.paired) {
          Rng resampling = Rng::stream(options.seed, job.point, job.row, StreamPurpose::kBootstrap);
          const MedianShift shift = paired_median_difference(*job.first, *job.second, resampling,
                                                             kMedianResamples, options.confidence);
          row.difference = shift.estimate;
          row.low = shift.low;
          row.high = shift.high;
        }
        row.statistic = ks.statistic;
        row.p_value = ks.p_value;
        row.effect_size = ks.statistic;
        row.test = fmt::format("KS D={:.3f} {}", ks.statistic,
                               job.paired ? "pair-swap"
                               : ks.exact ? "exact"
                                          : "perm.");
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failure_lock);
        if (!failure) failure = std::current_exception();
        stopped.store(true);
      }
    }
  };
  const auto workers = static_cast<int>(std::min<std::size_t>(
      jobs.size(), static_cast<std::size_t>(resolve_thread_count(options.threads))));
  if (workers <= 1) {
    work();
  } else {
    run_workers(workers, work, [&]() { stopped.store(true); });
  }
  if (failure) std::rethrow_exception(failure);
}

// Builds the rows of one point.
class PointComparer {
 public:
  PointComparer(const RunSample& a, const RunSample& b, std::size_t point_a, std::size_t point_b,
                std::size_t point, bool paired, const ComparisonOptions& options,
                ComparisonReport& report, std::vector<KsJob>& jobs)
      : a_(a),
        b_(b),
        pa_(a.points[point_a]),
        pb_(b.points[point_b]),
        point_(point),
        paired_(paired),
        options_(options),
        report_(report),
        jobs_(jobs) {}

  void rates() {
    std::vector<std::string> metrics = a_.summary_rate_metrics;
    for (const std::string& metric : b_.summary_rate_metrics)
      if (std::find(metrics.begin(), metrics.end(), metric) == metrics.end())
        metrics.push_back(metric);
    for (const std::string& metric : metrics) {
      const auto in_a = pa_.summary_rates.find(metric);
      const auto in_b = pb_.summary_rates.find(metric);
      if (in_a == pa_.summary_rates.end() || in_b == pb_.summary_rates.end()) {
        note_only(metric, in_a != pa_.summary_rates.end());
        continue;
      }
      if (!selected({metric})) continue;
      const int series_a = a_.series_index(metric), series_b = b_.series_index(metric);
      if (paired_ && series_a >= 0 && series_b >= 0 &&
          complete(pa_.series[static_cast<std::size_t>(series_a)]) &&
          complete(pb_.series[static_cast<std::size_t>(series_b)])) {
        paired_rate(metric, pa_.series[static_cast<std::size_t>(series_a)],
                    pb_.series[static_cast<std::size_t>(series_b)]);
      } else {
        independent_rate(metric, in_a->second, in_b->second, paired_ ? "z (unpaired)" : "z");
      }
    }
  }

  void issues_and_utilities() {
    for (std::size_t s = 0; s < a_.series.size(); ++s) {
      const SampleSeries& series = a_.series[s];
      if (series.kind == SeriesKind::kRate) continue;
      const int t = b_.series_index(series.metric);
      if (t < 0) {
        note_only(series.metric, true);
        continue;
      }
      const SampleSeries& other = b_.series[static_cast<std::size_t>(t)];
      const std::vector<double>& xa = pa_.series[s];
      const std::vector<double>& xb = pb_.series[static_cast<std::size_t>(t)];
      if (series.kind != other.kind) {
        report_.notes.push_back(fmt::format(
            "point {}: {} is a discrete issue in one run and a number in the other; not compared",
            pa_.point, series.metric));
        continue;
      }
      if (series.kind == SeriesKind::kCategory) {
        categories(series, other, xa, xb);
      } else {
        values(series.metric, xa, xb);
      }
    }
    for (const SampleSeries& series : b_.series)
      if (series.kind != SeriesKind::kRate && a_.series_index(series.metric) < 0)
        note_only(series.metric, false);
  }

 private:
  static bool complete(const std::vector<double>& x) {
    return std::none_of(x.begin(), x.end(), [](double v) { return std::isnan(v); });
  }

  bool selected(const std::vector<std::string>& names) const {
    if (options_.metrics.empty()) return true;
    for (const std::string& pattern : options_.metrics)
      for (const std::string& name : names)
        if (matches(pattern, name)) return true;
    return false;
  }

  void note_only(const std::string& metric, bool in_a) {
    std::vector<std::string>& list = in_a ? report_.only_in_a : report_.only_in_b;
    if (std::find(list.begin(), list.end(), metric) == list.end()) list.push_back(metric);
  }

  ComparisonRow row(std::string metric, RowKind kind) const {
    ComparisonRow r;
    r.point = point_;
    r.metric = std::move(metric);
    r.kind = kind;
    r.paired = paired_;
    return r;
  }

  void independent_rate(const std::string& metric, RateCount ra, RateCount rb,
                        const std::string& test) {
    if (ra.trials == 0 || rb.trials == 0) {
      report_.notes.push_back(fmt::format("point {}: {} counts no replicate in {}; not compared",
                                          pa_.point, metric,
                                          ra.trials == 0 && rb.trials == 0 ? "either run"
                                          : ra.trials == 0                 ? "run A"
                                                                           : "run B"));
      return;
    }
    const ProportionDifference d =
        compare_proportions(rb.successes, rb.trials, ra.successes, ra.trials, options_.confidence);
    ComparisonRow r = row(metric, RowKind::kRate);
    r.paired = false;
    r.test = test;
    r.n_a = ra.trials;
    r.n_b = rb.trials;
    r.a = static_cast<double>(ra.successes) / static_cast<double>(ra.trials);
    r.b = static_cast<double>(rb.successes) / static_cast<double>(rb.trials);
    set_test(r, d.difference, d.low, d.high, d.z, d.p_value);
    r.effect_size = cohens_h(r.b, r.a);
    report_.rows.push_back(std::move(r));
  }

  // Both series 0/1 for every replicate, in the same replicate order.
  void paired_rate(const std::string& metric, const std::vector<double>& xa,
                   const std::vector<double>& xb) {
    std::int64_t both = 0, b_only = 0, a_only = 0, neither = 0;
    for (std::size_t i = 0; i < xa.size(); ++i) {
      const bool in_a = xa[i] == 1.0, in_b = xb[i] == 1.0;
      both += in_a && in_b ? 1 : 0;
      b_only += !in_a && in_b ? 1 : 0;
      a_only += in_a && !in_b ? 1 : 0;
      neither += !in_a && !in_b ? 1 : 0;
    }
    const PairedProportionDifference d =
        compare_paired_proportions(both, b_only, a_only, neither, options_.confidence);
    ComparisonRow r = row(metric, RowKind::kRate);
    r.test = "McNemar";
    r.n_a = r.n_b = static_cast<std::int64_t>(xa.size());
    const auto n = static_cast<double>(xa.size());
    r.a = static_cast<double>(both + a_only) / n;
    r.b = static_cast<double>(both + b_only) / n;
    set_test(r, d.difference, d.low, d.high, 0.0, d.p_value);
    r.effect_size = cohens_h(r.b, r.a);
    report_.rows.push_back(std::move(r));
  }

  void categories(const SampleSeries& sa, const SampleSeries& sb, const std::vector<double>& xa,
                  const std::vector<double>& xb) {
    std::vector<std::string> options = sa.options;
    for (const std::string& option : sb.options)
      if (std::find(options.begin(), options.end(), option) == options.end())
        options.push_back(option);
    for (const std::string& option : options) {
      const std::string metric = sa.metric + "=" + option;
      if (!selected({metric, sa.metric})) continue;
      // Each run's series as 1 where the replicate ended on `option`.
      const auto indicator = [&](const SampleSeries& s, const std::vector<double>& x) {
        const auto at = std::find(s.options.begin(), s.options.end(), option);
        const double index =
            at == s.options.end() ? -1.0 : static_cast<double>(at - s.options.begin());
        std::vector<double> flags(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) flags[i] = x[i] == index ? 1.0 : 0.0;
        return flags;
      };
      const std::vector<double> fa = indicator(sa, xa), fb = indicator(sb, xb);
      if (paired_) {
        paired_rate(metric, fa, fb);
      } else {
        const auto count = [](const std::vector<double>& f) {
          return RateCount{static_cast<std::int64_t>(std::count(f.begin(), f.end(), 1.0)),
                           static_cast<std::int64_t>(f.size())};
        };
        independent_rate(metric, count(fa), count(fb), "z");
      }
    }
  }

  void values(const std::string& metric, const std::vector<double>& xa,
              const std::vector<double>& xb) {
    const std::string mean_name = metric + ".mean";
    const std::string distribution_name = metric + ".distribution";
    const bool want_mean = selected({mean_name, metric});
    const bool want_distribution =
        selected({distribution_name, metric + ".median", metric + ".ks", metric});
    if (!want_mean && !want_distribution) return;
    if (xa.size() < 2 || xb.size() < 2) {
      report_.notes.push_back(fmt::format(
          "point {}: {} needs at least 2 replicates in each run; not compared", pa_.point, metric));
      return;
    }
    const Moments ma = moments(xa), mb = moments(xb);
    if (want_mean) {
      const MeanShift d = paired_ ? paired_mean_shift(xb, xa, options_.confidence)
                                  : welch_mean_shift(xb, xa, options_.confidence);
      ComparisonRow r = row(mean_name, RowKind::kMean);
      r.test = paired_ ? "paired t" : "Welch t";
      r.n_a = static_cast<std::int64_t>(xa.size());
      r.n_b = static_cast<std::int64_t>(xb.size());
      r.a = ma.mean;
      r.b = mb.mean;
      set_test(r, d.difference, d.low, d.high, d.t, d.p_value);
      const double spread = std::sqrt((ma.variance + mb.variance) / 2.0);
      r.effect_size =
          spread > 0.0 ? std::fabs(d.difference) / spread : (d.difference == 0.0 ? 0.0 : kInf);
      report_.rows.push_back(std::move(r));
    }
    if (want_distribution) {
      ComparisonRow r = row(distribution_name, RowKind::kDistribution);
      r.n_a = static_cast<std::int64_t>(xa.size());
      r.n_b = static_cast<std::int64_t>(xb.size());
      r.a = median_of(xa);
      r.b = median_of(xb);
      if (!paired_) {  // paired: the bootstrap of the pairs runs with the KS test
        const MedianShift shift = hodges_lehmann_shift(xb, xa, options_.confidence);
        r.difference = shift.estimate;
        r.low = shift.low;
        r.high = shift.high;
      }
      // The KS test runs once every row is known (its permutations depend on
      // how many tests there are): test, statistic, p_value and effect_size then.
      jobs_.push_back({report_.rows.size(), point_, &xb, &xa, paired_});
      report_.rows.push_back(std::move(r));
    }
  }

  const RunSample& a_;
  const RunSample& b_;
  const PointSample& pa_;
  const PointSample& pb_;
  std::size_t point_;
  bool paired_;
  const ComparisonOptions& options_;
  ComparisonReport& report_;
  std::vector<KsJob>& jobs_;
};

// The point of `b` that matches each point of `a`, or UsageError naming the first
// difference.
std::vector<std::size_t> match_points(const RunSample& a, const RunSample& b) {
  if (a.design_columns != b.design_columns) {
    const auto list = [](const std::vector<std::string>& columns) {
      return columns.empty() ? std::string("no parameter (a single point)")
                             : fmt::format("{}", fmt::join(columns, ", "));
    };
    throw UsageError(fmt::format(
        "the runs sweep different parameters, so their points cannot be compared: A ({}) sweeps "
        "{}; B ({}) sweeps {}",
        a.folder.string(), list(a.design_columns), b.folder.string(), list(b.design_columns)));
  }
  std::vector<std::size_t> matched;
  for (const PointSample& point : a.points) {
    const auto at = std::find_if(b.points.begin(), b.points.end(),
                                 [&](const PointSample& p) { return p.point == point.point; });
    if (at == b.points.end())
      throw UsageError(
          fmt::format("point {} of A ({}) is not in B ({}): compare runs of the same "
                      "design (B has {} points)",
                      point.point, a.folder.string(), b.folder.string(), b.points.size()));
    for (std::size_t c = 0; c < a.design_columns.size(); ++c)
      if (point.design_values[c] != at->design_values[c])
        throw UsageError(fmt::format(
            "point {} sets {} = {} in A ({}) but {} in B ({}): the designs differ, so the points "
            "cannot be compared",
            point.point, a.design_columns[c], point.design_values[c], a.folder.string(),
            at->design_values[c], b.folder.string()));
    matched.push_back(static_cast<std::size_t>(at - b.points.begin()));
  }
  for (const PointSample& point : b.points)
    if (std::none_of(a.points.begin(), a.points.end(),
                     [&](const PointSample& p) { return p.point == point.point; }))
      throw UsageError(
          fmt::format("point {} of B ({}) is not in A ({}): compare runs of the same "
                      "design (A has {} points)",
                      point.point, b.folder.string(), a.folder.string(), a.points.size()));
  return matched;
}

// Whether replicate i of A and of B drew from the same streams: same seed, same
// replicate numbers at every point.
bool pairable(const RunSample& a, const RunSample& b, const std::vector<std::size_t>& matched,
              std::string& reason) {
  if (a.manifest.inputs.seed != b.manifest.inputs.seed) {
    reason = fmt::format("independent samples: the seeds differ (A {}, B {})",
                         a.manifest.inputs.seed, b.manifest.inputs.seed);
    return false;
  }
  for (std::size_t p = 0; p < a.points.size(); ++p) {
    if (a.points[p].replicates != b.points[matched[p]].replicates) {
      reason = fmt::format(
          "independent samples: the same seed {}, but point {} has other "
          "replicates in A ({}) than in B ({})",
          a.manifest.inputs.seed, a.points[p].point, a.points[p].replicates.size(),
          b.points[matched[p]].replicates.size());
      return false;
    }
  }
  reason = fmt::format(
      "paired samples: both runs use seed {} and the same replicates at every "
      "point, so replicate i of A and of B share their random streams",
      a.manifest.inputs.seed);
  return true;
}

RunDescription describe(const RunSample& sample) {
  RunDescription d;
  d.folder = sample.folder.string();
  d.scenario = sample.manifest.scenario_path;
  d.seed = sample.manifest.inputs.seed;
  d.replicates = sample.manifest.inputs.replicates;
  d.git_commit = sample.manifest.git_commit;
  return d;
}

// The tolerance for `row`: an exact name first, then the first pattern given.
const Tolerance* tolerance_for(const ComparisonRow& row, const std::vector<Tolerance>& tolerances,
                               std::string& matched_name) {
  for (const bool exact : {true, false}) {
    for (const Tolerance& tolerance : tolerances) {
      if (has_wildcard(tolerance.pattern) == exact) continue;
      matched_name = tolerated_name(tolerance, row);
      if (!matched_name.empty()) return &tolerance;
    }
  }
  return nullptr;
}

}  // namespace

std::string_view to_string(RowKind kind) {
  switch (kind) {
    case RowKind::kRate:
      return "rate";
    case RowKind::kMean:
      return "mean";
    case RowKind::kDistribution:
      break;
  }
  return "distribution";
}

std::string_view to_string(Adjustment adjustment) {
  return adjustment == Adjustment::kHolm ? "holm" : "benjamini-hochberg";
}

Adjustment adjustment_from(std::string_view text, std::string_view option) {
  if (text == "holm") return Adjustment::kHolm;
  if (text == "bh" || text == "benjamini-hochberg") return Adjustment::kBenjaminiHochberg;
  throw UsageError(fmt::format("{}: expected holm or bh, found \"{}\"", option,
                               escape_control_characters(text)));
}

std::vector<std::string> parse_metric_patterns(std::string_view text) {
  std::vector<std::string> patterns;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string item = trim(text.substr(0, comma));
    if (!item.empty()) patterns.push_back(item);
    text.remove_prefix(comma == std::string_view::npos ? text.size() : comma + 1);
  }
  return patterns;
}

std::vector<Tolerance> parse_tolerances(std::string_view text) {
  std::vector<Tolerance> tolerances;
  for (const std::string& item : parse_metric_patterns(text)) {  // the comma-separated items
    const std::size_t equals = item.find('=');
    if (equals == std::string::npos || trim(item.substr(0, equals)).empty())
      throw UsageError(
          fmt::format("--tolerance: expected NAME=AMOUNT (e.g. agreement=2pt or "
                      "issue.sanctions_relief.median=0.05), found \"{}\"",
                      escape_control_characters(item)));
    Tolerance tolerance;
    tolerance.pattern = trim(item.substr(0, equals));
    tolerance.text = item;
    std::string amount = trim(item.substr(equals + 1));
    if (amount.size() > 2 && amount.compare(amount.size() - 2, 2, "pt") == 0) {
      tolerance.in_points = true;
      amount.resize(amount.size() - 2);
    } else if (!amount.empty() && amount.back() == '%') {
      tolerance.in_points = true;
      amount.pop_back();
    }
    amount = trim(amount);
    double value = 0.0;
    const auto [end, error] = parse_double(amount.data(), amount.data() + amount.size(), value);
    if (amount.empty() || error != std::errc() || end != amount.data() + amount.size() ||
        !std::isfinite(value) || value < 0.0 || (tolerance.in_points && value > 100.0))
      throw UsageError(
          fmt::format("--tolerance {}: expected an amount ≥ 0 (a number in the "
                      "metric's units, or percentage points of a rate as 2pt or 2%), "
                      "found \"{}\"",
                      escape_control_characters(tolerance.pattern),
                      escape_control_characters(item.substr(equals + 1))));
    tolerance.amount = tolerance.in_points ? value / 100.0 : value;
    tolerances.push_back(std::move(tolerance));
  }
  return tolerances;
}

std::size_t ComparisonReport::moved_count() const {
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [](const ComparisonRow& r) { return r.moved; }));
}

std::size_t ComparisonReport::significant_count() const {
  return static_cast<std::size_t>(std::count_if(
      rows.begin(), rows.end(), [](const ComparisonRow& r) { return r.significant; }));
}

std::vector<std::size_t> ComparisonReport::by_effect_size() const {
  std::vector<std::size_t> order(rows.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return rows[x].effect_size > rows[y].effect_size;
  });
  return order;
}

ComparisonReport compare_runs(const RunSample& a, const RunSample& b,
                              const ComparisonOptions& options) {
  if (!(options.alpha > 0.0 && options.alpha < 1.0))
    throw UsageError(fmt::format("--alpha must lie in (0, 1), found {}", options.alpha));
  if (!(options.confidence > 0.0 && options.confidence < 1.0))
    throw UsageError(fmt::format("--confidence must lie in (0, 1), found {}", options.confidence));
  if (options.permutations < 1)
    throw UsageError(fmt::format("--permutations must be ≥ 1, found {}", options.permutations));
  const std::vector<std::size_t> matched = match_points(a, b);

  ComparisonReport report;
  report.a = describe(a);
  report.b = describe(b);
  report.adjustment = options.adjustment;
  report.alpha = options.alpha;
  report.confidence = options.confidence;
  report.design_columns = a.design_columns;
  report.tolerances = options.tolerances;
  std::string reason;
  const bool can_pair = pairable(a, b, matched, reason);
  if (options.pairing == Pairing::kPaired && !can_pair)
    throw UsageError(fmt::format("--paired: the runs cannot be paired ({})", reason));
  report.paired =
      options.pairing == Pairing::kAuto ? can_pair : options.pairing == Pairing::kPaired;
  report.pairing_reason =
      options.pairing == Pairing::kIndependent && can_pair
          ? "independent samples, as asked (--independent), although the runs could be paired"
          : reason;

  std::vector<KsJob> jobs;
  for (std::size_t p = 0; p < a.points.size(); ++p) {
    const PointSample& point = a.points[p];
    report.points.push_back({point.point, point.design_values,
                             static_cast<std::int64_t>(point.replicates.size()),
                             static_cast<std::int64_t>(b.points[matched[p]].replicates.size())});
    PointComparer comparer(a, b, p, matched[p], p, report.paired, options, report, jobs);
    comparer.rates();
    comparer.issues_and_utilities();
  }
  if (!options.metrics.empty() && report.rows.empty())
    throw UsageError(
        fmt::format("--metric {}: no compared metric matches (names are as in "
                    "summary.csv for rates, issue.<id>.mean, "
                    "issue.<id>.distribution, utility.<actor>.mean, …)",
                    fmt::join(options.metrics, ",")));

  run_ks_jobs(jobs, report, options);

  for (const ComparisonRow& row : report.rows) {
    if (row.metric != "agreement") continue;
    ComparisonPoint& point = report.points[row.point];
    point.detectable_agreement_shift = detectable_rate_difference(
        row.a, static_cast<double>(std::min(row.n_a, row.n_b)),
        options.alpha / static_cast<double>(report.rows.size()), kReportedPower);
  }

  std::vector<double> p_values;
  p_values.reserve(report.rows.size());
  for (const ComparisonRow& row : report.rows) p_values.push_back(row.p_value);
  const std::vector<double> adjusted = options.adjustment == Adjustment::kHolm
                                           ? holm_adjust(p_values)
                                           : benjamini_hochberg_adjust(p_values);
  std::vector<bool> tolerance_used(options.tolerances.size(), false);
  for (std::size_t r = 0; r < report.rows.size(); ++r) {
    ComparisonRow& row = report.rows[r];
    row.adjusted_p = adjusted[r];
    row.significant = row.adjusted_p < options.alpha;
    std::string name;
    const Tolerance* tolerance = tolerance_for(row, options.tolerances, name);
    if (tolerance == nullptr) {
      row.moved = row.significant;
      continue;
    }
    row.tolerance = tolerance->text;
    row.tolerance_amount = tolerance->amount;
    const bool by_distance = row.kind == RowKind::kDistribution && name.ends_with(".ks");
    row.tolerance_measure = by_distance ? row.statistic : std::fabs(row.difference);
    row.moved = row.significant && row.tolerance_measure > tolerance->amount;
  }
  // A tolerance that names no row (a typo) is an error, even where another took
  // precedence over it.
  for (const ComparisonRow& row : report.rows)
    for (std::size_t t = 0; t < options.tolerances.size(); ++t)
      tolerance_used[t] = tolerance_used[t] || !tolerated_name(options.tolerances[t], row).empty();
  for (std::size_t t = 0; t < options.tolerances.size(); ++t)
    if (!tolerance_used[t])
      throw UsageError(fmt::format(
          "--tolerance {}: matches no compared metric{} (rates are named as in summary.csv, e.g. "
          "agreement; issues and utilities as issue.<id>.mean, issue.<id>.median, "
          "issue.<id>.ks, utility.<actor>.mean, …)",
          escape_control_characters(options.tolerances[t].text),
          options.tolerances[t].in_points ? " that is a rate" : ""));
  return report;
}

}  // namespace parley
