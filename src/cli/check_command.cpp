// `covercheck check`: treatment plans against their plan's rules.

#include "cli/app.hpp"
#include "cli/commands.hpp"

#include "covercheck/evaluate.hpp"
#include "covercheck/fingerprint.hpp"
#include "covercheck/load.hpp"
#include "covercheck/report.hpp"
#include "covercheck/treatment_xml.hpp"

#include <spdlog/spdlog.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

namespace covercheck::cli {
namespace {

/// One plan found under --rules, built once and only when a treatment plan asks for it.
struct PlanRules {
    LoadedRules loaded;
    std::optional<RuleBook> book;
    std::optional<RulesFingerprint> fingerprint;   ///< made for the first estimate that needs it
};

/// What --rules holds.
struct Plans {
    /// Every plan whose header could be read, by plan id, with or without errors.
    std::map<std::string, std::shared_ptr<PlanRules>> by_id;
    /// Rules files with errors whose plan id could not be read (unreadable, a dangling link, a
    /// broken header) or that have none: any of them may be meant to define a plan asked for.
    std::vector<std::string> unknown;
};

/// The same diagnostic reached through two files (a base file on its own and from the plans
/// that include it) is printed once.
using DiagnosticKey = std::tuple<std::string, int, int, std::string, std::string>;

/// Prints the errors of `loaded` not printed before (warnings of rules files are left to
/// `covercheck validate`).
void print_errors(LoadedRules& loaded, std::set<DiagnosticKey>& printed, std::ostream& err) {
    for (Diagnostic const& d : loaded.diagnostics) {
        if (d.severity != Severity::error) continue;
        if (!printed.emplace(d.where.file, d.where.line, d.where.column, d.code, d.message).second) continue;
        err << render_text(d, loaded.sources[d.where.file]);
    }
}

/// The plans under `path` (a rules file or a folder). Files without a plan header (base files)
/// are only read as includes. Every rules file that cannot be read or has errors is reported
/// here, with its diagnostics and a CK-BAD-RULES line, and makes the input bad (`bad_input`)
/// whether or not a treatment plan asks for its plan: a file whose plan id is unknown may be
/// the plan asked for, and a broken plan should not go unnoticed.
Plans load_plans(std::string const& path, std::ostream& err, bool& bad_input) {
    std::vector<std::string> files;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) files = list_rules_files(path);
    else files.push_back(path);

    Plans plans;
    std::set<DiagnosticKey> printed;
    for (std::string const& file : files) {
        auto rules = std::make_shared<PlanRules>();
        rules->loaded = load_rules(file);
        // The file asked for is the last one loaded; none when it could not be read at all.
        std::optional<std::string> id;
        if (!rules->loaded.files.empty() && rules->loaded.files.back().plan) id = rules->loaded.files.back().plan->id;
        bool const broken = has_errors(rules->loaded.diagnostics);
        if (broken) {
            print_errors(rules->loaded, printed, err);
            if (id) {
                err << file << ": error CK-BAD-RULES: plan '" << *id
                    << "' has errors in its rules (above); treatment plans for it cannot be checked\n";
            } else {
                err << file << ": error CK-BAD-RULES: the rules file cannot be used (errors above); "
                    << "if it defines a plan, treatment plans for it cannot be checked\n";
                plans.unknown.push_back(file);
            }
            bad_input = true;
        }
        if (!id) {
            if (files.size() == 1) {
                // Asked for one file: it must be a plan.
                if (!broken) err << file << ": error CK-NO-PLAN: the file has no plan header (plan \"ID\" { ... })\n";
                bad_input = true;
            }
            continue;
        }
        if (plans.by_id.count(*id) != 0) {
            err << file << ": error CK-DUPLICATE-PLAN: plan '" << *id << "' is also defined in another file\n";
            bad_input = true;
            continue;
        }
        plans.by_id.emplace(*id, std::move(rules));
    }
    if (files.empty()) {
        err << path << ": error CK-NO-PLAN: no .rules files found\n";
        bad_input = true;
    }
    return plans;
}

/// The text of a regular file of at most 64 MiB (to show diagnostics with their source line);
/// nothing otherwise, and load_treatment_plan() then says what is wrong with the path.
std::optional<std::string> read_file(std::string const& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec) || ec) return std::nullopt;
    std::uintmax_t const size = std::filesystem::file_size(path, ec);
    if (ec || size > (std::uintmax_t{64} << 20U)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// The clinic note's text (at most 64 KiB, a leading UTF-8 byte-order mark and trailing blank
/// lines left out), or nothing with the error CK-CLINIC-NOTE printed.
std::optional<std::string> read_clinic_note(std::string const& path, std::ostream& err) {
    std::error_code ec;
    bool const regular = std::filesystem::is_regular_file(path, ec);
    std::uintmax_t const size = regular ? std::filesystem::file_size(path, ec) : 0;
    std::optional<std::string> text;
    if (regular && !ec && size <= (std::uintmax_t{64} << 10U)) text = read_file(path);
    if (!text) {
        err << path << ": error CK-CLINIC-NOTE: cannot read the clinic note "
            << (regular && !ec && size > (std::uintmax_t{64} << 10U) ? "(it is larger than 64 KiB)"
                                                                     : "(no such file, not a file, or not readable)")
            << "\n";
        return std::nullopt;
    }
    if (text->compare(0, 3, "\xEF\xBB\xBF") == 0) text->erase(0, 3);
    while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
    return text;
}

/// Today's date on this machine's clock, in local time.
Date today() {
    std::time_t const now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday).value_or(Date{});
}

}  // namespace

