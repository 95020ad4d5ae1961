#include "analysis/run_sample.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <istream>
#include <limits>
#include <sstream>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/input_limits.hpp"
#include "core/number_text.hpp"
#include "output/summary.hpp"

namespace parley {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A CSV file read one line at a time. parley writes no quoted cells, so a cell is
// the text between commas; a quote is refused as not parley's output.
class CsvLines {
 public:
  CsvLines(std::istream& in, std::string name, const std::atomic<bool>* cancel)
      : name_(std::move(name)), in_(in), cancel_(cancel) {}

  // The next line's cells (views into the line); false at the end of the file.
  bool next() {
    if (cancel_ != nullptr && (line_number_ & 0xFFF) == 0 && cancel_->load()) throw RunCancelled();
    if (!std::getline(in_, line_)) {
      if (in_.bad()) throw ScenarioError({name_, line_number_ + 1, 0}, "could not read the file");
      return false;
    }
    ++line_number_;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    cells_.clear();
    starts_.clear();
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = line_.find(',', start);
      const std::size_t end = comma == std::string::npos ? line_.size() : comma;
      cells_.emplace_back(line_.data() + start, end - start);
      starts_.push_back(start);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (const std::size_t quote = line_.find('"'); quote != std::string::npos)
      fail(quote, "expected parley's unquoted cells, found a quote");
    return true;
  }

  const std::vector<std::string_view>& cells() const { return cells_; }
  std::uint32_t line() const { return line_number_; }

  [[noreturn]] void fail(std::size_t byte, const std::string& message) const {
    throw ScenarioError({name_, line_number_, static_cast<std::uint32_t>(byte + 1)}, message);
  }
  [[noreturn]] void fail_cell(std::size_t cell, const std::string& message) const {
    fail(cell < starts_.size() ? starts_[cell] : line_.size(), message);
  }

  void expect_width(std::size_t width) const {
    if (cells_.size() != width)
      fail(line_.size(),
           fmt::format("expected {} cells as in the header, found {}", width, cells_.size()));
  }

  double number(std::size_t cell, std::string_view what) const {
    const std::string_view text = cells_[cell];
    double value = 0.0;
    const auto [end, error] = parse_double(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
      fail_cell(cell, fmt::format("expected {} (a number), found \"{}\"", what,
                                  escape_control_characters(text)));
    return value;
  }

  std::int64_t integer(std::size_t cell, std::string_view what) const {
    const std::string_view text = cells_[cell];
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0)
      fail_cell(cell, fmt::format("expected {} (a whole number ≥ 0), found \"{}\"", what,
                                  escape_control_characters(text)));
    return value;
  }

