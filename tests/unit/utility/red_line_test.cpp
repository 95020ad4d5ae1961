#include "utility/red_line.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.hpp"

namespace parley {
namespace {

// Issue 0 sanctions_relief, 1 minerals_share, 2 territory (discrete: none,
// frozen_line, all), 3 security_guarantee.
const std::vector<std::string> kIds = {"sanctions_relief", "minerals_share", "territory",
                                       "security_guarantee"};
const std::vector<std::vector<std::string>> kOptions = {{}, {}, {"none", "frozen_line", "all"}, {}};

RedLine compile(const std::string& text) { return RedLine::compile(text, kIds, kOptions); }

Eigen::VectorXd outcome(double sanctions, double minerals, double territory, double security) {
  Eigen::VectorXd x(4);
  x << sanctions, minerals, territory, security;
  return x;
}

// Evaluates `text` on an outcome where only security_guarantee is set.
bool holds_at_security(const std::string& text, double security) {
  return compile(text).holds(outcome(0.0, 0.0, 0.0, security));
}

struct Failure {
  std::uint32_t column = 0;
  std::string message;
};

Failure compile_error(const std::string& text, const std::vector<std::string>& ids = kIds,
                      const std::vector<std::vector<std::string>>& options = kOptions) {
  try {
    RedLine::compile(text, ids, options);
  } catch (const RedLineError& error) {
    return {error.column(), error.message()};
  }
  FAIL("`" << text << "` compiled but an error was expected");
  return {};
}

std::string repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

}  // namespace

TEST_CASE("each comparison operator compares an issue with a number", "[red_line]") {
  CHECK(holds_at_security("security_guarantee >= 0.5", 0.5));
  CHECK_FALSE(holds_at_security("security_guarantee >= 0.5", 0.4));
  CHECK(holds_at_security("security_guarantee > 0.5", 0.6));
  CHECK_FALSE(holds_at_security("security_guarantee > 0.5", 0.5));
  CHECK(holds_at_security("security_guarantee <= 0.5", 0.5));
  CHECK_FALSE(holds_at_security("security_guarantee <= 0.5", 0.6));
  CHECK(holds_at_security("security_guarantee < 0.5", 0.4));
  CHECK_FALSE(holds_at_security("security_guarantee < 0.5", 0.5));
  CHECK(holds_at_security("security_guarantee == 0.5", 0.5));
  CHECK_FALSE(holds_at_security("security_guarantee == 0.5", 0.6));
  CHECK(holds_at_security("security_guarantee != 0.5", 0.6));
  CHECK_FALSE(holds_at_security("security_guarantee != 0.5", 0.5));
  // Both sides may be expressions: 0.3 <= 0.5 - 0.1 (= 0.4).
  CHECK(holds_at_security("0.3 <= security_guarantee - 0.1", 0.5));
}

TEST_CASE("comparisons tolerate an absolute error of 1e-9", "[red_line]") {
  // Half the tolerance off the boundary counts as on it; twice the tolerance does not.
  CHECK(holds_at_security("security_guarantee >= 0.5", 0.5 - 0.5e-9));
  CHECK_FALSE(holds_at_security("security_guarantee >= 0.5", 0.5 - 2e-9));
  CHECK_FALSE(holds_at_security("security_guarantee > 0.5", 0.5 + 0.5e-9));
  CHECK(holds_at_security("security_guarantee > 0.5", 0.5 + 2e-9));
  CHECK(holds_at_security("security_guarantee <= 0.5", 0.5 + 0.5e-9));
  CHECK_FALSE(holds_at_security("security_guarantee <= 0.5", 0.5 + 2e-9));
  CHECK_FALSE(holds_at_security("security_guarantee < 0.5", 0.5 - 0.5e-9));
  CHECK(holds_at_security("security_guarantee < 0.5", 0.5 - 2e-9));
  CHECK(holds_at_security("security_guarantee == 0.5", 0.5 + 0.5e-9));
  CHECK(holds_at_security("security_guarantee == 0.5", 0.5 - 0.5e-9));
  CHECK_FALSE(holds_at_security("security_guarantee == 0.5", 0.5 + 2e-9));
  CHECK_FALSE(holds_at_security("security_guarantee != 0.5", 0.5 - 0.5e-9));
  CHECK(holds_at_security("security_guarantee != 0.5", 0.5 - 2e-9));
}

TEST_CASE("a number on the left of a comparison reads as written", "[red_line]") {
  // 0.5 <= x is a <= b + 1e-9 with a = 0.5: x = 0.5 − 0.5e-9 is on the boundary.
  CHECK(holds_at_security("0.5 <= security_guarantee", 0.5 - 0.5e-9));
  CHECK_FALSE(holds_at_security("0.5 <= security_guarantee", 0.5 - 2e-9));
  CHECK_FALSE(holds_at_security("0.5 < security_guarantee", 0.5 + 0.5e-9));
  CHECK(holds_at_security("0.5 < security_guarantee", 0.5 + 2e-9));
  CHECK(holds_at_security("0.5 >= security_guarantee", 0.5 + 0.5e-9));
  CHECK_FALSE(holds_at_security("0.5 > security_guarantee", 0.5 - 0.5e-9));
  CHECK(holds_at_security("0.5 == security_guarantee", 0.5 + 0.5e-9));
  CHECK(holds_at_security("0.5 != security_guarantee", 0.5 - 2e-9));
}

TEST_CASE(
    "a comparison of an issue with a number gives the truth values of the general "
    "evaluation",
    "[red_line]") {
  // `holds` runs an issue-number comparison as one fused step; `x + 0` (a sum) goes
  // through the general stack evaluation: both must agree everywhere, at the
  // tolerance's edges, off them by one ulp, at infinities and NaN.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> values = {-inf, -1.0, 0.0, 0.3, inf, nan};
  for (const double edge : {0.5 - 1e-9, 0.5, 0.5 + 1e-9}) {
    values.push_back(edge);
    values.push_back(std::nextafter(edge, -inf));
    values.push_back(std::nextafter(edge, inf));
  }
  for (const char* op : {"<", "<=", ">", ">=", "==", "!="}) {
    const std::string fused_right = std::string("security_guarantee ") + op + " 0.5";
    const std::string general_right = std::string("security_guarantee + 0 ") + op + " 0.5";
    const std::string fused_left = std::string("0.5 ") + op + " security_guarantee";
    const std::string general_left = std::string("0.5 ") + op + " security_guarantee + 0";
    for (const double x : values) {
      INFO(op << " at " << x);
      CHECK(holds_at_security(fused_right, x) == holds_at_security(general_right, x));
      CHECK(holds_at_security(fused_left, x) == holds_at_security(general_left, x));
    }
  }
  // Fused steps combine with the logical operators like any comparison.
  const RedLine implication = compile("sanctions_relief > 0 -> security_guarantee >= 0.5");
  CHECK(implication.holds(outcome(0.0, 0.0, 0.0, 0.0)));
  CHECK_FALSE(implication.holds(outcome(0.1, 0.0, 0.0, 0.4)));
  CHECK(implication.holds(outcome(0.1, 0.0, 0.0, 0.5)));
}

TEST_CASE("every comparison with NaN is false, including !=", "[red_line]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const char* text :
       {"security_guarantee >= 0", "security_guarantee > 0", "security_guarantee <= 1",
        "security_guarantee < 1", "security_guarantee == 0", "security_guarantee != 0"}) {
    INFO(text);
    CHECK_FALSE(holds_at_security(text, nan));
  }
  // Negating a failed comparison is still true.
  CHECK(holds_at_security("not security_guarantee == 0", nan));
}

