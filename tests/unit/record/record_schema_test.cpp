// The record schema (record/record_schema.hpp): it has one row per member of
// SessionRecord, every member survives the record codec, records_equal sees a
// change in any one member, and outcomes.csv is written from it.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <sstream>

#include "output/csv_writer.hpp"
#include "record/record_schema.hpp"
#include "simulation/sweep_plan.hpp"

namespace parley {
namespace {

// Three actors, a continuous and a discrete issue, three phases, two
// instruments, two shocks and two deals: every axis has more than one item.
Scenario small_scenario() {
  Scenario scenario;
  Issue tariff;
  tariff.id = "tariff";
  Issue venue;
  venue.id = "venue";
  venue.options = {"geneva", "vienna", "oslo"};
  venue.max = 2.0;
  scenario.issues = {tariff, venue};
  for (const char* id : {"a", "b", "c"}) {
    Actor actor;
    actor.id = id;
    scenario.actors.push_back(actor);
  }
  for (const char* id : {"talks", "summit", "ratification"}) {
    Phase phase;
    phase.id = id;
    phase.max_rounds = 4;
    scenario.phases.push_back(phase);
  }
  for (const char* id : {"sanctions", "aid"}) {
    Instrument instrument;
    instrument.id = id;
    scenario.instruments.push_back(instrument);
  }
  for (const char* id : {"coup", "storm"}) {
    Shock shock;
    shock.id = id;
    scenario.shocks.push_back(shock);
  }
  for (const char* id : {"compromise", "status_quo_deal"}) {
    Deal deal;
    deal.id = id;
    scenario.deals.push_back(deal);
  }
  return scenario;
}

// Every member set, and none to its default value (checked below).
SessionRecord every_field_record() {
  SessionRecord r;
  r.agreed = true;
  r.phase = 1;
  r.round = 3;
  r.outcome = Eigen::Vector2d(0.25, 2.0);
  r.utility = Eigen::Vector3d(0.5, 0.625, 0.75);
  r.reservation = Eigen::Vector3d(0.125, 0.375, -0.25);
  r.nearest_deal = 1;
  r.deal_distance = 0.0625;
  r.phase_results = {PhaseResult::kVetoed, PhaseResult::kAgreed, PhaseResult::kNotReached};
  r.vetoed = {0, 1, 1};
  r.threat_made = {1, 1};
  r.threat_carried_out = {0, 1};
  r.threat_backed_down = {1, 0};
  r.side_payment_offered = {1, 1};
  r.side_payment_paid = {1, 0};
  r.shock_occurred = {0, 1};
  r.blocked = {1, 0, 0};
  r.zone_of_agreement = 1;
  r.pareto_slack = 0.03125;
  r.nash_distance = 0.1875;
  r.offers = 7;
  r.rounds = 9;
  return r;
}

// The same talks without agreement: the optional cells are empty.
SessionRecord no_agreement_record() {
  SessionRecord r = every_field_record();
  r.agreed = false;
  r.phase = -1;
  r.round = 0;
  r.nearest_deal = -1;
  r.phase_results[1] = PhaseResult::kDeadline;
  r.pareto_slack = std::numeric_limits<double>::quiet_NaN();
  r.nash_distance = std::numeric_limits<double>::quiet_NaN();
  return r;
}

// A record equal to `r` except for one member, set back to its default.
template <class Row>
SessionRecord with_default(const SessionRecord& r, const Row& row) {
  SessionRecord changed = r;
  changed.*row.pointer = SessionRecord{}.*row.pointer;
  return changed;
}

struct Sample {
  bool flag = false;
  int count = 0;
  Eigen::VectorXd values;
  std::vector<char> flags;
  double share = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace

TEST_CASE("the record schema has exactly one row per member of SessionRecord", "[record]") {
  // The member count is found by aggregate initialisation, so it follows the
  // struct by itself: a member added without a row (or a row without a member)
  // fails this, and the static_assert in record_schema.hpp stops the build first.
  STATIC_REQUIRE(aggregate_member_count<SessionRecord>() == schema_member_rows());
  STATIC_REQUIRE(schema_repeated_members() == 0);
  // The counting itself, on a struct of the same kinds of member.
  STATIC_REQUIRE(aggregate_member_count<Sample>() == 5);
}

TEST_CASE("records_equal sees a change in any one member", "[record]") {
  const SessionRecord r = every_field_record();
  CHECK(records_equal(r, r));
  CHECK(first_difference(r, r).empty());
  int members = 0;
  for_each_row([&](const auto& row) {
    if constexpr (std::remove_cvref_t<decltype(row)>::kIsMember) {
      ++members;
      INFO("member " << row.name);
      // Also shows that every_field_record sets every member off its default.
      CHECK(first_difference(r, with_default(r, row)) == row.name);
    }
  });
  CHECK(members == static_cast<int>(aggregate_member_count<SessionRecord>()));
  // Doubles compare bit for bit: the same NaN is equal, −0 is not 0.
  const SessionRecord a = no_agreement_record();
  CHECK(records_equal(a, no_agreement_record()));
  SessionRecord b = a;
  b.deal_distance = -0.0;
  SessionRecord c = a;
  c.deal_distance = 0.0;
  CHECK(first_difference(b, c) == "deal_distance");
  c.outcome = Eigen::Vector3d(0.25, 2.0, 0.0);
  CHECK(first_difference(a, c) == "outcome");  // a longer vector, not an Eigen assertion
}

TEST_CASE("every member of a record survives the codec", "[record]") {
  const std::vector<SessionRecord> records = {every_field_record(), no_agreement_record(),
                                              SessionRecord{}};
  const std::string bytes = encode_records(records);
  const std::vector<SessionRecord> decoded = decode_records(bytes);
  REQUIRE(decoded.size() == records.size());
  for (std::size_t k = 0; k < records.size(); ++k) {
    INFO("record " << k);
    CHECK(first_difference(records[k], decoded[k]).empty());
  }
  CHECK(encode_records(decoded) == bytes);
  // A record with any one member changed encodes to other bytes.
  for_each_row([&](const auto& row) {
    if constexpr (std::remove_cvref_t<decltype(row)>::kIsMember) {
      INFO("member " << row.name);
      CHECK(encode_records(std::vector<SessionRecord>{with_default(records[0], row)}) !=
            encode_records(std::vector<SessionRecord>{records[0]}));
    }
  });
}

TEST_CASE("outcomes.csv has the schema's columns, one per item where it says so", "[record]") {
  const Scenario scenario = small_scenario();
  const std::vector<SessionRecord> records = {every_field_record(), no_agreement_record()};
  std::ostringstream out;
  write_outcomes_header(out, scenario);
  write_outcome_rows(out, scenario, records, 4, 11);
  CHECK(out.str() ==
        "point,replicate,agreed,phase,round,tariff,venue,utility_a,utility_b,utility_c,"
        "nearest_deal,deal_distance,breakdown_reason,vetoed_by,blocked_by,result_talks,"
        "result_summit,result_ratification,threats_made,threats_carried_out,threats_backed_down,"
        "side_payments_offered,side_payments,shocks,"
        "zone_of_agreement,pareto_slack,nash_distance,offers,rounds\n"
        "4,11,1,summit,3,0.250000,oslo,0.500000,0.625000,0.750000,status_quo_deal,0.062500,,b;c,"
        "a,vetoed,agreed,not_reached,sanctions;aid,aid,sanctions,sanctions;aid,sanctions,storm,1,"
        "0.031250,0.187500,7,9\n"
        "4,12,0,,0,0.250000,oslo,0.500000,0.625000,0.750000,,,deadline,b;c,a,"
        "vetoed,deadline,not_reached,sanctions;aid,aid,sanctions,sanctions;aid,sanctions,storm,1,,,"
        "7,9\n");
}

TEST_CASE("the outcome row bound holds for every kind of cell", "[record]") {
  const Scenario scenario = small_scenario();
  // Every flag set, the widest value of every cell where the record holds it.
  SessionRecord r = every_field_record();
  r.agreed = false;
  r.outcome = Eigen::Vector2d(1.0, 0.0);  // "1.000000", "geneva"
  r.utility = Eigen::Vector3d(-1.0, -1.0, -1.0);
  r.phase = 2;  // "ratification", the longest phase id
  r.round = 12;
  r.deal_distance = -1.0;
  r.vetoed = {1, 1, 1};
  r.threat_carried_out = {1, 1};
  r.threat_backed_down = {1, 1};
  r.side_payment_offered = {1, 1};
  r.side_payment_paid = {1, 1};
  r.shock_occurred = {1, 1};
  r.phase_results.assign(3, PhaseResult::kNotReached);
  r.blocked = {1, 1, 1};
  r.zone_of_agreement = 0;
  r.pareto_slack = -1.0;
  r.nash_distance = -1.0;
  r.offers = 36;  // 12 rounds × 3 actors
  r.rounds = 12;
  std::ostringstream row;
  write_outcome_rows(row, scenario, std::span(&r, 1), 99, 999);
  // Exact but for the point and replicate, bounded by the counts (100, 1000: one
  // digit more each), and breakdown_reason "deadline", two bytes short of "broke_down".
  CHECK(outcome_row_bytes_bound(scenario, 0, 100, 1000) == row.str().size() + 4);
}

}  // namespace parley
