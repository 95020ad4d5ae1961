// Inputs the fuzzers (fuzz/) found, kept as regression tests. Each names the
// finding, the fuzz target and what was wrong.
#include <catch2/catch.hpp>

#include <string>

#include "parsing/scenario_parser.hpp"
#include "simulation/session.hpp"

namespace parley {
namespace {

// override_fuzz, input "0actors.us.salience.minerals_share=702303961.4"
// (ukraine_2025): the US cares almost only about an issue that is off the table
// in the exploratory phase, so the utility of its own ideal on the table is
// below its target. The offer builder's linear solver (strategy/offer_builder.cpp,
// solve_linear) then extrapolates to a negative λ, and the offer lies beyond
// the US's own ideal point, outside the issue's range (ceasefire_timing
// −2.5e-6 in [0, 24]), and that offer is agreed. Fixed by keeping λ ≥ 0 (when
// the own ideal on the table cannot reach the target, offer that ideal).
TEST_CASE("an actor caring almost only about an issue off the table offers inside every range",
          "[fuzz]") {
  Scenario scenario =
      load_scenario(std::string(PARLEY_SOURCE_DIR) + "/scenarios/ukraine_2025.toml");
  apply_override(scenario, "actors.us.salience.minerals_share=702303961.4");
  Session session(scenario);
  // 209 of 300 replicates left a range before the fix.
  for (std::uint64_t r = 0; r < 300; ++r) {
    const SessionRecord record = session.run(1, 0, r);
    for (int d = 0; d < scenario.issue_count(); ++d) {
      const Issue& issue = scenario.issues[static_cast<std::size_t>(d)];
      CAPTURE(r, issue.id);
      REQUIRE(record.outcome(d) >= issue.min);
      REQUIRE(record.outcome(d) <= issue.max);
    }
  }
}

}  // namespace
}  // namespace parley