TEST_CASE("division by zero follows IEEE 754", "[red_line]") {
  // 1 / 0 = +inf, -1 / 0 = -inf, 0 / 0 = NaN.
  CHECK(compile("sanctions_relief / minerals_share > 1e300").holds(outcome(1, 0, 0, 0)));
  CHECK(compile("-sanctions_relief / minerals_share < -1e300").holds(outcome(1, 0, 0, 0)));
  CHECK(compile("sanctions_relief / minerals_share == 1 / minerals_share")
            .holds(outcome(1, 0, 0, 0)));  // inf == inf
  const RedLine ratio_nonnegative = compile("sanctions_relief / minerals_share >= 0");
  CHECK_FALSE(ratio_nonnegative.holds(outcome(0, 0, 0, 0)));
  CHECK(ratio_nonnegative.holds(outcome(0.5, 0.25, 0, 0)));
}

TEST_CASE("and binds tighter than or", "[red_line]") {
  // a or (b and c): true when only a holds; (a or b) and c would be false.
  const RedLine first =
      compile("sanctions_relief > 0.5 or minerals_share > 0.5 and security_guarantee > 0.5");
  CHECK(first.holds(outcome(1, 0, 0, 0)));
  CHECK_FALSE(first.holds(outcome(0, 1, 0, 0)));
  CHECK(first.holds(outcome(0, 1, 0, 1)));
  // (a and b) or c: true when only c holds; a and (b or c) would be false.
  const RedLine second =
      compile("sanctions_relief > 0.5 and minerals_share > 0.5 or security_guarantee > 0.5");
  CHECK(second.holds(outcome(0, 0, 0, 1)));
  CHECK_FALSE(second.holds(outcome(1, 0, 0, 0)));
  CHECK(second.holds(outcome(1, 1, 0, 0)));
}

TEST_CASE("an implication holds when its premise is false", "[red_line]") {
  const RedLine line = compile("minerals_share > 0 -> security_guarantee >= 0.3");
  CHECK(line.holds(outcome(0, 0, 0, 0)));
  CHECK(line.holds(outcome(0, 0, 0, 1)));
}

