// `rvscope run --guest PROG ARGS...`: the words after PROG reach the program verbatim.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/app/guest_image.hpp"

namespace rvscope {
namespace {

struct Argv {
  explicit Argv(std::vector<std::string> words) : storage(std::move(words)) {
    for (std::string& w : storage) pointers.push_back(w.data());
    argc = static_cast<int>(pointers.size());
  }
  std::vector<std::string> storage;
  std::vector<char*> pointers;
  int argc;
};

TEST(GuestArguments, EverythingAfterTheProgramIsItsOwn) {
  Argv a({"rvscope", "run", "--summary", "--guest", "busybox", "sh", "-c", "echo a  b", "",
          "--max-insns", "5"});
  const auto args = take_guest_arguments(a.argc, a.pointers.data());
  EXPECT_EQ(args, (std::vector<std::string>{"sh", "-c", "echo a  b", "", "--max-insns", "5"}));
  EXPECT_EQ(a.argc, 5);  // the parser sees up to and including PROG
}

TEST(GuestArguments, EqualsFormTakesTheProgramInTheSameWord) {
  Argv a({"rvscope", "run", "--guest=lua", "-e", "print(1)"});
  const auto args = take_guest_arguments(a.argc, a.pointers.data());
  EXPECT_EQ(args, (std::vector<std::string>{"-e", "print(1)"}));
  EXPECT_EQ(a.argc, 3);
}

TEST(GuestArguments, NoGuestOrNoProgramChangesNothing) {
  Argv plain({"rvscope", "run", "--kernel", "k.elf"});
  EXPECT_TRUE(take_guest_arguments(plain.argc, plain.pointers.data()).empty());
  EXPECT_EQ(plain.argc, 4);
  Argv dangling({"rvscope", "run", "--guest"});  // CLI11 reports the missing program
  EXPECT_TRUE(take_guest_arguments(dangling.argc, dangling.pointers.data()).empty());
  EXPECT_EQ(dangling.argc, 3);
  Argv before_run({"rvscope", "--guest", "x", "run"});  // only the run subcommand's option
  EXPECT_TRUE(take_guest_arguments(before_run.argc, before_run.pointers.data()).empty());
  EXPECT_EQ(before_run.argc, 4);
}

}  // namespace
}  // namespace rvscope
