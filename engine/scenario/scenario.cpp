#include "scenario/scenario.hpp"

namespace parley {

Eigen::VectorXd Scenario::spans() const {
  Eigen::VectorXd span(issue_count());
  for (int d = 0; d < issue_count(); ++d) span(d) = issues[static_cast<std::size_t>(d)].span();
  return span;
}

int Scenario::actor_index(std::string_view id) const {
  for (std::size_t i = 0; i < actors.size(); ++i)
    if (actors[i].id == id) return static_cast<int>(i);
  return -1;
}

int Scenario::issue_index(std::string_view id) const {
  for (std::size_t d = 0; d < issues.size(); ++d)
    if (issues[d].id == id) return static_cast<int>(d);
  return -1;
}

bool Scenario::has_uncertainty() const {
  for (const auto& p : parameters)
    if (!p.value.is_fixed()) return true;
  return false;
}

std::vector<std::string> Scenario::input_files() const {
  std::vector<std::string> files{source_name};
  files.insert(files.end(), data_files.begin(), data_files.end());
  return files;
}

}  // namespace parley