TEST_CASE("an implication requires its conclusion when its premise is true", "[red_line]") {
  const RedLine line = compile("minerals_share > 0 -> security_guarantee >= 0.3");
  CHECK_FALSE(line.holds(outcome(0, 0.2, 0, 0.1)));
  CHECK(line.holds(outcome(0, 0.2, 0, 0.3)));
}

TEST_CASE("an implication is right-associative", "[red_line]") {
  // a -> (b -> c) with a and c false is true; (a -> b) -> c would be false.
  const RedLine line =
      compile("sanctions_relief > 0.5 -> minerals_share > 0.5 -> security_guarantee > 0.5");
  CHECK(line.holds(outcome(0, 0, 0, 0)));
  CHECK(line.holds(outcome(0, 1, 0, 0)));
  // a and b true, c false: false either way.
  CHECK_FALSE(line.holds(outcome(1, 1, 0, 0)));
  // a true, b false: a -> (b -> c) is true.
  CHECK(line.holds(outcome(1, 0, 0, 0)));
}

TEST_CASE("an implication binds looser than or and and", "[red_line]") {
  // (a or b) -> c with a true and c false is false; a or (b -> c) would be true.
  const RedLine disjunction =
      compile("sanctions_relief > 0.5 or minerals_share > 0.5 -> security_guarantee > 0.5");
  CHECK_FALSE(disjunction.holds(outcome(1, 0, 0, 0)));
  CHECK(disjunction.holds(outcome(0, 0, 0, 0)));
  // a -> (b and c) with a true, b true, c false is false; (a -> b) and c likewise,
  // but with a false and c false: a -> (b and c) is true, (a -> b) and c is false.
  const RedLine conjunction =
      compile("sanctions_relief > 0.5 -> minerals_share > 0.5 and security_guarantee > 0.5");
  CHECK(conjunction.holds(outcome(0, 0, 0, 0)));
  CHECK_FALSE(conjunction.holds(outcome(1, 1, 0, 0)));
  CHECK(conjunction.holds(outcome(1, 1, 0, 1)));
}

TEST_CASE("not binds tighter than and but looser than a comparison", "[red_line]") {
  // (not a) and b.
  const RedLine line = compile("not sanctions_relief > 0.5 and minerals_share > 0.5");
  CHECK(line.holds(outcome(0, 1, 0, 0)));
  CHECK_FALSE(line.holds(outcome(1, 1, 0, 0)));
  CHECK_FALSE(line.holds(outcome(0, 0, 0, 0)));
  // !x == 1 is !(x == 1), not (!x) == 1.
  CHECK(holds_at_security("!security_guarantee == 1", 0.5));
  CHECK_FALSE(holds_at_security("!security_guarantee == 1", 1.0));
  // Double negation.
  CHECK(holds_at_security("not not security_guarantee == 1", 1.0));
  CHECK(holds_at_security("!!(security_guarantee == 1)", 1.0));
}

TEST_CASE("symbol and word operators are interchangeable", "[red_line]") {
  for (const double security : {0.0, 0.4, 0.6, 1.0}) {
    for (const double sanctions : {0.0, 1.0}) {
      const Eigen::VectorXd x = outcome(sanctions, 0, 0, security);
      CHECK(compile("security_guarantee > 0.5 && sanctions_relief > 0.5").holds(x) ==
            compile("security_guarantee > 0.5 and sanctions_relief > 0.5").holds(x));
      CHECK(compile("security_guarantee > 0.5 || sanctions_relief > 0.5").holds(x) ==
            compile("security_guarantee > 0.5 or sanctions_relief > 0.5").holds(x));
      CHECK(compile("!(security_guarantee > 0.5)").holds(x) ==
            compile("not (security_guarantee > 0.5)").holds(x));
    }
  }
  // Operators need no surrounding spaces.
  CHECK(compile("security_guarantee>0.5&&!(sanctions_relief>=1)||territory=='all'")
            .holds(outcome(0, 0, 0, 1)));
}

TEST_CASE("arithmetic follows the usual precedence and left associativity", "[red_line]") {
  const Eigen::VectorXd x = outcome(0.5, 0.25, 0, 2);
  // s + m * g = 0.5 + 0.5 = 1; (s + m) * g = 1.5.
  CHECK(compile("sanctions_relief + minerals_share * security_guarantee == 1").holds(x));
  CHECK(compile("(sanctions_relief + minerals_share) * security_guarantee == 1.5").holds(x));
  // s - m - g = -1.75 (s - (m - g) would be 2.25).
  CHECK(compile("sanctions_relief - minerals_share - security_guarantee == -1.75").holds(x));
  // 8 / 4 / 2 = 1 (8 / (4 / 2) would be 4); 6 - 2 * 2 = 2; 6 / 2 * 3 = 9.
  CHECK(compile("8 / 4 / 2 == 1").holds(x));
  CHECK(compile("6 - 2 * 2 == 2").holds(x));
  CHECK(compile("6 / 2 * 3 == 9").holds(x));
  // Arithmetic binds tighter than a comparison on either side.
  CHECK(compile("1 + 1 < 2 * 2").holds(x));
}

