// kRecordSchema: the field table of SessionRecord — one row per member, in the
// order of outcomes.csv's columns, plus the derived columns of outcomes.csv at
// their places. The one table drives
//   - outcomes.csv: its header, its rows and the bound on a row's bytes
//     (output/csv_writer.cpp; columns documented in the README, Outputs);
//   - the record codec of MPI ranks (encode_records / decode_records in
//     simulation/sweep_plan.cpp): every member row, in table order;
//   - record equality (first_difference / records_equal, used by the tests).
// So a new column is two edits: the member in record/session_record.hpp and
// its row in kRecordSchema. A member without a row fails to compile (the
// static_assert on aggregate_member_count at the end of this file).
//
// A row is a compile-time value (a member pointer and string literals) in a
// std::tuple; writers visit the tuple with a generic lambda (for_each_row), so
// the kind of each cell is known at compile time: no virtual call and no
// table lookup per field per row.
//
// The member count comes from aggregate initialisation: SessionRecord{a, b, …}
// compiles with at most as many initialisers as it has members (the technique
// of Boost.PFR's fields_count, https://www.boost.org/libs/pfr).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "core/errors.hpp"
#include "record/session_record.hpp"
#include "scenario/scenario.hpp"

namespace parley {

// What a vector member is indexed by: one element per item of the scenario.
enum class Axis : std::uint8_t {
  kNone,  // a scalar member
  kIssue,
  kActor,
  kPhase,
  kInstrument,
  kShock,
};

// The items along `axis` in `scenario` (0 for Axis::kNone) and the id of item
// `index` < axis_length (inline: the CSV writer calls it per flagged item).
inline std::size_t axis_length(const Scenario& scenario, Axis axis) {
  switch (axis) {
    case Axis::kNone:
      return 0;
    case Axis::kIssue:
      return scenario.issues.size();
    case Axis::kActor:
      return scenario.actors.size();
    case Axis::kPhase:
      return scenario.phases.size();
    case Axis::kInstrument:
      return scenario.instruments.size();
    case Axis::kShock:
      return scenario.shocks.size();
  }
  return 0;
}
inline const std::string& axis_id(const Scenario& scenario, Axis axis, std::size_t index) {
  switch (axis) {
    case Axis::kIssue:
      return scenario.issues[index].id;
    case Axis::kActor:
      return scenario.actors[index].id;
    case Axis::kPhase:
      return scenario.phases[index].id;
    case Axis::kInstrument:
      return scenario.instruments[index].id;
    case Axis::kShock:
      return scenario.shocks[index].id;
    case Axis::kNone:
      break;
  }
  throw_internal_error(__FILE__, __LINE__, "axis != Axis::kNone", "a scalar member has no items");
}

// How outcomes.csv writes a member. Numbers are "{:.6f}", never "-0.000000".
// Each kind fixes the C++ type of its member (checked by the row helpers).
enum class Cell : std::uint8_t {
  kNone,            // any: not in outcomes.csv (the codec and comparison still carry it)
  kFlag,            // bool: 1 or 0
  kOptionalFlag,    // signed char: 1 or 0, empty when −1 (not analysed)
  kRoundCount,      // int in [0, the rounds of all phases]
  kMoveCount,       // int in [0, rounds of all phases × actors]
  kNumber,          // double, or per item Eigen::VectorXd: 6 decimals, |x| < 10
  kOptionalNumber,  // double: as kNumber, empty when NaN
  kDealNumber,      // double: as kNumber, empty when the record has no nearest deal
  kPhaseId,         // int: the phase's id, empty when −1
  kDealId,          // int: the deal's id, empty when −1
  kIssueValue,      // per issue, Eigen::VectorXd: a discrete issue's option, else 6 decimals
  kPhaseResult,     // per phase, std::vector<PhaseResult>: to_string(result)
  kIdList,          // per item, std::vector<char> flags: one cell, the flagged ids joined by ';'
};

// A member row. `column` is the outcomes.csv column; for a per-item member
// written one column per item it is a pattern whose "{}" is the item's id.
template <class T, Axis A, Cell C>
struct RecordMember {
  using Type = T;
  static constexpr bool kIsMember = true;
  static constexpr Axis kAxis = A;
  static constexpr Cell kCell = C;
  // In outcomes.csv at all; and there as one column per item (else one cell).
  static constexpr bool kWritten = C != Cell::kNone;
  static constexpr bool kColumnPerItem = kWritten && A != Axis::kNone && C != Cell::kIdList;
  std::string_view name;  // the member's name
  T SessionRecord::*pointer;
  std::string_view column;
};

// A derived column of outcomes.csv: computed from the record, not stored, so
// neither encoded nor compared. `widest` is its longest value (the row bound).
struct RecordDerived {
  static constexpr bool kIsMember = false;
  std::string_view column;
  std::string_view (SessionRecord::*value)() const;
  std::string_view widest;
};

namespace record_schema_detail {

template <class T>
struct IsStdVector : std::false_type {};
template <class T>
struct IsStdVector<std::vector<T>> : std::true_type {};

template <Cell C, class T>
constexpr bool scalar_cell_fits() {
  switch (C) {
    case Cell::kNone:
      return std::is_trivially_copyable_v<T>;
    case Cell::kFlag:
      return std::is_same_v<T, bool>;
    case Cell::kOptionalFlag:
      return std::is_same_v<T, signed char>;
    case Cell::kRoundCount:
    case Cell::kMoveCount:
    case Cell::kPhaseId:
    case Cell::kDealId:
      return std::is_same_v<T, int>;
    case Cell::kNumber:
    case Cell::kOptionalNumber:
    case Cell::kDealNumber:
      return std::is_same_v<T, double>;
    default:
      return false;
  }
}

template <Axis A, Cell C, class T>
constexpr bool per_item_cell_fits() {
  if (A == Axis::kNone) return false;
  switch (C) {
    case Cell::kNone:
      return std::is_same_v<T, Eigen::VectorXd> ||
             (IsStdVector<T>::value && std::is_trivially_copyable_v<typename T::value_type>);
    case Cell::kNumber:
      return std::is_same_v<T, Eigen::VectorXd>;
    case Cell::kIssueValue:
      return A == Axis::kIssue && std::is_same_v<T, Eigen::VectorXd>;
    case Cell::kPhaseResult:
      return A == Axis::kPhase && std::is_same_v<T, std::vector<PhaseResult>>;
    case Cell::kIdList:
      return std::is_same_v<T, std::vector<char>>;
    default:
      return false;
  }
}

}  // namespace record_schema_detail

// A scalar member; its column is named like the member.
template <Cell C, class T>
constexpr RecordMember<T, Axis::kNone, C> scalar(std::string_view name, T SessionRecord::*pointer) {
  static_assert(record_schema_detail::scalar_cell_fits<C, T>(),
                "this Cell does not fit the member's type (see enum Cell)");
  return {name, pointer, name};
}

// A member with one element per item along A; `column` as in RecordMember.
template <Axis A, Cell C, class T>
constexpr RecordMember<T, A, C> per(std::string_view name, T SessionRecord::*pointer,
                                    std::string_view column = {}) {
  static_assert(record_schema_detail::per_item_cell_fits<A, C, T>(),
                "this Axis and Cell do not fit the member's type (see enums Axis and Cell)");
  return {name, pointer, column};
}

constexpr RecordDerived derived(std::string_view column,
                                std::string_view (SessionRecord::*value)() const,
                                std::string_view widest) {
  return {column, value, widest};
}

// The table. Row order = outcomes.csv column order (after point, the design
// columns and replicate) = codec order of the members.
inline constexpr auto kRecordSchema = std::tuple{
    scalar<Cell::kFlag>("agreed", &SessionRecord::agreed),
    scalar<Cell::kPhaseId>("phase", &SessionRecord::phase),
    scalar<Cell::kRoundCount>("round", &SessionRecord::round),
    per<Axis::kIssue, Cell::kIssueValue>("outcome", &SessionRecord::outcome, "{}"),
    per<Axis::kActor, Cell::kNumber>("utility", &SessionRecord::utility, "utility_{}"),
    per<Axis::kActor, Cell::kNone>("reservation", &SessionRecord::reservation),
    scalar<Cell::kDealId>("nearest_deal", &SessionRecord::nearest_deal),
    scalar<Cell::kDealNumber>("deal_distance", &SessionRecord::deal_distance),
    derived("breakdown_reason", &SessionRecord::breakdown_reason, "broke_down"),
    per<Axis::kActor, Cell::kIdList>("vetoed", &SessionRecord::vetoed, "vetoed_by"),
    per<Axis::kActor, Cell::kIdList>("blocked", &SessionRecord::blocked, "blocked_by"),
    per<Axis::kPhase, Cell::kPhaseResult>("phase_results", &SessionRecord::phase_results,
                                          "result_{}"),
    per<Axis::kInstrument, Cell::kIdList>("threat_made", &SessionRecord::threat_made,
                                          "threats_made"),
    per<Axis::kInstrument, Cell::kIdList>("threat_carried_out", &SessionRecord::threat_carried_out,
                                          "threats_carried_out"),
    per<Axis::kInstrument, Cell::kIdList>("threat_backed_down", &SessionRecord::threat_backed_down,
                                          "threats_backed_down"),
    per<Axis::kInstrument, Cell::kIdList>(
        "side_payment_offered", &SessionRecord::side_payment_offered, "side_payments_offered"),
    per<Axis::kInstrument, Cell::kIdList>("side_payment_paid", &SessionRecord::side_payment_paid,
                                          "side_payments"),
    per<Axis::kShock, Cell::kIdList>("shock_occurred", &SessionRecord::shock_occurred, "shocks"),
    scalar<Cell::kOptionalFlag>("zone_of_agreement", &SessionRecord::zone_of_agreement),
    scalar<Cell::kOptionalNumber>("pareto_slack", &SessionRecord::pareto_slack),
    scalar<Cell::kOptionalNumber>("nash_distance", &SessionRecord::nash_distance),
    scalar<Cell::kMoveCount>("offers", &SessionRecord::offers),
    scalar<Cell::kRoundCount>("rounds", &SessionRecord::rounds),
};

// Calls visit(row) for every row of the table, in order.
template <class Visit>
constexpr void for_each_row(Visit&& visit) {
  std::apply([&](const auto&... row) { (visit(row), ...); }, kRecordSchema);
}

// Calls visit(row, record.*row.pointer) for every member row, in order.
// `Record` is SessionRecord or const SessionRecord.
template <class Record, class Visit>
constexpr void for_each_member(Record& record, Visit&& visit) {
  for_each_row([&](const auto& row) {
    if constexpr (std::remove_cvref_t<decltype(row)>::kIsMember) visit(row, record.*row.pointer);
  });
}

// The first member, in table order, in which `a` and `b` differ ("" when none):
// doubles compare bit for bit (NaN equals the same NaN, −0 differs from 0),
// vectors by size and elements.
std::string_view first_difference(const SessionRecord& a, const SessionRecord& b);
inline bool records_equal(const SessionRecord& a, const SessionRecord& b) {
  return first_difference(a, b).empty();
}

namespace record_schema_detail {

// Converts to any type: T{AnyMember{}, …} compiles with up to as many
// initialisers as the aggregate T has members. Declared only (unevaluated).
struct AnyMember {
  template <class T>
  operator T() const;  // NOLINT(google-explicit-constructor)
};

template <class T, std::size_t... I>
constexpr bool initialisable_with(std::index_sequence<I...>) {
  return requires { T{(static_cast<void>(I), AnyMember{})...}; };
}

}  // namespace record_schema_detail

// The number of members of the aggregate T.
template <class T, std::size_t N = 0>
constexpr std::size_t aggregate_member_count() {
  static_assert(std::is_aggregate_v<T>);
  if constexpr (record_schema_detail::initialisable_with<T>(std::make_index_sequence<N + 1>{}))
    return aggregate_member_count<T, N + 1>();
  else
    return N;
}

namespace record_schema_detail {

// 1 if rows a and b name the same member, else 0.
template <class A, class B>
constexpr std::size_t same_member(const A& a, const B& b) {
  if constexpr (A::kIsMember && B::kIsMember) {
    if constexpr (std::is_same_v<typename A::Type, typename B::Type>)
      return a.pointer == b.pointer ? 1 : 0;
  }
  return 0;
}

}  // namespace record_schema_detail

// The member rows of the table, and how many of them name the same member as
// another row (0: each member has at most one row).
constexpr std::size_t schema_member_rows() {
  std::size_t rows = 0;
  for_each_row([&](const auto& row) {
    if (std::remove_cvref_t<decltype(row)>::kIsMember) ++rows;
  });
  return rows;
}
constexpr std::size_t schema_repeated_members() {
  std::size_t matches = 0;
  for_each_row([&](const auto& a) {
    for_each_row([&](const auto& b) { matches += record_schema_detail::same_member(a, b); });
  });
  return matches - schema_member_rows();  // each row matches itself
}

// Every written member has a column; a pattern ("{}") exactly when it is one
// column per item.
constexpr bool schema_columns_well_formed() {
  bool well_formed = true;
  for_each_row([&](const auto& row) {
    using Row = std::remove_cvref_t<decltype(row)>;
    if constexpr (Row::kIsMember) {
      if constexpr (Row::kWritten) {
        const bool pattern = row.column.find("{}") != std::string_view::npos;
        if (row.column.empty() || pattern != Row::kColumnPerItem) well_formed = false;
      }
    } else {
      if (row.column.empty() || row.widest.empty()) well_formed = false;
    }
  });
  return well_formed;
}
static_assert(schema_columns_well_formed(), "a column of kRecordSchema is malformed");

// Every member has exactly one row: as many member rows as members, none repeated.
// A member added to SessionRecord without a row in kRecordSchema stops the build here.
static_assert(aggregate_member_count<SessionRecord>() == schema_member_rows(),
              "SessionRecord and kRecordSchema differ: give each member one row");
static_assert(schema_repeated_members() == 0, "a member has two rows in kRecordSchema");

}  // namespace parley
