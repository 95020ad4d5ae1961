#include "utility/red_line.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/number_text.hpp"

namespace parley {

RedLineError::RedLineError(std::uint32_t column, std::string message)
    : std::runtime_error(fmt::format("column {}: {}", column, message)),
      column_(column),
      message_(std::move(message)) {}

namespace {

enum class Tok {
  kEnd,
  kNumber,
  kIdentifier,
  kString,
  kTrue,
  kFalse,
  kAnd,
  kOr,
  kNot,
  kImplies,
  kLParen,
  kRParen,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kEqual,
  kNotEqual,
};

// A token is the byte range [begin, end) of the expression text.
struct Token {
  Tok kind = Tok::kEnd;
  std::size_t begin = 0;
  std::size_t end = 0;
  double number = 0.0;
};

enum class Type { kNumber, kBoolean, kOption };

// What a parse function produced: its type and source range, plus what a
// comparison needs to resolve an option literal against a bare discrete issue.
struct Operand {
  Type type = Type::kNumber;
  std::size_t begin = 0;
  std::size_t end = 0;
  int bare_issue = -1;            // issue index when the operand is just an issue id
  std::size_t literal_pc = 0;     // kOption: program index of the placeholder push
  std::size_t literal_begin = 0;  // kOption: byte range of the quoted literal
  std::size_t literal_end = 0;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_identifier_char(char c) { return is_identifier_start(c) || is_digit(c); }
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_comparison(Tok kind) {
  return kind == Tok::kLess || kind == Tok::kLessEqual || kind == Tok::kGreater ||
         kind == Tok::kGreaterEqual || kind == Tok::kEqual || kind == Tok::kNotEqual;
}

// Byte length of the UTF-8 sequence that starts with `lead` (1 for invalid bytes).
std::size_t utf8_length(char lead) {
  const auto byte = static_cast<unsigned char>(lead);
  if ((byte & 0xE0U) == 0xC0U) return 2;
  if ((byte & 0xF0U) == 0xE0U) return 3;
  if ((byte & 0xF8U) == 0xF0U) return 4;
  return 1;
}

// Operator symbols people paste from prose, with what to write instead.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kLookalikes = {{
    {"≥", ">="},
    {"≤", "<="},
    {"≠", "!="},
    {"→", "->"},
    {"∧", "and"},
    {"∨", "or"},
    {"¬", "not"},
}};

}  // namespace

// Recursive-descent compiler: lexes on demand, type-checks while parsing and emits
// the postfix program directly (no syntax tree), so errors come out left to right.
class RedLineCompiler {
 public:
  RedLineCompiler(std::string_view text, std::span<const std::string> issue_ids,
                  std::span<const std::vector<std::string>> issue_options,
                  std::vector<RedLine::Instruction>& program, std::vector<int>& issues)
      : text_(text),
        issue_ids_(issue_ids),
        issue_options_(issue_options),
        program_(program),
        issues_(issues) {}

  void compile() {
    advance();
    if (tok_.kind == Tok::kEnd) {
      const std::string example = issue_ids_.empty() ? "issue" : issue_ids_.front();
      fail(0, fmt::format("expected a boolean expression such as `{} >= 0.5`, found an empty "
                          "expression",
                          example));
    }
    const Operand top = parse_implication();
    if (tok_.kind != Tok::kEnd) {
      if (tok_.kind == Tok::kRParen) fail(tok_.begin, "found `)` without a matching `(`");
      if (top.type == Type::kBoolean) {
        fail(tok_.begin,
             fmt::format("expected `and`, `or`, `->` or end of expression after `{}`, found {}",
                         token_text(prev_), describe(tok_)));
      }
      fail(tok_.begin, fmt::format("expected a comparison operator after `{}`, found {}",
                                   token_text(prev_), describe(tok_)));
    }
    require_boolean(top, "");
    PARLEY_CHECK(height_ == 1, "red line `{}` compiled to a program leaving {} values", text_,
                 height_);
  }

 private:
  using Op = RedLine::Op;
  using Instruction = RedLine::Instruction;

  // ---- errors --------------------------------------------------------------

