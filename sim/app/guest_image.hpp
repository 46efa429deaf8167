// GuestImage: for `rvscope run --guest PROG ARGS`, starlet's initramfs with the user's
// program (and --file extras) added, in a temporary file that lives as long as the run.
#pragma once

#include <string>
#include <vector>

#include "sim/app/commands.hpp"
#include "sim/config/machine_config.hpp"

namespace rvscope {

class GuestImage {
 public:
  // Points `config` at starlet, the new initramfs and a command line running the program.
  GuestImage(const RunOptions& options, MachineConfig& config);
  ~GuestImage();
  GuestImage(const GuestImage&) = delete;
  GuestImage& operator=(const GuestImage&) = delete;

 private:
  std::string path_;
};

// `--guest PROG ARGS...` ends rvscope's own options: everything after PROG belongs to the
// program. Returns those arguments verbatim and shortens argc so that the option parser sees
// the command line only up to PROG. No `run ... --guest` in argv: nothing changes.
std::vector<std::string> take_guest_arguments(int& argc, char** argv);

// Where starlet was built: the guest-kernel/ folder beside the rvscope executable.
std::string default_starlet_dir();

}  // namespace rvscope
