#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/sha256.hpp"

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

std::string copy_out(const PointSpool& spool, bool summary) {
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
  reopened.close();
  PointSpool::remove(folder);
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
  CHECK(fs::file_size(folder / "spool.index") ==
        std::string("3 0 4 0 4 ").size() + 2 * 64 + 2);  // two SHA-256 sums, a space, a newline
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

TEST_CASE("an index line records the SHA-256 of the point's rows", "[point_spool]") {
  const fs::path folder = fresh_folder("checksum_line");
  {
    PointSpool spool(folder);
    spool.add(4, "4,a\n", "4,s\n");
  }
  std::ifstream index(folder / "spool.index");
  std::string line;
  std::getline(index, line);
  CHECK(line == "4 0 4 0 4 " + sha256_hex("4,a\n") + " " + sha256_hex("4,s\n"));
}

TEST_CASE("a point whose spooled rows were changed is dropped and runs again", "[point_spool]") {
  // Same length, other bytes: only the checksum can tell.
  const fs::path folder = fresh_folder("changed_rows");
  {
    PointSpool spool(folder);
    spool.add(0, "0,x\n", "0,s\n");
    spool.add(1, "1,x\n", "1,s\n");
    spool.add(2, "2,x\n", "2,s\n");
  }
  {
    std::fstream data(folder / "spool.outcomes", std::ios::in | std::ios::out | std::ios::binary);
    data.seekp(6);
    data << "Y";  // point 1's "1,x" becomes "1,Y"
  }
  std::vector<std::string> notes;
  PointSpool reopened(folder, [&](const std::string& note) { notes.push_back(note); });
  REQUIRE(reopened.entries().size() == 2);
  CHECK(reopened.entries()[0].point == 0);
  CHECK(reopened.entries()[1].point == 2);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("point 1") != std::string::npos);
  // Point 1 runs again; the rewritten index lists it once, after a reopen too.
  reopened.add(1, "1,z\n", "1,t\n");
  reopened.close();
  const PointSpool again(folder);
  CHECK(again.entries().size() == 3);
  CHECK(copy_out(again, false) == "0,x\n1,z\n2,x\n");
  CHECK(copy_out(again, true) == "0,s\n1,t\n2,s\n");
}

TEST_CASE("a spool file replaced by a symbolic link is refused, not followed", "[point_spool]") {
  const fs::path folder = fresh_folder("symlink");
  {
    PointSpool spool(folder);
    spool.add(0, "0,x\n", "0,s\n");
  }
  const fs::path victim = folder / "victim.txt";
  std::ofstream(victim) << "precious bytes that must survive\n";
  fs::remove(folder / "spool.summary");
  fs::create_symlink(victim, folder / "spool.summary");
  CHECK_THROWS_AS(PointSpool(folder), OutputError);
  CHECK_THROWS_WITH(PointSpool(folder), Catch::Contains("is a symbolic link"));
  std::ifstream in(victim);
  std::string text;
  std::getline(in, text);
  CHECK(text == "precious bytes that must survive");
}

}  // namespace parley
