// The sweep design given on the command line: `parley sweep --grid PATH=START:STOP:COUNT`,
// `--values PATH=a,b,c`, `--lhs N`, `--sobol N` and `--range PATH=LO:HI`.
//
// The flags' syntax is read here; the design is checked by validate_sweep
// (parsing/sweep_validation.hpp), as a scenario's [sweep] table is, with errors
// worded after the flags.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

#include "scenario/sweep_spec.hpp"

namespace parley::cli {

// The design given by --grid/--values/--lhs/--sobol/--range, if any; throws
// UsageError naming the flag.
std::optional<SweepSpec> command_line_design(const boost::program_options::variables_map& values);

// A finite number in an option, e.g. the START of `--grid PATH=START:STOP:COUNT`;
// UsageError "parley COMMAND: OPTION: expected WHAT to be a number, found …".
double option_number(std::string_view command, std::string_view text, std::string_view option,
                     std::string_view what);

// `text` cut at every `separator` ("a/b" -> "a", "b"; "" -> "").
std::vector<std::string_view> split(std::string_view text, char separator);

}  // namespace parley::cli
