#include "analysis/comparison_report.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/errors.hpp"

namespace parley {
namespace {

using Json = nlohmann::ordered_json;

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string p_text(double p) {
  if (p < 1e-300) return "<1e-300";  // the normal and t tails underflow
  if (p < 1e-4) return fmt::format("{:.1e}", p);
  return fmt::format("{:.4f}", p);
}

std::string signed_number(double x, bool rate) {
  if (std::isinf(x)) return x > 0 ? "+inf" : "-inf";
  return rate ? fmt::format("{:+.1f}", 100.0 * x) : fmt::format("{:+.4f}", x);
}

std::string level_text(const ComparisonRow& row, double x) {
  return row.kind == RowKind::kRate ? fmt::format("{:.1f}%", 100.0 * x) : fmt::format("{:.4f}", x);
}

std::string difference_text(const ComparisonRow& row, double confidence) {
  const bool rate = row.kind == RowKind::kRate;
  return fmt::format("{}{} [{}, {}]{}", signed_number(row.difference, rate), rate ? " pt" : "",
                     signed_number(row.low, rate), signed_number(row.high, rate),
                     confidence == 0.95 ? "" : fmt::format(" ({:g}%)", 100.0 * confidence));
}

// What the A and B columns show: rates, means, or the distributions' medians.
std::string what_text(const ComparisonRow& row) {
  return row.kind == RowKind::kDistribution ? "median" : std::string(to_string(row.kind));
}

std::string point_text(const ComparisonReport& report, const ComparisonRow& row) {
  const ComparisonPoint& point = report.points[row.point];
  if (report.design_columns.empty()) return point.point;
  std::string text = point.point + " (";
  for (std::size_t c = 0; c < report.design_columns.size(); ++c)
    text +=
        fmt::format("{}{}={}", c > 0 ? ", " : "", report.design_columns[c], point.design_values[c]);
  return text + ")";
}

std::string verdict(const ComparisonRow& row, bool tolerances_given) {
  if (row.moved)
    return tolerances_given && row.tolerance.empty() ? "moved (no tolerance)" : "moved";
  if (row.significant) return "within tolerance";
  return "noise";
}

// The header lines, shared by text and Markdown (prefix "" or "- ").
std::vector<std::string> header_lines(const ComparisonReport& report) {
  std::vector<std::string> lines;
  const auto run_line = [](const char* label, const RunDescription& run) {
    return fmt::format("{}: {} ({}, seed {}, {} replicates a point{})", label, run.folder,
                       run.scenario, run.seed, run.replicates,
                       run.git_commit.empty() ? "" : ", engine " + run.git_commit);
  };
  lines.push_back(run_line("A", report.a));
  lines.push_back(run_line("B", report.b));
  lines.push_back(fmt::format("{} point{}; {}", report.points.size(),
                              report.points.size() == 1 ? "" : "s", report.pairing_reason));
  lines.push_back(fmt::format(
      "{} test{}, p-values adjusted by {} ({}), alpha = {:g}; differences are B − A with {:g}% "
      "intervals",
      report.rows.size(), report.rows.size() == 1 ? "" : "s",
      report.adjustment == Adjustment::kHolm ? "Holm's method" : "Benjamini–Hochberg",
      report.adjustment == Adjustment::kHolm ? "family-wise error rate" : "false discovery rate",
      report.alpha, 100.0 * report.confidence));
  double smallest = kInf, largest = -kInf;
  for (const ComparisonPoint& point : report.points) {
    if (std::isnan(point.detectable_agreement_shift)) continue;
    smallest = std::min(smallest, point.detectable_agreement_shift);
    largest = std::max(largest, point.detectable_agreement_shift);
  }
  if (smallest <= largest)
    lines.push_back(fmt::format(
        "power: the independent z test at alpha/{2} (the adjustment's strictest level) finds a "
        "shift in agreement of {0} pt or more from A's rate {1:g}% of the time; docs/ci.md lists "
        "the replicates for smaller shifts",
        smallest == largest ? fmt::format("{:.1f}", 100.0 * smallest)
                            : fmt::format("{:.1f}–{:.1f}", 100.0 * smallest, 100.0 * largest),
        100.0 * kReportedPower, report.rows.size()));
  if (!report.tolerances.empty()) {
    std::vector<std::string> given;
    for (const Tolerance& t : report.tolerances) given.push_back(t.text);
    lines.push_back(fmt::format("tolerances: {}", fmt::join(given, ", ")));
  }
  return lines;
}

std::vector<std::string> footer_lines(const ComparisonReport& report, bool all_rows) {
  std::vector<std::string> lines;
  const std::size_t moved = report.moved_count();
  const std::size_t within =
      report.significant_count() - std::min(report.significant_count(), moved);
  if (!all_rows && moved < report.rows.size())
    lines.push_back(fmt::format(
        "{} of {} test{} did not move{} (--all lists every test)", report.rows.size() - moved,
        report.rows.size(), report.rows.size() == 1 ? "" : "s",
        within > 0 ? fmt::format(" ({} significant but within tolerance)", within) : ""));
  if (!report.only_in_a.empty())
    lines.push_back(fmt::format("only in A, not compared: {}", fmt::join(report.only_in_a, ", ")));
  if (!report.only_in_b.empty())
    lines.push_back(fmt::format("only in B, not compared: {}", fmt::join(report.only_in_b, ", ")));
  for (const std::string& note : report.notes) lines.push_back(note);
  return lines;
}

std::vector<std::size_t> listed_rows(const ComparisonReport& report, bool all_rows) {
  std::vector<std::size_t> listed;
  for (std::size_t r : report.by_effect_size())
    if (all_rows || report.rows[r].moved) listed.push_back(r);
  return listed;
}

std::string verdict_line(const ComparisonReport& report) {
  const std::size_t moved = report.moved_count();
  if (moved == 0)
    return report.tolerances.empty()
               ? fmt::format("nothing differs beyond Monte Carlo noise at alpha = {:g}",
                             report.alpha)
               : "nothing differs beyond the tolerances";
  return fmt::format("{} difference{} beyond {}, largest effect first:", moved,
                     moved == 1 ? "" : "s",
                     report.tolerances.empty() ? "Monte Carlo noise" : "noise and tolerance");
}

Json number_or_null(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

// The report with the control bytes of every line escaped (names and values come
// from the folders' files, which could hold terminal escape sequences); a report
// of parley's own files has none, so it passes unchanged.
std::string printable(const std::string& report) {
  std::string out;
  out.reserve(report.size());
  std::size_t begin = 0;
  while (begin < report.size()) {
    const std::size_t end = std::min(report.find('\n', begin), report.size());
    out += escape_control_characters(std::string_view(report).substr(begin, end - begin));
    if (end < report.size()) out += '\n';
    begin = end + 1;
  }
  return out;
}

}  // namespace

std::string comparison_text(const ComparisonReport& report, bool all_rows) {
  std::string out;
  for (const std::string& line : header_lines(report)) out += line + "\n";
  out += fmt::format("\n{}\n", verdict_line(report));
  const std::vector<std::size_t> listed = listed_rows(report, all_rows);
  if (!listed.empty()) {
    struct Cells {
      std::string point, metric, a, b, difference, what, test, p, adjusted, tolerance, verdict;
    };
    std::vector<Cells> table;
    table.push_back({"point", "metric", "A", "B", "B − A [CI]", "shows", "test", "p", "adj. p",
                     "tolerance", "verdict"});
    for (std::size_t r : listed) {
      const ComparisonRow& row = report.rows[r];
      table.push_back({point_text(report, row), row.metric, level_text(row, row.a),
                       level_text(row, row.b), difference_text(row, report.confidence),
                       what_text(row), row.test, p_text(row.p_value), p_text(row.adjusted_p),
                       row.tolerance, verdict(row, !report.tolerances.empty())});
    }
    // Column widths in code points (the header's "−" is one character, three bytes).
    const auto width = [](const std::string& s) {
      return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      }));
    };
    std::vector<std::size_t> widths(11, 0);
    const auto cells_of = [](const Cells& c) {
      return std::vector<const std::string*>{&c.point,      &c.metric,    &c.a,      &c.b,
                                             &c.difference, &c.what,      &c.test,   &c.p,
                                             &c.adjusted,   &c.tolerance, &c.verdict};
    };
    for (const Cells& c : table) {
      const auto cells = cells_of(c);
      for (std::size_t k = 0; k < cells.size(); ++k)
        widths[k] = std::max(widths[k], width(*cells[k]));
    }
    for (const Cells& c : table) {
      const auto cells = cells_of(c);
      std::string line = " ";
      for (std::size_t k = 0; k < cells.size(); ++k) {
        if (k == 9 && report.tolerances.empty()) continue;  // no tolerance column
        line += " " + *cells[k];
        if (k + 1 < cells.size()) line += std::string(widths[k] - width(*cells[k]), ' ');
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
  }
  const std::vector<std::string> footer = footer_lines(report, all_rows);
  if (!footer.empty()) out += "\n";
  for (const std::string& line : footer) out += line + "\n";
  return printable(out);
}

std::string comparison_markdown(const ComparisonReport& report, bool all_rows) {
  std::string out = "#### parley compare\n\n";
  for (const std::string& line : header_lines(report)) out += "- " + line + "\n";
  out += fmt::format("\n**{}**\n", verdict_line(report));
  const std::vector<std::size_t> listed = listed_rows(report, all_rows);
  if (!listed.empty()) {
    const bool tolerances = !report.tolerances.empty();
    out += fmt::format(
        "\n| point | metric | A | B | B − A [{:g}% CI] | shows | test | p | adj. p |{} "
        "verdict |\n",
        100.0 * report.confidence, tolerances ? " tolerance |" : "");
    out += fmt::format("|---|---|--:|--:|--:|---|---|--:|--:|{}---|\n", tolerances ? "---|" : "");
    for (std::size_t r : listed) {
      const ComparisonRow& row = report.rows[r];
      const std::string difference = difference_text(row, 0.95);  // the level is in the header
      out += fmt::format(
          "| {} | `{}` | {} | {} | {} | {} | {} | {} | {} |{} {} |\n", point_text(report, row),
          row.metric, level_text(row, row.a), level_text(row, row.b), difference, what_text(row),
          row.test, p_text(row.p_value), p_text(row.adjusted_p),
          tolerances ? fmt::format(" {} |", row.tolerance) : std::string(),
          row.moved ? fmt::format("**{}**", verdict(row, tolerances)) : verdict(row, tolerances));
    }
  }
  const std::vector<std::string> footer = footer_lines(report, all_rows);
  if (!footer.empty()) out += "\n";
  for (const std::string& line : footer) out += "- " + line + "\n";
  return printable(out);
}

std::string comparison_json(const ComparisonReport& report) {
  Json json;
  json["format"] = "parley-compare/1";
  const auto run = [](const RunDescription& r) {
    Json j;
    j["folder"] = r.folder;
    j["scenario"] = r.scenario;
    j["seed"] = r.seed;
    j["replicates"] = r.replicates;
    j["git_commit"] = r.git_commit;
    return j;
  };
  json["a"] = run(report.a);
  json["b"] = run(report.b);
  json["paired"] = report.paired;
  json["pairing"] = report.pairing_reason;
  json["adjustment"] = std::string(to_string(report.adjustment));
  json["alpha"] = report.alpha;
  json["confidence"] = report.confidence;
  json["tests"] = report.rows.size();
  json["moved"] = report.moved_count();
  json["significant"] = report.significant_count();
  Json tolerances = Json::array();
  for (const Tolerance& t : report.tolerances) {
    Json j;
    j["name"] = t.pattern;
    j["amount"] = t.amount;
    j["rates_only"] = t.in_points;
    tolerances.push_back(std::move(j));
  }
  json["tolerances"] = std::move(tolerances);
  json["design_columns"] = report.design_columns;
  Json points = Json::array();
  for (const ComparisonPoint& p : report.points) {
    Json j;
    j["point"] = p.point;
    Json values = Json::object();
    for (std::size_t c = 0; c < report.design_columns.size(); ++c)
      values[report.design_columns[c]] = p.design_values[c];
    j["design"] = std::move(values);
    j["replicates_a"] = p.replicates_a;
    j["replicates_b"] = p.replicates_b;
    j["detectable_agreement_shift"] = number_or_null(p.detectable_agreement_shift);
    points.push_back(std::move(j));
  }
  json["points"] = std::move(points);
  Json rows = Json::array();
  for (std::size_t r : report.by_effect_size()) {
    const ComparisonRow& row = report.rows[r];
    Json j;
    j["point"] = report.points[row.point].point;
    j["metric"] = row.metric;
    j["kind"] = std::string(to_string(row.kind));
    j["paired"] = row.paired;
    j["test"] = row.test;
    j["n_a"] = row.n_a;
    j["n_b"] = row.n_b;
    j["a"] = row.a;
    j["b"] = row.b;
    j["difference"] = row.difference;
    j["low"] = number_or_null(row.low);
    j["high"] = number_or_null(row.high);
    j["statistic"] = number_or_null(row.statistic);
    j["p_value"] = row.p_value;
    j["adjusted_p"] = row.adjusted_p;
    j["effect_size"] = number_or_null(row.effect_size);
    j["tolerance"] = row.tolerance.empty() ? Json(nullptr) : Json(row.tolerance);
    j["significant"] = row.significant;
    j["moved"] = row.moved;
    rows.push_back(std::move(j));
  }
  json["rows"] = std::move(rows);
  json["only_in_a"] = report.only_in_a;
  json["only_in_b"] = report.only_in_b;
  json["notes"] = report.notes;
  // Names come from the folders' files: bytes that are not UTF-8 become U+FFFD
  // instead of an exception (found by fuzz/run_sample_fuzz.cpp).
  return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace parley