  std::uint32_t column_at(std::size_t offset) const {
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text_.size(); ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U) ++column;
    }
    if (offset > text_.size()) column += offset - text_.size();
    return static_cast<std::uint32_t>(column);
  }

  [[noreturn]] void fail(std::size_t offset, std::string message) const {
    throw RedLineError(column_at(offset), std::move(message));
  }

  std::string_view slice(std::size_t begin, std::size_t end) const {
    return text_.substr(begin, end - begin);
  }
  std::string_view token_text(const Token& token) const { return slice(token.begin, token.end); }
  std::string describe(const Token& token) const {
    if (token.kind == Tok::kEnd) return "end of expression";
    return fmt::format("`{}`", token_text(token));
  }
  std::string before(const Token& op) const { return fmt::format(" before `{}`", token_text(op)); }
  std::string after(const Token& op) const { return fmt::format(" after `{}`", token_text(op)); }

  [[noreturn]] void fail_option(const Operand& literal) const {
    const std::string_view name = slice(literal.literal_begin + 1, literal.literal_end - 1);
    for (std::size_t d = 0; d < issue_options_.size(); ++d) {
      if (!issue_options_[d].empty()) {
        fail(literal.literal_begin,
             fmt::format("the option name '{}' can only be compared with a discrete issue, as "
                         "in `{} == '{}'`",
                         name, issue_ids_[d], name));
      }
    }
    fail(literal.literal_begin,
         fmt::format("the option name '{}' can only be compared with a discrete issue, and no "
                     "issue is discrete",
                     name));
  }

  void require_boolean(const Operand& operand, std::string_view context) const {
    if (operand.type == Type::kBoolean) return;
    if (operand.type == Type::kOption) fail_option(operand);
    fail(operand.begin, fmt::format("expected a boolean expression{} (a comparison such as `{} "
                                    ">= 0.3`), found a number",
                                    context, slice(operand.begin, operand.end)));
  }

  void require_number(const Operand& operand, std::string_view context) const {
    if (operand.type == Type::kNumber) return;
    if (operand.type == Type::kOption) fail_option(operand);
    fail(operand.begin, fmt::format("expected a number{}, found a boolean expression", context));
  }

  // ---- nesting and emission --------------------------------------------------

  std::string too_deep() const {
    return fmt::format(
        "expression is nested too deeply (more than {} levels); simplify it or split it into "
        "several red lines",
        RedLine::kMaxDepth);
  }
  void enter(const Token& opener) {
    if (++depth_ > RedLine::kMaxDepth) fail(opener.begin, too_deep());
  }
  void leave() { --depth_; }

  void emit_push(Instruction instruction, std::size_t at) {
    if (++height_ > RedLine::kMaxDepth) fail(at, too_deep());
    program_.push_back(instruction);
  }
  void emit_unary(Op op) { program_.push_back({op, 0, 0.0}); }
  void emit_binary(Op op) {
    program_.push_back({op, 0, 0.0});
    --height_;
  }

  // ---- lexer -----------------------------------------------------------------

  void advance() {
    prev_ = tok_;
    tok_ = lex();
  }

  Token lex() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
    const std::size_t start = pos_;
    if (start >= text_.size()) return {Tok::kEnd, start, start, 0.0};
    const char c = text_[start];
    if (is_digit(c) || (c == '.' && start + 1 < text_.size() && is_digit(text_[start + 1]))) {
      return lex_number();
    }
    if (is_identifier_start(c)) {
      while (pos_ < text_.size() && is_identifier_char(text_[pos_])) ++pos_;
      const std::string_view word = slice(start, pos_);
      Tok kind = Tok::kIdentifier;
      if (word == "and") kind = Tok::kAnd;
      if (word == "or") kind = Tok::kOr;
      if (word == "not") kind = Tok::kNot;
      if (word == "true") kind = Tok::kTrue;
      if (word == "false") kind = Tok::kFalse;
      return {kind, start, pos_, 0.0};
    }
    if (c == '\'' || c == '"') {
      const std::size_t close = text_.find(c, start + 1);
      if (close == std::string_view::npos) {
        fail(start,
             fmt::format(
                 "unterminated option name: expected a closing `{}`, found end of expression", c));
      }
      pos_ = close + 1;
      return {Tok::kString, start, pos_, 0.0};
    }
    const char next = start + 1 < text_.size() ? text_[start + 1] : '\0';
    const auto two = [&](Tok kind) {
      pos_ = start + 2;
      return Token{kind, start, pos_, 0.0};
    };
    const auto one = [&](Tok kind) {
      pos_ = start + 1;
      return Token{kind, start, pos_, 0.0};
    };
    switch (c) {
      case '<':
        return next == '=' ? two(Tok::kLessEqual) : one(Tok::kLess);
      case '>':
        return next == '=' ? two(Tok::kGreaterEqual) : one(Tok::kGreater);
      case '=':
        if (next == '=') return two(Tok::kEqual);
        fail(start, "expected `==`, found `=`");
      case '!':
        return next == '=' ? two(Tok::kNotEqual) : one(Tok::kNot);
      case '&':
        if (next == '&') return two(Tok::kAnd);
        fail(start, "expected `&&`, found `&`");
      case '|':
        if (next == '|') return two(Tok::kOr);
        fail(start, "expected `||`, found `|`");
      case '-':
        return next == '>' ? two(Tok::kImplies) : one(Tok::kMinus);
      case '+':
        return one(Tok::kPlus);
      case '*':
        return one(Tok::kStar);
      case '/':
        return one(Tok::kSlash);
      case '(':
        return one(Tok::kLParen);
      case ')':
        return one(Tok::kRParen);
      default:
        break;
    }
    const std::string_view character = slice(start, std::min(text_.size(), start + utf8_length(c)));
    for (const auto& [symbol, replacement] : kLookalikes) {
      if (character == symbol) {
        fail(start, fmt::format("unexpected character `{}`; write `{}`", character, replacement));
      }
    }
    fail(start, fmt::format("unexpected character `{}`", character));
  }

  Token lex_number() {
    const std::size_t start = pos_;
    std::size_t p = start;
    while (p < text_.size() && is_digit(text_[p])) ++p;
    if (p < text_.size() && text_[p] == '.') {
      ++p;
      while (p < text_.size() && is_digit(text_[p])) ++p;
    }
    if (p < text_.size() && (text_[p] == 'e' || text_[p] == 'E')) {
      std::size_t q = p + 1;
      if (q < text_.size() && (text_[q] == '+' || text_[q] == '-')) ++q;
      if (q < text_.size() && is_digit(text_[q])) {
        p = q;
        while (p < text_.size() && is_digit(text_[p])) ++p;
      }
    }
    if (p < text_.size() && (is_identifier_char(text_[p]) || text_[p] == '.')) {
      while (p < text_.size() && (is_identifier_char(text_[p]) || text_[p] == '.')) ++p;
      fail(start, fmt::format("malformed number `{}`", slice(start, p)));
    }
    double value = 0.0;
    const char* first = text_.data() + start;
    const char* last = text_.data() + p;
    const auto [end, error] = parse_double(first, last, value);
    if (error == std::errc::result_out_of_range) {
      fail(start, fmt::format("number `{}` is out of range", slice(start, p)));
    }
    if (error != std::errc() || end != last) {
      fail(start, fmt::format("malformed number `{}`", slice(start, p)));
    }
    pos_ = p;
    return {Tok::kNumber, start, p, value};
  }

  // ---- parser ----------------------------------------------------------------

  Operand parse_implication() {
    Operand lhs = parse_disjunction();
    if (tok_.kind != Tok::kImplies) return lhs;
    const Token op = tok_;
    require_boolean(lhs, before(op));
    enter(op);
    advance();
    const Operand rhs = parse_implication();
    leave();
    require_boolean(rhs, after(op));
    emit_binary(Op::kImplies);
    return {Type::kBoolean, lhs.begin, rhs.end};
  }

  Operand parse_disjunction() {
    Operand lhs = parse_conjunction();
    while (tok_.kind == Tok::kOr) {
      const Token op = tok_;
      require_boolean(lhs, before(op));
      advance();
      const Operand rhs = parse_conjunction();
      require_boolean(rhs, after(op));
      emit_binary(Op::kOr);
      lhs = {Type::kBoolean, lhs.begin, rhs.end};
    }
    return lhs;
  }

  Operand parse_conjunction() {
    Operand lhs = parse_negation();
    while (tok_.kind == Tok::kAnd) {
      const Token op = tok_;
      require_boolean(lhs, before(op));
      advance();
      const Operand rhs = parse_negation();
      require_boolean(rhs, after(op));
      emit_binary(Op::kAnd);
      lhs = {Type::kBoolean, lhs.begin, rhs.end};
    }
    return lhs;
  }

  Operand parse_negation() {
    if (tok_.kind != Tok::kNot) return parse_comparison();
    const Token op = tok_;
    enter(op);
    advance();
    const Operand operand = parse_negation();
    leave();
    require_boolean(operand, after(op));
    emit_unary(Op::kNot);
    return {Type::kBoolean, op.begin, operand.end};
  }

  Operand parse_comparison() {
    const Operand lhs = parse_sum();
    if (!is_comparison(tok_.kind)) return lhs;
    const Token op = tok_;
    if (lhs.type == Type::kBoolean) require_number(lhs, before(op));
    advance();
    const Operand rhs = parse_sum();
    if (rhs.type == Type::kBoolean) require_number(rhs, after(op));
    if (lhs.type == Type::kOption) {
      resolve_option(lhs, rhs);
    } else if (rhs.type == Type::kOption) {
      resolve_option(rhs, lhs);
    }
    emit_binary(comparison_op(op.kind));
    if (is_comparison(tok_.kind)) {
      fail(tok_.begin, fmt::format("comparisons cannot be chained: found `{}` after `{}`; combine "
                                   "comparisons with `and`",
                                   token_text(tok_), slice(lhs.begin, rhs.end)));
    }
    return {Type::kBoolean, lhs.begin, rhs.end};
  }

  static Op comparison_op(Tok kind) {
    switch (kind) {
      case Tok::kLess:
        return Op::kLess;
      case Tok::kLessEqual:
        return Op::kLessEqual;
      case Tok::kGreater:
        return Op::kGreater;
      case Tok::kGreaterEqual:
        return Op::kGreaterEqual;
      case Tok::kEqual:
        return Op::kEqual;
      default:
        return Op::kNotEqual;
    }
  }

  // Turns the option literal's placeholder into the option index of `other`,
  // which must be a bare discrete issue.
  void resolve_option(const Operand& literal, const Operand& other) {
    if (other.type != Type::kNumber || other.bare_issue < 0) fail_option(literal);
    const auto d = static_cast<std::size_t>(other.bare_issue);
    const std::vector<std::string>& options = issue_options_[d];
    const std::string_view name = slice(literal.literal_begin + 1, literal.literal_end - 1);
    if (options.empty()) {
      fail(literal.literal_begin,
           fmt::format("issue `{}` is continuous and has no options; compare it with a number, "
                       "found '{}'",
                       issue_ids_[d], name));
    }
    const auto found = std::find(options.begin(), options.end(), name);
    if (found == options.end()) {
      std::string listed;
      for (const std::string& option : options) {
        listed += listed.empty() ? "'" : ", '";
        listed += option;
        listed += "'";
      }
      fail(literal.literal_begin, fmt::format("unknown option '{}' of issue `{}`; options: {}",
                                              name, issue_ids_[d], listed));
    }
    program_[literal.literal_pc].value = static_cast<double>(found - options.begin());
  }

  Operand parse_sum() {
    Operand lhs = parse_product();
    while (tok_.kind == Tok::kPlus || tok_.kind == Tok::kMinus) {
      const Token op = tok_;
      require_number(lhs, before(op));
      advance();
      const Operand rhs = parse_product();
      require_number(rhs, after(op));
      emit_binary(op.kind == Tok::kPlus ? Op::kAdd : Op::kSubtract);
      lhs = {Type::kNumber, lhs.begin, rhs.end};
    }
    return lhs;
  }

  Operand parse_product() {
    Operand lhs = parse_unary();
    while (tok_.kind == Tok::kStar || tok_.kind == Tok::kSlash) {
      const Token op = tok_;
      require_number(lhs, before(op));
      advance();
      const Operand rhs = parse_unary();
      require_number(rhs, after(op));
      emit_binary(op.kind == Tok::kStar ? Op::kMultiply : Op::kDivide);
      lhs = {Type::kNumber, lhs.begin, rhs.end};
    }
    return lhs;
  }

  Operand parse_unary() {
    if (tok_.kind != Tok::kMinus) return parse_primary();
    const Token op = tok_;
    enter(op);
    advance();
    const Operand operand = parse_unary();
    leave();
    require_number(operand, " after unary `-`");
    emit_unary(Op::kNegate);
    return {Type::kNumber, op.begin, operand.end};
  }

  Operand parse_primary() {
    const Token token = tok_;
    switch (token.kind) {
      case Tok::kNumber:
        emit_push({Op::kConstant, 0, token.number}, token.begin);
        advance();
        return {Type::kNumber, token.begin, token.end};
      case Tok::kTrue:
      case Tok::kFalse:
        emit_push({Op::kConstant, 0, token.kind == Tok::kTrue ? 1.0 : 0.0}, token.begin);
        advance();
        return {Type::kBoolean, token.begin, token.end};
      case Tok::kIdentifier: {
        const int d = find_issue(token);
        emit_push({Op::kIssue, d, 0.0}, token.begin);
        issues_.push_back(d);
        advance();
        Operand operand{Type::kNumber, token.begin, token.end};
        operand.bare_issue = d;
        return operand;
      }
      case Tok::kString: {
        Operand operand{Type::kOption, token.begin, token.end};
        operand.literal_pc = program_.size();
        operand.literal_begin = token.begin;
        operand.literal_end = token.end;
        emit_push({Op::kConstant, 0, std::numeric_limits<double>::quiet_NaN()}, token.begin);
        advance();
        return operand;
      }
      case Tok::kLParen: {
        enter(token);
        advance();
        Operand inner = parse_implication();
        leave();
        if (tok_.kind != Tok::kRParen) {
          fail(tok_.begin, fmt::format("expected `)` to close the `(` at column {}, found {}",
                                       column_at(token.begin), describe(tok_)));
        }
        inner.begin = token.begin;
        inner.end = tok_.end;
        advance();
        return inner;
      }
      default:
        break;
    }
    const std::string where =
        prev_.end == 0 ? std::string() : fmt::format(" after `{}`", token_text(prev_));
    fail(token.begin,
         fmt::format("expected an issue, a number or `(`{}, found {}", where, describe(token)));
  }

  int find_issue(const Token& token) const {
    const std::string_view name = token_text(token);
    for (std::size_t d = 0; d < issue_ids_.size(); ++d) {
      if (issue_ids_[d] == name) return static_cast<int>(d);
    }
    if (issue_ids_.empty()) {
      fail(token.begin, fmt::format("unknown issue `{}`; there are no issues", name));
    }
    fail(token.begin,
         fmt::format("unknown issue `{}`; known issues: {}", name, fmt::join(issue_ids_, ", ")));
  }

  std::string_view text_;
  std::span<const std::string> issue_ids_;
  std::span<const std::vector<std::string>> issue_options_;
  std::vector<Instruction>& program_;
  std::vector<int>& issues_;
  std::size_t pos_ = 0;     // next byte to lex
  Token tok_;               // current token
  Token prev_;              // previous token (end == 0 before the first)
  std::size_t depth_ = 0;   // current nesting of parentheses, `not`, unary `-`, `->`
  std::size_t height_ = 0;  // evaluation stack height after the program so far
};

