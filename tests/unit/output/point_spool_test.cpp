#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "output/point_spool.hpp"

namespace parley {
namespace {
namespace fs = std::filesystem;

fs::path fresh_folder(const std::string& name) {
  const fs::path folder = fs::temp_directory_path() / ("parley_spool_test_" + name);
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder;
}

std::string copy_out(PointSpool& spool, bool summary) {
  std::ostringstream out;
  spool.copy_in_point_order(out, summary);
  return out.str();
}

}  // namespace

TEST_CASE("spooled points come back in point order after a reopen", "[point_spool]") {
  const fs::path folder = fresh_folder("order");
  {
    PointSpool spool(folder);
    spool.add(2, "2,a\n2,b\n", "2,agreement\n");
    spool.add(0, "0,a\n", "0,agreement\n");
    spool.add(1, "1,a\n", "1,agreement\n");
  }
  PointSpool reopened(folder);
  REQUIRE(reopened.entries().size() == 3);
  CHECK(reopened.entries()[0].point == 2);
  CHECK(reopened.entries()[1].outcomes_offset == 8);  // after "2,a\n2,b\n"
  CHECK(copy_out(reopened, false) == "0,a\n1,a\n2,a\n2,b\n");
  CHECK(copy_out(reopened, true) == "0,agreement\n1,agreement\n2,agreement\n");
  reopened.remove();
  CHECK_FALSE(fs::exists(folder / "spool.index"));
}

TEST_CASE("a torn index line and rows of an unfinished point are trimmed", "[point_spool]") {
  // As if the process was killed after writing point 7's rows and half of its index line.
  const fs::path folder = fresh_folder("torn");
  {
    PointSpool spool(folder);
    spool.add(3, "3,x\n", "3,s\n");
  }
  {
    std::ofstream(folder / "spool.outcomes", std::ios::app) << "7,partial row";
    std::ofstream(folder / "spool.summary", std::ios::app) << "7,s\n";
    std::ofstream(folder / "spool.index", std::ios::app) << "7 4 13";
  }
  PointSpool reopened(folder);
  REQUIRE(reopened.entries().size() == 1);
  CHECK(reopened.entries()[0].point == 3);
  CHECK(fs::file_size(folder / "spool.outcomes") == 4);
  CHECK(fs::file_size(folder / "spool.summary") == 4);
  CHECK(fs::file_size(folder / "spool.index") == std::string("3 0 4 0 4\n").size());
  // Appending continues from the trimmed ends.
  reopened.add(7, "7,y\n", "7,t\n");
  CHECK(copy_out(reopened, false) == "3,x\n7,y\n");
  CHECK(copy_out(reopened, true) == "3,s\n7,t\n");
}

TEST_CASE("an index line pointing past the data is not a finished point", "[point_spool]") {
  // The index was flushed but the data file lost its tail (e.g. copied while running).
  const fs::path folder = fresh_folder("short_data");
  {
    PointSpool spool(folder);
    spool.add(0, "0,x\n", "0,s\n");
    spool.add(1, "1,x\n", "1,s\n");
  }
  fs::resize_file(folder / "spool.outcomes", 6);
  PointSpool reopened(folder);
  REQUIRE(reopened.entries().size() == 1);
  CHECK(copy_out(reopened, false) == "0,x\n");
}

}  // namespace parley
