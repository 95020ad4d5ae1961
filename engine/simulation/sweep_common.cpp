// What a sweep's run, merge and verify share (simulation/sweep_common.hpp):
// the first differing line of two texts and sensitivity.csv from summary.csv.
#include "simulation/sweep_common.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "analysis/sensitivity.hpp"
#include "core/errors.hpp"
#include "core/number_text.hpp"
#include "output/csv_writer.hpp"

namespace parley::detail {
namespace fs = std::filesystem;

std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream left(a);
  std::istringstream right(b);
  std::string x;
  std::string y;
  for (int line = 1;; ++line) {
    const bool more_left = static_cast<bool>(std::getline(left, x));
    const bool more_right = static_cast<bool>(std::getline(right, y));
    if (!more_left && !more_right) return "no difference";
    if (x != y || more_left != more_right)
      return fmt::format("line {}: `{}` vs `{}`", line, more_left ? x : "(end)",
                         more_right ? y : "(end)");
  }
}

// sensitivity.csv of a Sobol design, from summary.csv's per-point means (as
// written, so a merged run gives the same bytes): indices for agreement, each
// issue's mean outcome and each actor's mean utility.
void write_sensitivity(std::ostream& out, const fs::path& summary_csv,
                       const std::vector<std::string>& parameters, std::int64_t points,
                       std::uint64_t seed) {
  std::ifstream in(summary_csv, std::ios::binary);
  if (!in) throw OutputError(fmt::format("cannot read {}", summary_csv.string()));
  std::string line;
  std::getline(in, line);
  const auto header = split_csv_cells(line);
  const auto metric_column =
      static_cast<std::size_t>(std::find(header.begin(), header.end(), "metric") - header.begin());
  const std::size_t mean_column = metric_column + 2;
  std::vector<std::string> metrics;               // in summary order
  std::map<std::string, std::vector<double>> by;  // metric → mean per point
  while (std::getline(in, line)) {
    const auto cells = split_csv_cells(line);
    const std::string metric(cells[metric_column]);
    if (metric != "agreement" && metric.rfind("outcome.", 0) != 0 &&
        metric.rfind("utility.", 0) != 0)
      continue;
    std::int64_t point = 0;
    std::from_chars(cells[0].data(), cells[0].data() + cells[0].size(), point);
    auto [entry, added] = by.try_emplace(metric, static_cast<std::size_t>(points), 0.0);
    if (added) metrics.push_back(metric);
    double mean = 0.0;
    parse_double(cells[mean_column].data(), cells[mean_column].data() + cells[mean_column].size(),
                 mean);
    entry->second[static_cast<std::size_t>(point)] = mean;
  }
  out << "metric,parameter,first_order,first_order_low,first_order_high,total_order,"
         "total_order_low,total_order_high\n";
  auto cell = [](double value) { return std::isnan(value) ? std::string() : fixed6(value); };
  for (const std::string& metric : metrics) {
    const auto indices = sobol_indices(by[metric], static_cast<int>(parameters.size()), seed);
    for (std::size_t k = 0; k < parameters.size(); ++k) {
      const SobolIndices& s = indices[k];
      out << metric << ',' << parameters[k] << ',' << cell(s.first_order) << ','
          << cell(s.first_low) << ',' << cell(s.first_high) << ',' << cell(s.total_order) << ','
          << cell(s.total_low) << ',' << cell(s.total_high) << '\n';
    }
  }
}

}  // namespace parley::detail