RedLine RedLine::compile(std::string_view text, std::span<const std::string> issue_ids,
                         std::span<const std::vector<std::string>> issue_options) {
  PARLEY_CHECK(issue_ids.size() == issue_options.size(),
               "red line `{}`: {} issue ids but {} option lists", text, issue_ids.size(),
               issue_options.size());
  RedLine line;
  line.text_ = std::string(text);
  RedLineCompiler(text, issue_ids, issue_options, line.program_, line.issues_).compile();
  std::sort(line.issues_.begin(), line.issues_.end());
  line.issues_.erase(std::unique(line.issues_.begin(), line.issues_.end()), line.issues_.end());
  line.min_outcome_size_ = line.issues_.empty() ? 0 : line.issues_.back() + 1;
  line.evaluation_ = fuse_comparisons(line.program_);
  const std::vector<Instruction>& steps = line.evaluation_;
  if (steps.size() == 1 && steps[0].op == Op::kCompareIssue) {
    line.shape_ = Shape::kOneComparison;
  } else if (steps.size() == 3 && steps[0].op == Op::kCompareIssue &&
             steps[1].op == Op::kCompareIssue &&
             (steps[2].op == Op::kAnd || steps[2].op == Op::kOr || steps[2].op == Op::kImplies)) {
    line.shape_ = Shape::kTwoComparisons;
    line.connective_ = steps[2].op;
  }
  return line;
}

