// RedLine: a condition an actor requires of any deal it signs.
//
// A red line is a boolean expression over issue values, written in a scenario
// file, e.g. `security_guarantee >= 0.5`, `minerals_share > 0 -> security_guarantee
// >= 0.3` or `territory == 'frozen_line' or sanctions_relief <= 0.2`. An outcome
// is an Eigen::VectorXd with one value per issue (index d = issue d); a discrete
// issue holds its option index 0 … k−1, and a quoted option name compared with a
// bare discrete issue id stands for that option's index.
//
// Grammar (lowest precedence first):
//   expression  := implication
//   implication := disjunction ( '->' implication )?     right-assoc; a -> b == !a || b
//   disjunction := conjunction ( ('||' | 'or') conjunction )*
//   conjunction := negation ( ('&&' | 'and') negation )*
//   negation    := ('!' | 'not') negation | comparison
//   comparison  := sum ( ('<' | '<=' | '>' | '>=' | '==' | '!=') sum )?
//   sum         := product ( ('+' | '-') product )*
//   product     := unary ( ('*' | '/') unary )*
//   unary       := '-' unary | primary
//   primary     := number | issue_id | 'option' | "option" | 'true' | 'false'
//                | '(' expression ')'
// Numbers are decimal with an optional fraction and exponent (`0.5`, `.5`, `5e-1`).
// Identifiers are [A-Za-z_][A-Za-z0-9_]*; `and`, `or`, `not`, `true` and `false`
// are keywords (case-sensitive), so an issue with such an id cannot be named.
// Note that `not` binds looser than a comparison: `!a == 1` is `!(a == 1)`.
//
// Contract:
//  * `compile` type-checks the whole expression: it must be boolean, operands of
//    `and`/`or`/`not`/`->` must be boolean, operands of arithmetic and comparisons
//    must be numbers. An option literal may only be one side of a comparison whose
//    other side is a bare (possibly parenthesised) discrete issue id. Comparisons
//    do not chain (`a < b < c` is an error). Any error throws RedLineError with
//    the 1-based column (in characters, not bytes) and "expected …, found …".
//  * Comparisons use an absolute tolerance kTolerance = 1e-9 so that values found
//    by bisection land on the intended side:
//      a >= b  is  a >= b - 1e-9        a <= b  is  a <= b + 1e-9
//      a >  b  is  a >  b + 1e-9        a <  b  is  a <  b - 1e-9
//      a == b  is  a == b or |a - b| <= 1e-9     (so inf == inf holds)
//      a != b  is  a != b and |a - b| >  1e-9    (the negation of ==, except NaN)
//    Arithmetic follows IEEE 754 (x / 0 is ±inf or NaN); every comparison with a
//    NaN operand is false, `!=` included.
//  * The expression compiles to a flat postfix program evaluated with a fixed-size
//    stack, so `holds` never allocates (given an outcome that binds to the Ref
//    without a temporary, e.g. a VectorXd or a contiguous column). The compiler
//    rejects expressions that nest more than kMaxDepth levels (parentheses, `not`,
//    unary `-`, chained `->`) or need more than kMaxDepth stack slots.
//  * `holds` requires outcome.size() > every index in `issues()` (PARLEY_CHECK).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

namespace parley {

// A compile error inside a red-line expression. column() is the 1-based character
// column within the expression text (one past the last character for "found end of
// expression"); what() is "column N: message".
class RedLineError : public std::runtime_error {
 public:
  RedLineError(std::uint32_t column, std::string message);
  std::uint32_t column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  std::uint32_t column_;
  std::string message_;
};

class RedLineCompiler;

class RedLine {
 public:
  static constexpr double kTolerance = 1e-9;
  static constexpr std::size_t kMaxDepth = 64;

  // Compiles `text`. issue_ids[d] names issue d; issue_options[d] lists the options
  // of discrete issue d (empty for a continuous issue); both spans have one entry
  // per issue. Throws RedLineError for a bad expression.
  static RedLine compile(std::string_view text, std::span<const std::string> issue_ids,
                         std::span<const std::vector<std::string>> issue_options);

  // True when `outcome` satisfies the expression. Does not allocate.
  bool holds(const Eigen::Ref<const Eigen::VectorXd>& outcome) const;

  // Where the expression can change truth value as issue `issue` moves and
  // every other issue keeps its value in `outcome`: for each comparison whose
  // two sides differ by an affine function of the issue, the values at which
  // the difference is 0 and ±2·kTolerance (just inside and just past the
  // tolerance). Between consecutive values the truth value is constant, so a
  // caller looking for the first value along a move at which the line holds
  // need only test these. Writes them to `values` (unordered) and returns how
  // many; returns -1 when a side is not affine in the issue (a product of two
  // terms that vary with it, or a division by one), or when `values` is too
  // small. Does not allocate.
  int crossings(const Eigen::Ref<const Eigen::VectorXd>& outcome, Eigen::Index issue,
                std::span<double> values) const;

  // The expression exactly as given to `compile`.
  const std::string& text() const { return text_; }
  // Indices of the issues the expression reads, ascending, without duplicates.
  const std::vector<int>& issues() const { return issues_; }

 private:
  friend class RedLineCompiler;

  enum class Op : std::uint8_t {
    kConstant,  // push value
    kIssue,     // push outcome[issue]
    kNegate,
    kAdd,
    kSubtract,
    kMultiply,
    kDivide,
    kLess,
    kLessEqual,
    kGreater,
    kGreaterEqual,
    kEqual,
    kNotEqual,
    kNot,
    kAnd,
    kOr,
    kImplies,
    // Only in the evaluation program (`holds`): an issue compared with a constant,
    // `outcome[issue] <comparison> value` (or `value <comparison> outcome[issue]`
    // when !issue_first), the three instructions it fuses in one step.
    kCompareIssue,
  };
  // One postfix instruction; booleans live on the stack as 0.0 / 1.0.
  struct Instruction {
    Op op = Op::kConstant;
    Eigen::Index issue = 0;
    double value = 0.0;
    Op comparison = Op::kLess;  // kCompareIssue: which comparison
    bool issue_first = true;    // kCompareIssue: the issue is the left operand
  };

  // The program `holds` runs: `program_` with every comparison of an issue and a
  // constant fused into one kCompareIssue (the same operations on the same
  // operands, so the same truth values; red lines are mostly such comparisons,
  // and the search of the analysis tests them millions of times).
  static std::vector<Instruction> fuse_comparisons(const std::vector<Instruction>& program);
  // a <op> b for a comparison op, with the tolerance of the contract above.
  static bool compare(Op op, double a, double b);
  static bool is_comparison(Op op);

  RedLine() = default;

  std::string text_;
  std::vector<Instruction> program_;     // as compiled (`crossings` reads it)
  std::vector<Instruction> evaluation_;  // fuse_comparisons(program_), for `holds`
  // The common shapes of `evaluation_`, which `holds` runs without the stack: one
  // fused comparison, or two joined by and / or / `->` (`connective_`).
  enum class Shape : std::uint8_t { kGeneral, kOneComparison, kTwoComparisons };
  Shape shape_ = Shape::kGeneral;
  Op connective_ = Op::kAnd;
  // One fused comparison's truth value.
  static bool comparison_holds(const Instruction& step,
                               const Eigen::Ref<const Eigen::VectorXd>& outcome) {
    const double x = outcome[step.issue];
    return step.issue_first ? compare(step.comparison, x, step.value)
                            : compare(step.comparison, step.value, x);
  }
  std::vector<int> issues_;
  Eigen::Index min_outcome_size_ = 0;  // 1 + the largest index in issues_
};

}  // namespace parley