TEST_CASE("unary minus binds tighter than multiplication and may repeat", "[red_line]") {
  const Eigen::VectorXd x = outcome(0.5, 0, 0, 0);
  CHECK(compile("-sanctions_relief * 2 == -1").holds(x));
  CHECK(compile("- -sanctions_relief == 0.5").holds(x));
  CHECK(compile("--sanctions_relief == 0.5").holds(x));
  CHECK(compile("-(sanctions_relief - 1) == 0.5").holds(x));
  CHECK(compile("2 - -1 == 3").holds(x));
  CHECK(compile("-2 * -3 == 6").holds(x));
  CHECK(compile("sanctions_relief > -1").holds(x));
}

TEST_CASE("numbers may have a fraction and an exponent", "[red_line]") {
  CHECK(holds_at_security("security_guarantee == 5e-1", 0.5));
  CHECK(holds_at_security("security_guarantee == .5", 0.5));
  CHECK(holds_at_security("security_guarantee == 0.05E1", 0.5));
  CHECK(holds_at_security("security_guarantee == 5.", 5.0));
  CHECK(holds_at_security("security_guarantee == 2.5e+1", 25.0));
  CHECK(holds_at_security("security_guarantee == 3", 3.0));
}

TEST_CASE("true and false are boolean literals", "[red_line]") {
  CHECK(holds_at_security("true", 0));
  CHECK_FALSE(holds_at_security("false", 0));
  CHECK(holds_at_security("not false", 0));
  CHECK(holds_at_security("false -> false", 0));
  CHECK_FALSE(holds_at_security("true and security_guarantee > 0", 0));
  CHECK(holds_at_security("(false or true) and (true -> true)", 0));
}

TEST_CASE("a discrete issue compares with its option names", "[red_line]") {
  const RedLine frozen = compile("territory == 'frozen_line'");
  CHECK(frozen.holds(outcome(0, 0, 1, 0)));
  CHECK_FALSE(frozen.holds(outcome(0, 0, 0, 0)));
  CHECK_FALSE(frozen.holds(outcome(0, 0, 2, 0)));
  // Double quotes, literal on the left, parentheses around either side.
  CHECK(compile("\"all\" == territory").holds(outcome(0, 0, 2, 0)));
  CHECK(compile("(territory) != ('none')").holds(outcome(0, 0, 2, 0)));
  CHECK_FALSE(compile("(territory) != ('none')").holds(outcome(0, 0, 0, 0)));
  // Options are ordered by index: none (0) < frozen_line (1) < all (2).
  CHECK(compile("territory < 'all'").holds(outcome(0, 0, 1, 0)));
  CHECK_FALSE(compile("territory < 'all'").holds(outcome(0, 0, 2, 0)));
  CHECK(compile("territory >= 'frozen_line'").holds(outcome(0, 0, 2, 0)));
  // The option index is also a plain number.
  CHECK(compile("territory == 1").holds(outcome(0, 0, 1, 0)));
}

TEST_CASE("the red lines from the scenario guide evaluate as documented", "[red_line]") {
  const RedLine guarantee = compile("security_guarantee >= 0.5");
  CHECK(guarantee.holds(outcome(0, 0, 0, 0.5)));
  CHECK_FALSE(guarantee.holds(outcome(0, 0, 0, 0.49)));

  const RedLine minerals = compile("minerals_share > 0 -> security_guarantee >= 0.3");
  CHECK(minerals.holds(outcome(0, 0, 0, 0)));
  CHECK_FALSE(minerals.holds(outcome(0, 0.1, 0, 0.2)));
  CHECK(minerals.holds(outcome(0, 0.1, 0, 0.3)));

  const RedLine territory = compile("territory == 'frozen_line' or sanctions_relief <= 0.2");
  CHECK(territory.holds(outcome(1, 0, 1, 0)));
  CHECK(territory.holds(outcome(0.2, 0, 2, 0)));
  CHECK_FALSE(territory.holds(outcome(0.3, 0, 2, 0)));
}

TEST_CASE("keywords are reserved words but identifiers may contain them", "[red_line]") {
  const std::vector<std::string> ids = {"notable", "order", "android", "true_value", "falsehood"};
  const std::vector<std::vector<std::string>> options(5);
  const RedLine line = RedLine::compile(
      "not notable > 0 and order > 0 or android > 0 and true_value > 0 and falsehood > 0", ids,
      options);
  Eigen::VectorXd x(5);
  x << 0, 1, 0, 0, 0;
  CHECK(line.holds(x));  // (not notable > 0) and order > 0
  x << 1, 1, 1, 1, 1;
  CHECK(line.holds(x));  // android, true_value and falsehood all > 0
  x << 1, 1, 1, 1, 0;
  CHECK_FALSE(line.holds(x));
  CHECK(line.issues() == std::vector<int>{0, 1, 2, 3, 4});
  // Keywords are case-sensitive: `AND` is an identifier, not an operator ...
  const Failure upper = compile_error("order > 0 AND notable > 0", ids, options);
  CHECK(upper.column == 11);
  CHECK(upper.message == "expected `and`, `or`, `->` or end of expression after `0`, found `AND`");
  // ... hence an unknown issue where an operand is expected.
  const Failure issue = compile_error("AND > 0", ids, options);
  CHECK(issue.column == 1);
  CHECK(issue.message ==
        "unknown issue `AND`; known issues: notable, order, android, true_value, falsehood");
  // A keyword cannot stand where an issue is expected.
  const Failure keyword = compile_error("not > 0", ids, options);
  CHECK(keyword.column == 5);
  CHECK(keyword.message == "expected an issue, a number or `(` after `not`, found `>`");
}