bool RedLine::compare(Op op, double a, double b) {
  switch (op) {
    case Op::kLess:
      return a < b - kTolerance;
    case Op::kLessEqual:
      return a <= b + kTolerance;
    case Op::kGreater:
      return a > b + kTolerance;
    case Op::kGreaterEqual:
      return a >= b - kTolerance;
    case Op::kEqual:
      return a == b || std::fabs(a - b) <= kTolerance;
    case Op::kNotEqual:
      return a != b && std::fabs(a - b) > kTolerance;
    default:
      return false;
  }
}

bool RedLine::is_comparison(Op op) {
  return op == Op::kLess || op == Op::kLessEqual || op == Op::kGreater || op == Op::kGreaterEqual ||
         op == Op::kEqual || op == Op::kNotEqual;
}

std::vector<RedLine::Instruction> RedLine::fuse_comparisons(
    const std::vector<Instruction>& program) {
  std::vector<Instruction> fused;
  fused.reserve(program.size());
  for (std::size_t pc = 0; pc < program.size(); ++pc) {
    if (pc + 2 < program.size() && is_comparison(program[pc + 2].op)) {
      const Instruction& left = program[pc];
      const Instruction& right = program[pc + 1];
      const bool issue_constant = left.op == Op::kIssue && right.op == Op::kConstant;
      const bool constant_issue = left.op == Op::kConstant && right.op == Op::kIssue;
      if (issue_constant || constant_issue) {
        Instruction step;
        step.op = Op::kCompareIssue;
        step.issue = issue_constant ? left.issue : right.issue;
        step.value = issue_constant ? right.value : left.value;
        step.comparison = program[pc + 2].op;
        step.issue_first = issue_constant;
        fused.push_back(step);
        pc += 2;
        continue;
      }
    }
    fused.push_back(program[pc]);
  }
  return fused;
}

