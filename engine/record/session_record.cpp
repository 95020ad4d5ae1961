#include "record/session_record.hpp"

namespace parley {

std::string_view to_string(PhaseResult result) {
  switch (result) {
    case PhaseResult::kNotReached:
      return "not_reached";
    case PhaseResult::kAgreed:
      return "agreed";
    case PhaseResult::kVetoed:
      return "vetoed";
    case PhaseResult::kDeadline:
      return "deadline";
    case PhaseResult::kBrokeDown:
      return "broke_down";
  }
  return "not_reached";
}

std::string_view SessionRecord::breakdown_reason() const {
  if (agreed) return "";
  for (auto it = phase_results.rbegin(); it != phase_results.rend(); ++it) {
    if (*it == PhaseResult::kVetoed) return "veto";
    if (*it == PhaseResult::kDeadline) return "deadline";
    if (*it == PhaseResult::kBrokeDown) return "broke_down";
  }
  return "deadline";
}

}  // namespace parley