int check_command(CheckOptions const& options, std::ostream& out, std::ostream& err) {
    bool bad_input = false;
    bool flagged = false;
    bool const html = options.format == Format::html;
    std::string clinic_note;
    if (html && !options.clinic_note.empty()) {
        std::optional<std::string> note = read_clinic_note(options.clinic_note, err);
        if (!note) return exit_bad_input;
        clinic_note = std::move(*note);
    }
    Date const estimate_date = options.as_of ? *options.as_of : today();
    Plans plans = load_plans(options.rules, err, bad_input);
    spdlog::debug("{} plans found under {}", plans.by_id.size(), options.rules);

    std::vector<Evaluation> evaluations;
    std::vector<Estimate> estimates;   // --format html: the evaluations with what the estimate shows
    for (std::string const& path : options.plans) {
        std::optional<std::string> const text = read_file(path);
        TreatmentPlanRead read = text ? read_treatment_plan(*text, path) : load_treatment_plan(path);
        // Source lines shown under messages never show patient data.
        auto shown = [&] { return text ? mask_patient_data(*text) : std::string(); };
        if (!read.diagnostics.empty()) {
            std::string const source = shown();
            for (Diagnostic const& d : read.diagnostics) err << render_text(d, source);
        }
        if (!read.plan) {
            bad_input = true;
            continue;
        }
        TreatmentPlan const& plan = *read.plan;
        auto const found = plans.by_id.find(plan.plan_id);
        if (found == plans.by_id.end()) {
            std::string known;
            for (auto const& [id, rules] : plans.by_id) known += (known.empty() ? "" : ", ") + id;
            std::string unknown;
            for (std::string const& file : plans.unknown) unknown += (unknown.empty() ? "" : ", ") + file;
            err << to_string(plan.where) << ": error CK-UNKNOWN-PLAN: no rules file under " << options.rules
                << " defines plan '" << plan.plan_id << "'\n";
            if (!known.empty()) err << "  hint: the plans there are " << known << "\n";
            if (!unknown.empty()) err << "  hint: it may be in a rules file that cannot be used: " << unknown << "\n";
            bad_input = true;
            continue;
        }
        PlanRules& rules = *found->second;
        if (has_errors(rules.loaded.diagnostics)) {
            // Its errors were printed by load_plans().
            err << path << ": error CK-BAD-RULES: plan '" << plan.plan_id
                << "' has errors in its rules (above); run covercheck validate\n";
            bad_input = true;
            continue;
        }
        if (!rules.book) rules.book = RuleBook::build(rules.loaded.files);
        evaluations.push_back(evaluate(*rules.book, plan));
        if (!evaluations.back().warnings.empty()) {
            std::string const source = shown();
            for (Diagnostic const& d : evaluations.back().warnings) err << render_text(d, source);
        }
        if (evaluations.back().totals.flagged_lines > 0) flagged = true;
        if (html) {
            if (!rules.fingerprint) rules.fingerprint = rules_fingerprint(rules.loaded);
            estimates.push_back(make_estimate(plan, evaluations.back(), rules.book->plan(), *rules.fingerprint, estimate_date));
            estimates.back().clinic_note = clinic_note;
        }
    }

    switch (options.format) {
    case Format::json:
        out << "[";
        for (std::size_t i = 0; i < evaluations.size(); ++i) out << (i == 0 ? "" : ",\n") << render_json(evaluations[i]);
        out << "]\n";
        break;
    case Format::csv:
        out << csv_header();
        for (Evaluation const& e : evaluations) out << render_csv_rows(e);
        break;
    case Format::html:
        out << render_estimates_html(estimates);
        break;
    case Format::text:
        for (std::size_t i = 0; i < evaluations.size(); ++i) out << (i == 0 ? "" : "\n") << render_table(evaluations[i]);
        break;
    }
    spdlog::info("checked {} of {} treatment plans", evaluations.size(), options.plans.size());
    if (bad_input) return exit_bad_input;
    return flagged ? exit_findings : exit_ok;
}

}  // namespace covercheck::cli