bool RedLine::holds(const Eigen::Ref<const Eigen::VectorXd>& outcome) const {
  PARLEY_CHECK(outcome.size() >= min_outcome_size_,
               "red line `{}` reads issue {} but the outcome has {} values", text_,
               min_outcome_size_ - 1, outcome.size());
  if (shape_ == Shape::kOneComparison) return comparison_holds(evaluation_[0], outcome);
  if (shape_ == Shape::kTwoComparisons) {
    // Both sides are pure, so evaluating the second only when it decides is the same.
    const bool premise = comparison_holds(evaluation_[0], outcome);
    switch (connective_) {
      case Op::kAnd:
        return premise && comparison_holds(evaluation_[1], outcome);
      case Op::kOr:
        return premise || comparison_holds(evaluation_[1], outcome);
      default:  // kImplies
        return !premise || comparison_holds(evaluation_[1], outcome);
    }
  }
  std::array<double, kMaxDepth> stack;  // NOLINT: written before read; no zeroing in the hot path
  std::size_t top = 0;
  for (const Instruction& instruction : evaluation_) {
    switch (instruction.op) {
      case Op::kCompareIssue: {
        const double x = outcome[instruction.issue];
        const bool result = instruction.issue_first
                                ? compare(instruction.comparison, x, instruction.value)
                                : compare(instruction.comparison, instruction.value, x);
        stack[top++] = result ? 1.0 : 0.0;
        continue;
      }
      case Op::kConstant:
        stack[top++] = instruction.value;
        continue;
      case Op::kIssue:
        stack[top++] = outcome[instruction.issue];
        continue;
      case Op::kNegate:
        stack[top - 1] = -stack[top - 1];
        continue;
      case Op::kNot:
        stack[top - 1] = stack[top - 1] != 0.0 ? 0.0 : 1.0;
        continue;
      default:
        break;
    }
    const double b = stack[--top];
    const double a = stack[top - 1];
    double result = 0.0;
    switch (instruction.op) {
      case Op::kAdd:
        result = a + b;
        break;
      case Op::kSubtract:
        result = a - b;
        break;
      case Op::kMultiply:
        result = a * b;
        break;
      case Op::kDivide:
        result = a / b;
        break;
      case Op::kAnd:
        result = (a != 0.0 && b != 0.0) ? 1.0 : 0.0;
        break;
      case Op::kOr:
        result = (a != 0.0 || b != 0.0) ? 1.0 : 0.0;
        break;
      case Op::kImplies:
        result = (a == 0.0 || b != 0.0) ? 1.0 : 0.0;
        break;
      default:  // the comparisons
        result = compare(instruction.op, a, b) ? 1.0 : 0.0;
        break;
    }
    stack[top - 1] = result;
  }
  return stack[0] != 0.0;
}