TEST_CASE("issues lists the issues read, ascending and without duplicates", "[red_line]") {
  const RedLine line = compile(
      "security_guarantee > 0 and sanctions_relief > 0 or security_guarantee < 1 and "
      "territory == 'all'");
  CHECK(line.issues() == std::vector<int>{0, 2, 3});
  CHECK(compile("true").issues().empty());
  CHECK(compile("minerals_share * minerals_share >= 0").issues() == std::vector<int>{1});
}

TEST_CASE("text returns the expression as given", "[red_line]") {
  const std::string text = "  security_guarantee>=0.5 ";
  CHECK(compile(text).text() == text);
}

TEST_CASE("a copied red line evaluates like the original", "[red_line]") {
  const RedLine original = compile("territory == 'frozen_line' or sanctions_relief <= 0.2");
  std::vector<RedLine> lines = {original, original};
  const RedLine copy = lines[1];
  CHECK(copy.holds(outcome(0, 0, 1, 0)));
  CHECK_FALSE(copy.holds(outcome(1, 0, 2, 0)));
  CHECK(copy.text() == original.text());
  CHECK(copy.issues() == original.issues());
}

TEST_CASE("a bare number where a boolean is expected is an error", "[red_line]") {
  const Failure bare = compile_error("minerals_share");
  CHECK(bare.column == 1);
  CHECK(bare.message ==
        "expected a boolean expression (a comparison such as `minerals_share >= 0.3`), found a "
        "number");

  const Failure before_and = compile_error("minerals_share and security_guarantee > 0");
  CHECK(before_and.column == 1);
  CHECK(before_and.message ==
        "expected a boolean expression before `and` (a comparison such as `minerals_share >= "
        "0.3`), found a number");

  // Column 27 is the `(` that starts the right operand of `||`.
  const Failure after_or = compile_error("security_guarantee > 0 || (minerals_share + 1)");
  CHECK(after_or.column == 27);
  CHECK(after_or.message ==
        "expected a boolean expression after `||` (a comparison such as `(minerals_share + 1) "
        ">= 0.3`), found a number");

  const Failure after_not = compile_error("not minerals_share");
  CHECK(after_not.column == 5);
  CHECK(after_not.message ==
        "expected a boolean expression after `not` (a comparison such as `minerals_share >= "
        "0.3`), found a number");

  const Failure after_implies = compile_error("minerals_share > 0 -> 1");
  CHECK(after_implies.column == 23);
  CHECK(after_implies.message ==
        "expected a boolean expression after `->` (a comparison such as `1 >= 0.3`), found a "
        "number");
}

TEST_CASE("a boolean where a number is expected is an error", "[red_line]") {
  const Failure sum = compile_error("(minerals_share > 0) + 1 > 0");
  CHECK(sum.column == 1);
  CHECK(sum.message == "expected a number before `+`, found a boolean expression");

  const Failure negated = compile_error("-(minerals_share > 0)");
  CHECK(negated.column == 2);
  CHECK(negated.message == "expected a number after unary `-`, found a boolean expression");

  const Failure compared = compile_error("minerals_share == true");
  CHECK(compared.column == 19);
  CHECK(compared.message == "expected a number after `==`, found a boolean expression");

  const Failure product = compile_error("2 * (true) < 1");
  CHECK(product.column == 5);
  CHECK(product.message == "expected a number after `*`, found a boolean expression");
}

TEST_CASE("an empty expression is an error", "[red_line]") {
  for (const char* text : {"", "   "}) {
    const Failure failure = compile_error(text);
    CHECK(failure.column == 1);
    CHECK(failure.message ==
          "expected a boolean expression such as `sanctions_relief >= 0.5`, found an empty "
          "expression");
  }
}

TEST_CASE("an unknown issue is an error listing the known issues", "[red_line]") {
  const Failure failure = compile_error("security_guarantee >= 0.5 and minerals > 0");
  CHECK(failure.column == 31);
  CHECK(failure.message ==
        "unknown issue `minerals`; known issues: sanctions_relief, minerals_share, territory, "
        "security_guarantee");
  const Failure none = compile_error("x > 0", {}, {});
  CHECK(none.column == 1);
  CHECK(none.message == "unknown issue `x`; there are no issues");
}

