#pragma once
// The `tconv-lab` command line (a contract: users' scripts depend on it).
//   tconv-lab apply --input X --output Y (--weight W.npy | --kernel NAME) [--bias B.npy]
//                   [--stride S|SH,SW] [--padding P|PH,PW] [--output-padding A|AH,AW]
//                   [--dilation D|DH,DW] [--groups G] [--backend cpu|reference|gpu]
//                   [--threads T] [--benchmark R]
//   tconv-lab size --input H[,W] --kernel K[,K] [--stride ..] [--padding ..]
//                  [--output-padding ..] [--dilation ..]
//   Both take --tf-padding same|valid instead of --padding/--output-padding (TensorFlow/Keras).
// Errors: "error: ..." on stderr, exit status 2, no output file written.
// The option values arrive as text and are parsed here (not by CLI11) so every bad value gets a
// message that says what is wrong and how to fix it.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "core/params.h"
#include "core/result.h"
#include "core/text.h"
#include "core/tf_padding.h"

namespace tconv::app {

// Runs `tconv-lab <command> ...` (argv[1] is a command or --help). Returns the exit status:
// 0 success, 2 any error (already printed as "error: ..." on stderr).
int run_cli(int argc, char** argv);

// The short usage printed with no arguments when the GUI is not built.
std::string usage_text();

// --- The commands, callable without a process (tests). Text as given on the command line. ---

struct ApplyArgs {
  std::string input, output;
  std::string weight;          // path of a .npy weight, or empty
  std::string kernel;          // preset name, or empty
  std::string bias;            // path of a .npy bias, or empty
  std::string stride = "1", padding, output_padding = "0", dilation = "1";  // padding "": default
  std::string groups;          // "": 1, or the channel count for a depthwise kernel
  std::string backend = "cpu"; // cpu | reference | gpu
  std::string threads = "0";   // 0: all cores
  std::string benchmark;       // "": no benchmark, else the run count
  std::string tf_padding;      // "": PyTorch's padding; same|valid: TensorFlow/Keras's
};
// Loads, validates, computes and writes; prints what was written (and the benchmark line) to out.
Status run_apply(const ApplyArgs& args, std::ostream& out, std::ostream& notes);

struct SizeArgs {
  std::string input, kernel;
  std::string stride = "1", padding = "0", output_padding = "0", dilation = "1";
  std::string tf_padding;  // "": PyTorch's padding; same|valid: TensorFlow/Keras's
};
// Prints each axis's formula with the numbers substituted, and the output size.
Status run_size(const SizeArgs& args, std::ostream& out);

// Option values: "2" -> {2, 2}, "2,3" -> {2, 3} (height, width); a whole number in [min, max].
// Messages name the option (core/text.h holds the one whitespace rule).
using text::parse_int;
using text::parse_pair;

// --tf-padding: nullopt for "" (PyTorch's convention), else same|valid. `beside` names an option
// given with it (--padding or --output-padding), which is an error; "" for none.
Result<std::optional<TfPadding>> parse_tf_padding(const std::string& text, const std::string& beside);

}  // namespace tconv::app
