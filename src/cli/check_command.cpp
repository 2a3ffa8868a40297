// `covercheck check`: treatment plans against their plan's rules.

#include "cli/app.hpp"
#include "cli/commands.hpp"

#include "covercheck/evaluate.hpp"
#include "covercheck/load.hpp"
#include "covercheck/report.hpp"
#include "covercheck/treatment_xml.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace covercheck::cli {
namespace {

/// One plan found under --rules, built once and only when a treatment plan asks for it.
struct PlanRules {
    LoadedRules loaded;
    std::optional<RuleBook> book;
    bool reported = false;   ///< its errors were printed already
};

/// The plans under `path` (a rules file or a folder), by plan id. Files without a plan header
/// (base files) are only read as includes.
std::map<std::string, std::shared_ptr<PlanRules>> load_plans(std::string const& path, std::ostream& err,
                                                             bool& bad_input) {
    std::vector<std::string> files;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) files = list_rules_files(path);
    else files.push_back(path);

    std::map<std::string, std::shared_ptr<PlanRules>> plans;
    for (std::string const& file : files) {
        auto rules = std::make_shared<PlanRules>();
        rules->loaded = load_rules(file);
        if (rules->loaded.files.empty() || !rules->loaded.files.back().plan) {
            if (files.size() == 1) {
                // Asked for one file: it must be a plan (or show why it could not be read).
                for (Diagnostic const& d : rules->loaded.diagnostics) {
                    if (d.severity == Severity::error) err << render_text(d, rules->loaded.sources[d.where.file]);
                }
                if (!has_errors(rules->loaded.diagnostics)) {
                    err << file << ": error CK-NO-PLAN: the file has no plan header (plan \"ID\" { ... })\n";
                }
                bad_input = true;
            }
            continue;
        }
        std::string const id = rules->loaded.files.back().plan->id;
        if (plans.count(id) != 0) {
            err << file << ": error CK-DUPLICATE-PLAN: plan '" << id << "' is also defined in another file\n";
            bad_input = true;
            continue;
        }
        plans.emplace(id, std::move(rules));
    }
    if (files.empty()) {
        err << path << ": error CK-NO-PLAN: no .rules files found\n";
        bad_input = true;
    }
    return plans;
}

std::optional<std::string> read_file(std::string const& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

int check_command(CheckOptions const& options, std::ostream& out, std::ostream& err) {
    bool bad_input = false;
    bool flagged = false;
    auto plans = load_plans(options.rules, err, bad_input);
    spdlog::debug("{} plans found under {}", plans.size(), options.rules);

    std::vector<Evaluation> evaluations;
    for (std::string const& path : options.plans) {
        std::optional<std::string> const text = read_file(path);
        TreatmentPlanRead read = text ? read_treatment_plan(*text, path) : load_treatment_plan(path);
        for (Diagnostic const& d : read.diagnostics) err << render_text(d, text ? *text : std::string());
        if (!read.plan) {
            bad_input = true;
            continue;
        }
        TreatmentPlan const& plan = *read.plan;
        auto const found = plans.find(plan.plan_id);
        if (found == plans.end()) {
            std::string known;
            for (auto const& [id, rules] : plans) known += (known.empty() ? "" : ", ") + id;
            err << to_string(plan.where) << ": error CK-UNKNOWN-PLAN: no rules file under " << options.rules
                << " defines plan '" << plan.plan_id << "'\n";
            if (!known.empty()) err << "  hint: the plans there are " << known << "\n";
            bad_input = true;
            continue;
        }
        PlanRules& rules = *found->second;
        if (has_errors(rules.loaded.diagnostics)) {
            if (!rules.reported) {
                for (Diagnostic const& d : rules.loaded.diagnostics) {
                    if (d.severity == Severity::error) err << render_text(d, rules.loaded.sources[d.where.file]);
                }
                rules.reported = true;
            }
            err << path << ": error CK-BAD-RULES: plan '" << plan.plan_id
                << "' has errors in its rules (above); run covercheck validate\n";
            bad_input = true;
            continue;
        }
        if (!rules.book) rules.book = RuleBook::build(rules.loaded.files);
        evaluations.push_back(evaluate(*rules.book, plan));
        for (Diagnostic const& d : evaluations.back().warnings) err << render_text(d, text ? *text : std::string());
        if (evaluations.back().totals.flagged_lines > 0) flagged = true;
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
    case Format::text:
        for (std::size_t i = 0; i < evaluations.size(); ++i) out << (i == 0 ? "" : "\n") << render_table(evaluations[i]);
        break;
    }
    spdlog::info("checked {} of {} treatment plans", evaluations.size(), options.plans.size());
    if (bad_input) return exit_bad_input;
    return flagged ? exit_findings : exit_ok;
}

}  // namespace covercheck::cli