 private:
  std::string name_;
  std::istream& in_;
  const std::atomic<bool>* cancel_;
  std::string line_;
  std::uint32_t line_number_ = 0;
  std::vector<std::string_view> cells_;
  std::vector<std::size_t> starts_;
};

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool list_has(std::string_view list, std::string_view id) {
  while (!list.empty()) {
    const std::size_t semicolon = list.find(';');
    if (list.substr(0, semicolon) == id) return true;
    if (semicolon == std::string_view::npos) break;
    list.remove_prefix(semicolon + 1);
  }
  return false;
}

// How a binary metric of summary.csv is read from an outcomes.csv row.
struct RateRule {
  enum class Kind : std::uint8_t {
    kFlag,            // column is 1 or 0
    kEquals,          // column == token
    kListHas,         // column's ';' list contains token
    kOptionalFlag,    // column 1 or 0; empty: not counted
    kNoDealWithZone,  // column (zone) non-empty: not agreed and zone = 1
    kParetoSlack,     // column (slack) non-empty: slack ≤ kParetoSlackTolerance
    kNearestDeal,     // agreed: column == token; else not counted
  } kind = Kind::kFlag;
  std::string column;
  std::string token;
  std::size_t cell = 0;  // the column's index, once the header is read
};

// The rule for `metric`, or false when outcomes.csv cannot tell it
// (beats_reservation.<actor>: the drawn reservation utility is not written).
bool rate_rule(const std::string& metric, RateRule& rule) {
  using Kind = RateRule::Kind;
  // Metrics named whole, then metrics named "<prefix><id>" whose cell is compared
  // with the id: the kind of cell and its column.
  struct Named {
    std::string_view metric;
    Kind kind;
    std::string_view column;
  };
  static constexpr Named kWhole[] = {
      {"agreement", Kind::kFlag, "agreed"},
      {"zone_of_agreement", Kind::kOptionalFlag, "zone_of_agreement"},
      {"no_deal_with_zone", Kind::kNoDealWithZone, "zone_of_agreement"},
      {"pareto_efficient", Kind::kParetoSlack, "pareto_slack"},
  };
  static constexpr Named kById[] = {
      {"veto.", Kind::kListHas, "vetoed_by"},
      {"threat_made.", Kind::kListHas, "threats_made"},
      {"threat_carried_out.", Kind::kListHas, "threats_carried_out"},
      {"threat_backed_down.", Kind::kListHas, "threats_backed_down"},
      {"side_payment_offered.", Kind::kListHas, "side_payments_offered"},
      {"side_payment.", Kind::kListHas, "side_payments"},
      {"shock.", Kind::kListHas, "shocks"},
      {"nearest_deal.", Kind::kNearestDeal, "nearest_deal"},
  };
  for (const Named& named : kWhole) {
    if (metric != named.metric) continue;
    rule = {named.kind, std::string(named.column), "", 0};
    return true;
  }
  if (starts_with(metric, "agreed_in.")) {  // result_<phase> == "agreed"
    rule = {Kind::kEquals, "result_" + metric.substr(10), "agreed", 0};
    return true;
  }
  for (const Named& named : kById) {
    if (!starts_with(metric, named.metric)) continue;
    rule = {named.kind, std::string(named.column), metric.substr(named.metric.size()), 0};
    return true;
  }
  return false;
}

// summary.csv: the design columns, each point's binary metrics as counts, and the
// issues and actors it summarises.
struct SummaryContents {
  std::vector<std::string> design_columns;
  std::vector<std::string> rate_metrics;  // in order of first appearance
  std::vector<std::string> issues;        // outcome.<issue>
  std::vector<std::string> actors;        // utility.<actor>
  std::vector<std::pair<std::string, std::map<std::string, RateCount>>> points;
};

SummaryContents read_summary(std::istream& in, const std::string& file_name,
                             const std::atomic<bool>* cancel) {
  CsvLines csv(in, file_name, cancel);
  if (!csv.next()) csv.fail(0, "expected the header of summary.csv, found an empty file");
  const std::vector<std::string> header(csv.cells().begin(), csv.cells().end());
  const auto metric_at = std::find(header.begin(), header.end(), "metric");
  if (header.empty() || header[0] != "point" || metric_at == header.end())
    csv.fail(0,
             "expected summary.csv's header (point, the swept parameters, metric, n, mean, "
             "…), found another");
  const auto metric_cell = static_cast<std::size_t>(metric_at - header.begin());
  const auto find = [&](std::string_view name) {
    const auto at = std::find(header.begin(), header.end(), name);
    if (at == header.end())
      csv.fail(0, fmt::format("expected a column \"{}\" in summary.csv's header", name));
    return static_cast<std::size_t>(at - header.begin());
  };
  const std::size_t n_cell = find("n"), mean_cell = find("mean"), wilson_cell = find("wilson_low");
  SummaryContents summary;
  for (std::size_t c = 1; c < metric_cell; ++c) summary.design_columns.emplace_back(header[c]);

  std::unordered_map<std::string, std::size_t> point_index;
  std::unordered_map<std::string, bool> seen_rate;
  while (csv.next()) {
    csv.expect_width(header.size());
    const auto& cells = csv.cells();
    const std::string point(cells[0]);
    auto [at, inserted] = point_index.try_emplace(point, summary.points.size());
    if (inserted) summary.points.emplace_back(point, std::map<std::string, RateCount>{});
    const std::string metric(cells[metric_cell]);
    if (starts_with(metric, "outcome.")) {
      const std::string issue = metric.substr(8);
      if (std::find(summary.issues.begin(), summary.issues.end(), issue) == summary.issues.end())
        summary.issues.push_back(issue);
    } else if (starts_with(metric, "utility.")) {
      const std::string actor = metric.substr(8);
      if (std::find(summary.actors.begin(), summary.actors.end(), actor) == summary.actors.end())
        summary.actors.push_back(actor);
    }
    if (cells[wilson_cell].empty()) continue;  // not a binary metric
    const std::int64_t n = csv.integer(n_cell, "the metric's count n");
    if (n > (std::int64_t{1} << 53))  // beyond, a count is not a whole double
      csv.fail_cell(n_cell, fmt::format("expected a count n ≤ 2^53, found {}", n));
    const double mean = csv.number(mean_cell, "the metric's mean");
    if (mean < 0.0 || mean > 1.0)
      csv.fail_cell(mean_cell, fmt::format("expected a share in [0, 1] for the binary metric {}, "
                                           "found {}",
                                           metric, mean));
    // The mean is written to 6 decimals: the count is the nearest whole number
    // (unique while n < 10⁶, and within 0.5 of the true count beyond).
    RateCount count{std::clamp<std::int64_t>(std::llround(mean * static_cast<double>(n)), 0, n), n};
    summary.points[at->second].second[metric] = count;
    if (seen_rate.try_emplace(metric, true).second) summary.rate_metrics.push_back(metric);
  }
  return summary;
}

std::ifstream open_csv(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ScenarioError({path.string(), 0, 0},
                        "cannot open this file: a run folder holds manifest.json, summary.csv "
                        "and outcomes.csv (written by `parley run` or `parley sweep`)");
  return in;
}

RunSample read_run_sample(ManifestInfo manifest, std::istream& summary_in,
                          const std::string& summary_name, std::istream& outcomes_in,
                          const std::string& outcomes_name, const std::atomic<bool>* cancel) {
  RunSample sample;
  sample.manifest = std::move(manifest);
  SummaryContents summary = read_summary(summary_in, summary_name, cancel);
  sample.design_columns = summary.design_columns;
  sample.summary_rate_metrics = summary.rate_metrics;

  CsvLines csv(outcomes_in, outcomes_name, cancel);
  if (!csv.next()) csv.fail(0, "expected the header of outcomes.csv, found an empty file");
  const std::vector<std::string> header(csv.cells().begin(), csv.cells().end());
  const std::size_t design = summary.design_columns.size();
  if (header.size() < design + 2 || header[0] != "point" || header[design + 1] != "replicate")
    csv.fail(0, fmt::format("expected outcomes.csv's header to begin with point, {}replicate "
                            "(the swept parameters of summary.csv), found another",
                            fmt::format("{}", fmt::join(summary.design_columns, ", ")) +
                                (design > 0 ? ", " : "")));
  for (std::size_t c = 0; c < design; ++c)
    if (header[c + 1] != summary.design_columns[c])
      csv.fail(0, fmt::format("expected swept parameter \"{}\" (as in summary.csv) in column {}, "
                              "found \"{}\"",
                              summary.design_columns[c], c + 2, header[c + 1]));
  const auto column = [&](const std::string& name) -> std::ptrdiff_t {
    const auto at =
        std::find(header.begin() + static_cast<std::ptrdiff_t>(design) + 2, header.end(), name);
    return at == header.end() ? -1 : at - header.begin();
  };
  const auto required = [&](const std::string& name, std::string_view why) {
    const std::ptrdiff_t at = column(name);
    if (at < 0)
      csv.fail(0, fmt::format("expected a column \"{}\" in outcomes.csv's header ({})", name, why));
    return static_cast<std::size_t>(at);
  };
  const std::size_t agreed_cell = required("agreed", "whether the replicate agreed");

  // What each row gives: rates (those outcomes.csv can tell), then issues, then utilities.
  std::vector<RateRule> rules;
  for (const std::string& metric : summary.rate_metrics) {
    RateRule rule;
    if (!rate_rule(metric, rule)) continue;
    const std::ptrdiff_t at = column(rule.column);
    if (at < 0) continue;
    rule.cell = static_cast<std::size_t>(at);
    rules.push_back(rule);
    sample.series.push_back({metric, SeriesKind::kRate, {}});
  }
  std::vector<std::size_t> value_cells;
  std::vector<bool> value_decided;  // numeric or categorical, from the first row
  for (const std::string& issue : summary.issues) {
    value_cells.push_back(required(issue, "summary.csv has outcome." + issue));
    sample.series.push_back({"issue." + issue, SeriesKind::kValue, {}});
  }
  for (const std::string& actor : summary.actors) {
    value_cells.push_back(required("utility_" + actor, "summary.csv has utility." + actor));
    sample.series.push_back({"utility." + actor, SeriesKind::kValue, {}});
  }
  value_decided.assign(value_cells.size(), false);

  std::unordered_map<std::string, std::size_t> point_index;
  std::size_t current = 0;
  while (csv.next()) {
    csv.expect_width(header.size());
    const auto& cells = csv.cells();
    if (sample.points.empty() || sample.points[current].point != cells[0]) {
      const auto [at, inserted] =
          point_index.try_emplace(std::string(cells[0]), sample.points.size());
      if (inserted) {
        PointSample point;
        point.point = std::string(cells[0]);
        for (std::size_t c = 0; c < design; ++c) point.design_values.emplace_back(cells[c + 1]);
        point.series.resize(sample.series.size());
        sample.points.push_back(std::move(point));
      }
      current = at->second;
    }
    PointSample& point = sample.points[current];
    point.replicates.push_back(csv.integer(design + 1, "the replicate number"));
    const std::string_view agreed = cells[agreed_cell];
    if (agreed != "0" && agreed != "1")
      csv.fail_cell(agreed_cell, fmt::format("expected agreed = 1 or 0, found \"{}\"",
                                             escape_control_characters(agreed)));

    std::size_t s = 0;
    for (const RateRule& rule : rules) {
      const std::string_view cell = cells[rule.cell];
      double value = 0.0;
      switch (rule.kind) {
        case RateRule::Kind::kFlag:
          value = cell == "1" ? 1.0 : 0.0;
          break;
        case RateRule::Kind::kEquals:
          value = cell == rule.token ? 1.0 : 0.0;
          break;
        case RateRule::Kind::kListHas:
          value = list_has(cell, rule.token) ? 1.0 : 0.0;
          break;
        case RateRule::Kind::kOptionalFlag:
          value = cell.empty() ? kNaN : (cell == "1" ? 1.0 : 0.0);
          break;
        case RateRule::Kind::kNoDealWithZone:
          value = cell.empty() ? kNaN : (agreed == "0" && cell == "1" ? 1.0 : 0.0);
          break;
        case RateRule::Kind::kParetoSlack:
          value = cell.empty()
                      ? kNaN
                      : (csv.number(rule.cell, "the Pareto slack") <= kParetoSlackTolerance ? 1.0
                                                                                            : 0.0);
          break;
        case RateRule::Kind::kNearestDeal:
          value = agreed == "1" ? (cell == rule.token ? 1.0 : 0.0) : kNaN;
          break;
      }
      point.series[s++].push_back(value);
    }
    for (std::size_t v = 0; v < value_cells.size(); ++v, ++s) {
      SampleSeries& series = sample.series[s];
      const std::size_t cell = value_cells[v];
      if (!value_decided[v]) {
        double probe = 0.0;
        const std::string_view text = cells[cell];
        const auto [end, error] = parse_double(text.data(), text.data() + text.size(), probe);
        if (error != std::errc() || end != text.data() + text.size())
          series.kind = SeriesKind::kCategory;  // a discrete issue: option names
        value_decided[v] = true;
      }
      if (series.kind == SeriesKind::kCategory) {
        const std::string_view option = cells[cell];
        auto at = std::find(series.options.begin(), series.options.end(), option);
        if (at == series.options.end()) {
          series.options.emplace_back(option);
          at = series.options.end() - 1;
        }
        point.series[s].push_back(static_cast<double>(at - series.options.begin()));
      } else {
        const double value = csv.number(cell, "the column " + header[cell]);
        // Within parley's input limit, so that no variance or difference overflows.
        if (std::fabs(value) > kMaxIssueMagnitude)
          csv.fail_cell(cell, fmt::format("expected the column {} within ±{:g} (parley's limit "
                                          "for issue values), found {}",
                                          header[cell], kMaxIssueMagnitude, cells[cell]));
        point.series[s].push_back(value);
      }
    }
  }
  if (sample.points.empty())
    csv.fail(0, "expected at least one replicate row after outcomes.csv's header, found none");

  // Every point of one file must be in the other; then the per-replicate rates
  // must reproduce summary.csv's counts, else the metric keeps only its counts.
  std::unordered_map<std::string, std::size_t> summary_index;
  for (std::size_t p = 0; p < summary.points.size(); ++p)
    summary_index.emplace(summary.points[p].first, p);
  for (PointSample& point : sample.points) {
    const auto at = summary_index.find(point.point);
    if (at == summary_index.end())
      throw ScenarioError({summary_name, 0, 0},
                          fmt::format("expected the rows of point {} (it has replicates in "
                                      "outcomes.csv), found none",
                                      point.point));
    point.summary_rates = std::move(summary.points[at->second].second);
  }
  if (summary.points.size() != sample.points.size())
    throw ScenarioError({outcomes_name, 0, 0},
                        fmt::format("expected replicates of each of summary.csv's {} points, "
                                    "found {} points",
                                    summary.points.size(), sample.points.size()));
  std::vector<bool> keep(sample.series.size(), true);
  for (std::size_t s = 0; s < rules.size(); ++s) {
    for (const PointSample& point : sample.points) {
      RateCount counted;
      for (double v : point.series[s]) {
        counted.trials += std::isnan(v) ? 0 : 1;
        counted.successes += v == 1.0 ? 1 : 0;
      }
      const auto at = point.summary_rates.find(sample.series[s].metric);
      if (at == point.summary_rates.end() || at->second.successes != counted.successes ||
          at->second.trials != counted.trials)
        keep[s] = false;
    }
  }
  std::vector<SampleSeries> kept;
  for (std::size_t s = 0; s < sample.series.size(); ++s)
    if (keep[s]) kept.push_back(std::move(sample.series[s]));
  for (PointSample& point : sample.points) {
    std::vector<std::vector<double>> kept_series;
    for (std::size_t s = 0; s < point.series.size(); ++s)
      if (keep[s]) kept_series.push_back(std::move(point.series[s]));
    point.series = std::move(kept_series);
  }
  sample.series = std::move(kept);
  return sample;
}

}  // namespace

