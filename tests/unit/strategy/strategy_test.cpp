#include <catch2/catch.hpp>

#include "strategy/time_dependent.hpp"

namespace parley {

TEST_CASE("a time-dependent target falls from 1 to the reservation utility", "[strategy]") {
  CHECK(TimeDependent::target_at(0.0, 1.0, 0.3, 0.5) == 1.0);
  CHECK(TimeDependent::target_at(1.0, 1.0, 0.3, 0.5) == Approx(0.3).epsilon(1e-12));
  // Linear (e = 1) halfway: 1 − 0.7·0.5 = 0.65.
  CHECK(TimeDependent::target_at(0.5, 1.0, 0.3, 1.0) == Approx(0.65).epsilon(1e-12));
  // Boulware (e = 0.5) halfway: 1 − 0.7·0.5² = 0.825; conceder (e = 2): 1 − 0.7·√0.5.
  CHECK(TimeDependent::target_at(0.5, 1.0, 0.3, 0.5) == Approx(0.825).epsilon(1e-12));
  CHECK(TimeDependent::target_at(0.5, 1.0, 0.3, 2.0) ==
        Approx(1.0 - 0.7 * std::sqrt(0.5)).epsilon(1e-12));
}

TEST_CASE("a time-dependent target starts from the best the phase can give", "[strategy]") {
  // b = 0.8 (issues held at the status quo cost 0.2): linear halfway 0.8 − 0.5·0.5 = 0.55.
  CHECK(TimeDependent::target_at(0.0, 0.8, 0.3, 1.0) == 0.8);
  CHECK(TimeDependent::target_at(0.5, 0.8, 0.3, 1.0) == Approx(0.55).epsilon(1e-12));
  CHECK(TimeDependent::target_at(1.0, 0.8, 0.3, 1.0) == Approx(0.3).epsilon(1e-12));
  // A fallback above anything the phase can give: the target is the fallback.
  CHECK(TimeDependent::target_at(0.0, 0.4, 0.5, 1.0) == 0.5);
}

}  // namespace parley
