#pragma once
// Where tconv-lab's data folder is: the one lookup order, shared by every platform (each one
// supplies the environment and its executable's folder; see files.h).
//
// A data root holds assets/ (lessons.txt, the sample pictures) and shaders/. Candidates, first
// match wins (a match is a folder whose assets/lessons.txt exists):
//   1. $TCONV_DATA_DIR                  a data root
//   2. $TCONV_ASSETS_DIR                the assets folder itself (older name, kept working)
//   3. <exe dir>/../share/tconv-lab    an installation (bin/ and share/ side by side)
//   4. <exe dir> and up to 3 parents   a build folder inside a source checkout finds the checkout
// Nothing is compiled in: a moved binary finds its data the same way as an installed one.
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"

namespace tconv::app::platform {

struct DataFolders {
  std::filesystem::path root;    // holds assets/ and shaders/
  std::filesystem::path assets;  // lessons.txt and the sample pictures
  std::filesystem::path lessons_file() const { return assets / "lessons.txt"; }
};

struct DataSearch {
  std::string data_dir_env;        // $TCONV_DATA_DIR (empty: unset)
  std::string assets_dir_env;      // $TCONV_ASSETS_DIR (empty: unset)
  std::filesystem::path exe_dir;   // folder of the running program (empty: unknown)
};

// One place looked at: the assets folder it would give, and why it is on the list.
struct DataCandidate {
  DataFolders folders;
  std::string source;  // "TCONV_DATA_DIR", "installed", "next to the program"
};

// Every candidate, in the order above (duplicates removed).
std::vector<DataCandidate> data_candidates(const DataSearch& search);

// The first candidate whose assets/lessons.txt exists. Error naming every folder looked at and
// how to fix it (set TCONV_DATA_DIR).
Result<DataFolders> locate_data_folders(const DataSearch& search);

}  // namespace tconv::app::platform