int RunSample::series_index(const std::string& metric) const {
  for (std::size_t s = 0; s < series.size(); ++s)
    if (series[s].metric == metric) return static_cast<int>(s);
  return -1;
}

RunSample load_run_sample(const std::filesystem::path& folder, const std::atomic<bool>* cancel) {
  std::error_code ignored;
  if (!std::filesystem::is_directory(folder, ignored))
    throw UsageError(
        fmt::format("{} is not a folder: expected a run or sweep folder (written by "
                    "`parley run` or `parley sweep`)",
                    folder.string()));
  ManifestInfo manifest = read_manifest(folder / "manifest.json");  // first: is it a run?
  std::ifstream summary = open_csv(folder / "summary.csv");
  std::ifstream outcomes = open_csv(folder / "outcomes.csv");
  RunSample sample =
      read_run_sample(std::move(manifest), summary, (folder / "summary.csv").string(), outcomes,
                      (folder / "outcomes.csv").string(), cancel);
  sample.folder = folder;
  return sample;
}

RunSample run_sample_from_text(ManifestInfo manifest, std::string_view summary_csv,
                               std::string_view outcomes_csv, const std::string& summary_name,
                               const std::string& outcomes_name) {
  std::istringstream summary{std::string(summary_csv)};
  std::istringstream outcomes{std::string(outcomes_csv)};
  return read_run_sample(std::move(manifest), summary, summary_name, outcomes, outcomes_name,
                         nullptr);
}

}  // namespace parley
