#include "simulation/run.hpp"

#include <chrono>

#include "output/csv_writer.hpp"
#include "output/manifest.hpp"
#include "output/output_folder.hpp"

namespace parley {

RunReport run_scenario(const Scenario& scenario, const RunSpec& spec) {
  RunReport report;
  OutputFolder folder(spec.out);  // fails early if the folder exists
  const auto start = std::chrono::steady_clock::now();
  const std::vector<SessionRecord> records = run_replicates(scenario, spec.request, spec.progress);
  report.summary = summarise(scenario, records);
  report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.threads = resolve_thread_count(spec.request.threads);

  folder.write_file("outcomes.csv", [&](std::ostream& out) {
    write_outcomes_header(out, scenario);
    write_outcome_rows(out, scenario, records, spec.request.point, 0);
  });
  folder.write_file("summary.csv", [&](std::ostream& out) {
    write_summary_csv(out, report.summary, spec.request.point);
  });
  folder.write_file("manifest.json", [&](std::ostream& out) {
    write_manifest(out, scenario, spec.request,
                   {spec.command_line, report.threads, report.wall_seconds});
  });
  folder.commit();
  report.folder = folder.final_path();
  return report;
}

}  // namespace parley