TEST_CASE("an option literal must name an option of a bare discrete issue", "[red_line]") {
  const Failure unknown = compile_error("territory == 'frozen'");
  CHECK(unknown.column == 14);
  CHECK(unknown.message ==
        "unknown option 'frozen' of issue `territory`; options: 'none', 'frozen_line', 'all'");

  const Failure continuous = compile_error("sanctions_relief == 'all'");
  CHECK(continuous.column == 21);
  CHECK(continuous.message ==
        "issue `sanctions_relief` is continuous and has no options; compare it with a number, "
        "found 'all'");

  const std::string misuse =
      "the option name 'all' can only be compared with a discrete issue, as in `territory == "
      "'all'`";
  const Failure alone = compile_error("'all'");
  CHECK(alone.column == 1);
  CHECK(alone.message == misuse);
  const Failure arithmetic = compile_error("territory + 1 == 'all'");
  CHECK(arithmetic.column == 18);
  CHECK(arithmetic.message == misuse);
  const Failure two_literals = compile_error("'all' == \"none\"");
  CHECK(two_literals.column == 1);
  CHECK(two_literals.message == misuse);
  const Failure summed = compile_error("territory == 'all' + 1");
  CHECK(summed.column == 14);
  CHECK(summed.message == misuse);
  const Failure in_or = compile_error("territory == 1 or 'all'");
  CHECK(in_or.column == 19);
  CHECK(in_or.message == misuse);

  const Failure no_discrete = compile_error("x == 'a'", {"x"}, {{}});
  CHECK(no_discrete.column == 6);
  CHECK(no_discrete.message ==
        "issue `x` is continuous and has no options; compare it with a number, found 'a'");
  const Failure nowhere = compile_error("'a' + 1 > 0", {"x"}, {{}});
  CHECK(nowhere.column == 1);
  CHECK(nowhere.message ==
        "the option name 'a' can only be compared with a discrete issue, and no issue is "
        "discrete");
}

TEST_CASE("a missing operand is an error naming what was found", "[red_line]") {
  const Failure at_end = compile_error("minerals_share >= ");
  CHECK(at_end.column == 19);
  CHECK(at_end.message == "expected an issue, a number or `(` after `>=`, found end of expression");

  const Failure at_start = compile_error("and minerals_share > 0");
  CHECK(at_start.column == 1);
  CHECK(at_start.message == "expected an issue, a number or `(`, found `and`");

  const Failure dangling = compile_error("minerals_share > 0 and");
  CHECK(dangling.column == 23);
  CHECK(dangling.message ==
        "expected an issue, a number or `(` after `and`, found end of expression");

  const Failure empty_parens = compile_error("()");
  CHECK(empty_parens.column == 2);
  CHECK(empty_parens.message == "expected an issue, a number or `(` after `(`, found `)`");
}

TEST_CASE("a missing comparison operator is an error", "[red_line]") {
  const Failure failure = compile_error("minerals_share 0.3");
  CHECK(failure.column == 16);
  CHECK(failure.message == "expected a comparison operator after `minerals_share`, found `0.3`");
}

TEST_CASE("chained comparisons are an error", "[red_line]") {
  const Failure failure = compile_error("0 < sanctions_relief < 1");
  CHECK(failure.column == 22);
  CHECK(failure.message ==
        "comparisons cannot be chained: found `<` after `0 < sanctions_relief`; combine "
        "comparisons with `and`");
}

TEST_CASE("trailing input after a complete expression is an error", "[red_line]") {
  const Failure word = compile_error("security_guarantee >= 0.5 territory");
  CHECK(word.column == 27);
  CHECK(word.message ==
        "expected `and`, `or`, `->` or end of expression after `0.5`, found `territory`");

  const Failure paren = compile_error("security_guarantee >= 0.5)");
  CHECK(paren.column == 26);
  CHECK(paren.message == "found `)` without a matching `(`");
}

TEST_CASE("an unclosed parenthesis is an error", "[red_line]") {
  const Failure at_end = compile_error("(security_guarantee >= 0.5");
  CHECK(at_end.column == 27);
  CHECK(at_end.message == "expected `)` to close the `(` at column 1, found end of expression");

  const Failure inner = compile_error("true and (security_guarantee >= 0.5 1)");
  CHECK(inner.column == 37);
  CHECK(inner.message == "expected `)` to close the `(` at column 10, found `1`");
}

