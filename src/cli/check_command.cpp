// `covercheck check`: treatment plans against their plan's rules.

#include "cli/app.hpp"
#include "cli/commands.hpp"

namespace covercheck::cli {

int check_command(CheckOptions const& options, std::ostream& out, std::ostream& err) {
    (void)options;
    (void)out;
    err << "covercheck check: not built yet\n";
    return exit_bad_input;
}

}  // namespace covercheck::cli
