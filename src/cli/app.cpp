// Argument parsing (CLI11) and logging setup (spdlog); the work is in the *_command.cpp files.

#include "cli/app.hpp"

#include "cli/commands.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <iostream>
#include <map>
#include <memory>

namespace covercheck::cli {
namespace {

/// Logs go to `err`. The default level (warn) never prints patient data: member ids, names and
/// birth dates may appear only in debug messages, which `--verbose` turns on.
void set_up_logging(std::ostream& err, bool verbose) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(err, true);
    auto logger = std::make_shared<spdlog::logger>("covercheck", std::move(sink));
    logger->set_pattern("covercheck: %l: %v");
    logger->set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
    spdlog::set_default_logger(std::move(logger));
}

Format parse_format(std::string const& name) {
    if (name == "json") return Format::json;
    if (name == "csv") return Format::csv;
    if (name == "html") return Format::html;
    return Format::text;
}

}  // namespace

int run(std::vector<std::string> const& args, std::ostream& out, std::ostream& err) {
    CLI::App app{"covercheck: coverage and prior-authorization checks against a plan's rules"};
    app.name("covercheck");
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Show the help of every subcommand");
    bool verbose = false;
    app.add_flag("-v,--verbose", verbose, "Log debug messages to stderr (may include patient data)");

    ValidateOptions validate;
    std::string validate_format = "text";
    CLI::App* validate_app = app.add_subcommand(
        "validate", "Check rules files for mistakes; exit 0 when clean (warnings allowed), 1 on errors");
    validate_app->add_option("paths", validate.paths, "Rules files, or folders searched for *.rules")
        ->required();
    validate_app->add_option("--format", validate_format, "Output: text (default) or json")
        ->check(CLI::IsMember({"text", "json"}));

    CheckOptions check;
    std::string check_format = "text";
    CLI::App* check_app = app.add_subcommand(
        "check", "Check treatment plans against their plan's rules; exit 0 when nothing is flagged, "
                 "1 when a line is flagged, 3 on bad input");
    check_app->add_option("--rules", check.rules, "A rules file, or a folder of them holding the plans")
        ->required();
    check_app->add_option("plans", check.plans, "Treatment-plan XML files")->required();
    check_app->add_option("--format", check_format,
                          "Output: text (a table, default), json, csv, or html (a printable estimate per patient)")
        ->check(CLI::IsMember({"text", "json", "csv", "html"}));
    std::string as_of;
    CLI::Option* as_of_option =
        check_app->add_option("--as-of", as_of, "The date printed on the estimates, YYYY-MM-DD (html; default: today)")
            ->check(CLI::Validator(
                [](std::string& value) {
                    return Date::parse(value) ? std::string() : "expected a date like 2026-03-01, got '" + value + "'";
                },
                "YYYY-MM-DD"));
    CLI::Option* clinic_note_option = check_app->add_option(
        "--clinic-note", check.clinic_note,
        "A UTF-8 text file (the clinic's name, address, a note) printed at the top of each estimate (html)");

    BatchCommandOptions batch;
    CLI::App* batch_app = app.add_subcommand(
        "batch", "Check folders of claim XML (native or FHIR R4) against their plans; exit 0 when nothing is "
                 "flagged, 1 when a line is flagged or a claim has no plan, 3 when a claim or rules file is broken");
    batch_app->add_option("--rules", batch.batch.rules, "A rules file, or a folder of them holding the plans")
        ->required();
    batch_app->add_option("inputs", batch.batch.inputs, "Claim files, folders (every *.xml below), or - for stdin")
        ->required();
    batch_app->add_option("--csv", batch.batch.csv, "Write one CSV row per line to this file");
    batch_app->add_option("--jsonl", batch.batch.jsonl, "Write one JSON object per claim to this file (- for stdout)");
    batch_app->add_option("--html", batch.batch.html, "Write an HTML report for people to this file");
    batch_app->add_option("-j,--jobs", batch.batch.jobs, "Worker threads (default: one per core)")
        ->check(CLI::Range(1, 1024));
    batch_app->add_option("--plan", batch.batch.default_plan,
                          "Check claims that name no plan against this plan id (claims that name one keep theirs)");
    batch_app->add_option("--usage", batch.batch.usage,
                          "A usage file: what members had already used this benefit period (XML, see samples/claims/README.md)");
    batch_app->add_option("--temp-dir", batch.batch.temp_dir, "Where to put spill files (default: the system's)");
    batch_app->add_option("--html-lines", batch.batch.html_flagged_limit,
                          "Flagged lines listed in the HTML report (default 1000; all are in CSV and JSON Lines)")
        ->check(CLI::Range(0, 1000000));
    batch_app->add_flag("-q,--quiet", batch.quiet, "No progress line; no summary when stdout carries JSON Lines");

    try {
        std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 reads a vector back to front
        app.parse(reversed);
        if (check_app->parsed() && check_format != "html") {
            for (CLI::Option const* option : {as_of_option, clinic_note_option}) {
                if (option->count() > 0) throw CLI::ValidationError(option->get_name(), "applies to --format html only");
            }
        }
    } catch (CLI::ParseError const& e) {
        int const code = app.exit(e, out, err);
        return code == 0 ? exit_ok : exit_usage;
    }

    set_up_logging(err, verbose);
    try {
        if (validate_app->parsed()) {
            validate.format = parse_format(validate_format);
            return validate_command(validate, out, err);
        }
        if (batch_app->parsed()) {
            batch.progress_to_terminal = &err == &std::cerr && stderr_is_terminal();
            return batch_command(batch, out, err);
        }
        check.format = parse_format(check_format);
        if (!as_of.empty()) check.as_of = Date::parse(as_of);
        return check_command(check, out, err);
    } catch (std::exception const& e) {
        // A broken invariant, not bad input (bad input is reported as diagnostics).
        err << "covercheck: internal error: " << e.what() << '\n';
        return exit_bad_input;
    }
}

int run(int argc, char** argv) {
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    return run(args, std::cout, std::cerr);
}

}  // namespace covercheck::cli
