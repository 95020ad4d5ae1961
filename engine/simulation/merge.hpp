// `parley merge`: the output folders of the shards of one sweep
// (`parley sweep --shard K/N`, simulation/sweep.hpp) joined into one, with the
// bytes of one unsharded run.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace parley {

// Joins the output folders of shards 1…N of one sweep into `out`. Refuses
// shards whose manifests differ (other than in the shard) or an incomplete set.
void merge_shards(const std::vector<std::filesystem::path>& shards,
                  const std::filesystem::path& out, const std::string& command_line);

}  // namespace parley