TEST_CASE("bad characters and malformed literals are errors", "[red_line]") {
  const Failure single_equals = compile_error("minerals_share = 0.3");
  CHECK(single_equals.column == 16);
  CHECK(single_equals.message == "expected `==`, found `=`");

  const Failure single_and = compile_error("minerals_share > 0 & true");
  CHECK(single_and.column == 20);
  CHECK(single_and.message == "expected `&&`, found `&`");

  const Failure single_or = compile_error("minerals_share > 0 | true");
  CHECK(single_or.column == 20);
  CHECK(single_or.message == "expected `||`, found `|`");

  const Failure hash = compile_error("minerals_share > 0 # comment");
  CHECK(hash.column == 20);
  CHECK(hash.message == "unexpected character `#`");

  const Failure unicode = compile_error("minerals_share ≥ 0.3");
  CHECK(unicode.column == 16);
  CHECK(unicode.message == "unexpected character `≥`; write `>=`");

  const Failure unterminated = compile_error("territory == 'all");
  CHECK(unterminated.column == 14);
  CHECK(unterminated.message ==
        "unterminated option name: expected a closing `'`, found end of expression");

  const Failure exponent = compile_error("minerals_share > 1e");
  CHECK(exponent.column == 18);
  CHECK(exponent.message == "malformed number `1e`");

  const Failure two_points = compile_error("minerals_share > 1.2.3");
  CHECK(two_points.column == 18);
  CHECK(two_points.message == "malformed number `1.2.3`");

  const Failure huge = compile_error("minerals_share > 1e999");
  CHECK(huge.column == 18);
  CHECK(huge.message == "number `1e999` is out of range");
}

TEST_CASE("error columns count characters, not bytes", "[red_line]") {
  // `Ü` is two bytes but one column: "territory == 'Ünited' and " is 26 characters.
  const std::vector<std::string> ids = {"territory"};
  const std::vector<std::vector<std::string>> options = {{"Ünited", "other"}};
  const Failure failure = compile_error("territory == 'Ünited' and nope > 0", ids, options);
  CHECK(failure.column == 27);
  CHECK(failure.message == "unknown issue `nope`; known issues: territory");
  // And the literal resolves to its option.
  Eigen::VectorXd x(1);
  x << 0;
  CHECK(RedLine::compile("territory == 'Ünited'", ids, options).holds(x));
}

TEST_CASE("a red line error reports its column in what()", "[red_line]") {
  try {
    compile("minerals_share = 0.3");
    FAIL("expected a RedLineError");
  } catch (const RedLineError& error) {
    CHECK(std::string(error.what()) == "column 16: expected `==`, found `=`");
  }
}

TEST_CASE("nesting deeper than 64 levels is an error", "[red_line]") {
  const std::string too_deep =
      "expression is nested too deeply (more than 64 levels); simplify it or split it into "
      "several red lines";
  // 64 parentheses are fine; the 65th `(` is at column 65.
  CHECK(compile(repeat("(", 64) + "security_guarantee > 0" + repeat(")", 64))
            .holds(outcome(0, 0, 0, 1)));
  const Failure parens =
      compile_error(repeat("(", 65) + "security_guarantee > 0" + repeat(")", 65));
  CHECK(parens.column == 65);
  CHECK(parens.message == too_deep);
  // Likewise for negations: 64 `!` evaluate to the comparison itself.
  CHECK(compile(repeat("!", 64) + "security_guarantee > 0").holds(outcome(0, 0, 0, 1)));
  const Failure nots = compile_error(repeat("!", 65) + "security_guarantee > 0");
  CHECK(nots.column == 65);
  CHECK(nots.message == too_deep);
  // And unary minus: `-` at column 65 is the 65th.
  const Failure minus = compile_error(repeat("-", 65) + "1 < 0");
  CHECK(minus.column == 65);
  CHECK(minus.message == too_deep);
}

TEST_CASE("an expression needing more than 64 stack slots is an error", "[red_line]") {
  // "0 < " + k times "1 + (" + "1" + k times ")": the stack holds the 0, the k outer
  // 1s and the innermost 1, i.e. k + 2 values; the innermost `1` sits at column 5k + 5.
  const auto nested_sum = [](int k) { return "0 < " + repeat("1 + (", k) + "1" + repeat(")", k); };
  CHECK(compile(nested_sum(62)).holds(outcome(0, 0, 0, 0)));
  const Failure failure = compile_error(nested_sum(63));
  CHECK(failure.column == 320);
  CHECK(failure.message ==
        "expression is nested too deeply (more than 64 levels); simplify it or split it into "
        "several red lines");

  // n chained implications keep n premises pending and then push the two operands of
  // the last comparison: n + 2 slots. "g > 0 -> " is 9 characters, so the final `0`
  // of n = 63 sits at column 9 * 63 + 5 = 572.
  const std::vector<std::string> ids = {"g"};
  const std::vector<std::vector<std::string>> options(1);
  Eigen::VectorXd x(1);
  x << 0;
  CHECK(RedLine::compile(repeat("g > 0 -> ", 62) + "g > 0", ids, options).holds(x));
  const Failure chain = compile_error(repeat("g > 0 -> ", 63) + "g > 0", ids, options);
  CHECK(chain.column == 572);
}

TEST_CASE("a long flat conjunction is not too deep", "[red_line]") {
  // Left-associative operators keep the stack at three slots whatever the length.
  std::string text = "security_guarantee > 0";
  for (int i = 0; i < 200; ++i) text += " and security_guarantee > 0";
  const RedLine line = compile(text);
  CHECK(line.holds(outcome(0, 0, 0, 1)));
  CHECK_FALSE(line.holds(outcome(0, 0, 0, 0)));
}