int RedLine::crossings(const Eigen::Ref<const Eigen::VectorXd>& outcome, Eigen::Index issue,
                       std::span<double> values) const {
  PARLEY_CHECK(outcome.size() >= min_outcome_size_ && issue >= 0 && issue < outcome.size(),
               "red line `{}`: issue {} or the outcome's {} values out of range", text_, issue,
               outcome.size());
  // Each stack slot is an affine function of the issue's value: value + slope·(v − v₀).
  std::array<double, kMaxDepth> value;  // NOLINT: written before read
  std::array<double, kMaxDepth> slope;  // NOLINT: written before read
  const double at = outcome[issue];
  std::size_t top = 0;
  int count = 0;
  for (const Instruction& instruction : program_) {
    switch (instruction.op) {
      case Op::kConstant:
        value[top] = instruction.value;
        slope[top++] = 0.0;
        continue;
      case Op::kIssue:
        value[top] = outcome[instruction.issue];
        slope[top++] = instruction.issue == issue ? 1.0 : 0.0;
        continue;
      case Op::kNegate:
        value[top - 1] = -value[top - 1];
        slope[top - 1] = -slope[top - 1];
        continue;
      case Op::kNot:
        value[top - 1] = value[top - 1] != 0.0 ? 0.0 : 1.0;
        continue;
      default:
        break;
    }
    --top;
    const double a = value[top - 1];
    const double b = value[top];
    const double a_slope = slope[top - 1];
    const double b_slope = slope[top];
    slope[top - 1] = 0.0;  // booleans and the result of a comparison
    switch (instruction.op) {
      case Op::kAdd:
        value[top - 1] = a + b;
        slope[top - 1] = a_slope + b_slope;
        continue;
      case Op::kSubtract:
        value[top - 1] = a - b;
        slope[top - 1] = a_slope - b_slope;
        continue;
      case Op::kMultiply:
        if (a_slope != 0.0 && b_slope != 0.0) return -1;
        value[top - 1] = a * b;
        slope[top - 1] = a_slope * b + a * b_slope;
        continue;
      case Op::kDivide:
        if (b_slope != 0.0) return -1;
        value[top - 1] = a / b;
        slope[top - 1] = a_slope / b;
        continue;
      case Op::kLess:
      case Op::kLessEqual:
      case Op::kGreater:
      case Op::kGreaterEqual:
      case Op::kEqual:
      case Op::kNotEqual: {
        const double difference = a - b;
        const double rate = a_slope - b_slope;
        if (rate != 0.0 && std::isfinite(difference) && std::isfinite(rate)) {
          if (count + 3 > static_cast<int>(values.size())) return -1;
          for (const double target : {0.0, 2.0 * kTolerance, -2.0 * kTolerance})
            values[static_cast<std::size_t>(count++)] = at + (target - difference) / rate;
        } else if (rate != 0.0) {
          return -1;
        }
        break;
      }
      case Op::kAnd:
      case Op::kOr:
      case Op::kImplies:
      case Op::kConstant:
      case Op::kIssue:
      case Op::kNegate:
      case Op::kNot:
      case Op::kCompareIssue:  // not in program_
        break;
    }
    value[top - 1] = 0.0;  // truth values are not needed: only where they change
  }
  return count;
}

}  // namespace parley
