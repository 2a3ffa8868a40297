#include "cli/app.hpp"

int main(int argc, char** argv) { return covercheck::cli::run(argc, argv); }