// Sorted crossings of `text` as issue `issue` moves from `at`.
std::vector<double> crossings_of(const std::string& text, Eigen::Index issue,
                                 const Eigen::VectorXd& at) {
  std::array<double, 12> values{};
  const int count = compile(text).crossings(at, issue, values);
  if (count < 0) return {};
  std::vector<double> found(values.begin(), values.begin() + count);
  std::sort(found.begin(), found.end());
  return found;
}

TEST_CASE(
    "crossings: a bound on one issue changes truth at the bound and either side of its "
    "tolerance",
    "[red_line]") {
  const std::vector<double> found =
      crossings_of("security_guarantee >= 0.5", 3, outcome(0, 0, 0, 0.2));
  REQUIRE(found.size() == 3);
  CHECK(found[0] == Approx(0.5 - 2e-9).margin(1e-15));
  CHECK(found[1] == Approx(0.5).margin(1e-15));
  CHECK(found[2] == Approx(0.5 + 2e-9).margin(1e-15));
  // Below the first the line breaks, at the middle one it holds.
  const RedLine line = compile("security_guarantee >= 0.5");
  CHECK_FALSE(line.holds(outcome(0, 0, 0, found[0] - 1e-10)));
  CHECK(line.holds(outcome(0, 0, 0, found[1])));
}

TEST_CASE("crossings: a sum bound solves for the moving term, other issues held", "[red_line]") {
  // 0.4 + 2 m <= 1  at  m = 0.3 (hand-derived).
  const std::vector<double> found =
      crossings_of("sanctions_relief + 2 * minerals_share <= 1", 1, outcome(0.4, 0.9, 0, 0));
  REQUIRE(found.size() == 3);
  CHECK(found[1] == Approx(0.3).margin(1e-12));
  CHECK(found[2] - found[1] == Approx(1e-9).margin(1e-15));  // 2e-9 of the sum is 1e-9 of m
  // A product with a held issue is affine in the moving one: 0.5 s <= 0.1 at s = 0.2.
  const std::vector<double> product =
      crossings_of("sanctions_relief * security_guarantee <= 0.1", 0, outcome(0.9, 0, 0, 0.5));
  REQUIRE(product.size() == 3);
  CHECK(product[1] == Approx(0.2).margin(1e-12));
  // Division by a constant: s / 2 >= 0.2 at s = 0.4.
  const std::vector<double> halved =
      crossings_of("security_guarantee / 2 >= 0.2", 3, outcome(0, 0, 0, 0));
  REQUIRE(halved.size() == 3);
  CHECK(halved[1] == Approx(0.4).margin(1e-12));
}

TEST_CASE("crossings: only comparisons that read the moving issue count", "[red_line]") {
  const std::string text = "minerals_share > 0 -> security_guarantee >= 0.5";
  const std::vector<double> on_security = crossings_of(text, 3, outcome(0, 0.2, 0, 0.1));
  REQUIRE(on_security.size() == 3);
  CHECK(on_security[1] == Approx(0.5).margin(1e-15));
  const std::vector<double> on_minerals = crossings_of(text, 1, outcome(0, 0.2, 0, 0.1));
  REQUIRE(on_minerals.size() == 3);
  CHECK(on_minerals[1] == Approx(0.0).margin(1e-15));
  std::array<double, 3> values{};
  CHECK(compile(text).crossings(outcome(0, 0.2, 0, 0.1), 0, values) == 0);
}

TEST_CASE(
    "crossings: a side that is not affine in the moving issue, or too small a buffer, "
    "gives -1",
    "[red_line]") {
  std::array<double, 12> values{};
  const Eigen::VectorXd x = outcome(0.5, 0.5, 0, 0.5);
  CHECK(compile("security_guarantee * security_guarantee <= 0.25").crossings(x, 3, values) == -1);
  CHECK(compile("1 / security_guarantee >= 2").crossings(x, 3, values) == -1);
  CHECK(compile("1 / security_guarantee >= 2").crossings(x, 0, values) == 0);
  std::array<double, 5> small{};
  CHECK(compile("security_guarantee > 0 and security_guarantee < 1").crossings(x, 3, small) == -1);
  CHECK(compile("security_guarantee > 0 and security_guarantee < 1").crossings(x, 3, values) == 6);
}

TEST_CASE("misuse by the caller breaks an invariant", "[red_line]") {
  const std::vector<std::vector<std::string>> too_few(2);
  CHECK_THROWS_AS(RedLine::compile("true", kIds, too_few), InternalError);
  const RedLine line = compile("security_guarantee > 0");
  CHECK_THROWS_AS(line.holds(Eigen::VectorXd::Zero(3)), InternalError);
  CHECK(compile("sanctions_relief > 0").holds(Eigen::VectorXd::Ones(1)));
}

}  // namespace parley
