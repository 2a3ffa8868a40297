// Lowering: the syntax tree of grammar.cpp -> the rule model of include/covercheck/rules.hpp.
//
// The grammar captures values as written; this step checks them (money, percentages, dates,
// counts), turns them into model values, and reports what is wrong with a stable code and
// the exact location. It never sees Spirit.

#include "covercheck/load.hpp"
#include "covercheck/utf8.hpp"
#include "dsl/grammar.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>

namespace covercheck {
namespace {

using dsl::ast::leaf;
using dsl::ast::node;

/// Offsets -> 1-based line and column (UTF-8 code points) for one text.
class line_map {
public:
    explicit line_map(std::string_view text) : text_(text) {
        starts_.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
                starts_.push_back(i + 1);
            }
        }
    }

    SourceLocation locate(std::string const& path, std::size_t offset) const {
        offset = std::min(offset, text_.size());
        auto const it = std::upper_bound(starts_.begin(), starts_.end(), offset);
        std::size_t const line_start = *(it - 1);
        int column = 1;
        for (std::size_t i = line_start; i < offset; ++i) {
            // Count code points: skip UTF-8 continuation bytes.
            if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U) ++column;
        }
        return SourceLocation{path, static_cast<int>(it - starts_.begin()), column};
    }

private:
    std::string_view text_;
    std::vector<std::size_t> starts_;
};

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

/// The lowering of one file: holds the diagnostics and the location mapping.
class lowering {
public:
    lowering(std::string_view text, std::string const& path) : lines_(text), size_(text.size()), path_(path) {}

    ParseResult run(dsl::syntax_result const& syntax) {
        ParseResult result;
        result.file.path = path_;
        for (auto const& e : syntax.errors) {
            error("CC-SYNTAX", e.offset, "expected " + e.expected, e.hint);
        }
        for (node const& statement : syntax.root.children) lower_statement(statement, result.file);
        check_coverage_stated(syntax, result.file);
        if (syntax.root.children.empty() && syntax.errors.empty()) {
            error("CC-EMPTY", 0, "the file holds no statement: no plan, include, code set, shared limit or benefit",
                  "an empty file is usually a save that went wrong; delete it or write its rules");
        }
        result.diagnostics = std::move(diagnostics_);
        return result;
    }

    /// CC-NO-COVERAGE (a warning) for a benefit that says neither covered nor excluded, unless a
    /// syntax error inside its block (from its start to the next statement) may have swallowed
    /// the clause: then the error is the mistake to point at.
    void check_coverage_stated(dsl::syntax_result const& syntax, RulesFile const& file) {
        std::vector<node> const& statements = syntax.root.children;
        std::size_t benefit = 0;
        for (std::size_t i = 0; i < statements.size(); ++i) {
            node const& n = statements[i];
            if (n.kind != "benefit" && n.kind != "drug") continue;
            Benefit const& b = file.benefits.at(benefit++);
            std::size_t const end = i + 1 < statements.size() ? statements[i + 1].offset : size_;
            bool const broken = std::any_of(syntax.errors.begin(), syntax.errors.end(),
                                            [&](auto const& e) { return e.offset >= n.offset && e.offset < end; });
            if (broken || !b.coverage.empty()) continue;
            std::string const what = (n.kind == "drug" ? "drug '" : "benefit '") + b.name + "'";
            diagnostics_.push_back(Diagnostic{Severity::warning, "CC-NO-COVERAGE", at(n.offset),
                                              what + " says neither covered nor excluded",
                                              "add 'covered', 'covered when ...', or 'excluded \"reason\"'"});
        }
    }

    /// CC-ENCODING at the first byte that is not UTF-8 (a file saved as Latin-1 or Windows-1252).
    void check_encoding(std::string_view text) {
        std::optional<std::size_t> const bad = first_invalid_utf8(text);
        if (!bad) return;
        static constexpr char digits[] = "0123456789ABCDEF";
        auto const byte = static_cast<unsigned char>(text[*bad]);
        std::string const hex = {'0', 'x', digits[byte >> 4U], digits[byte & 0xFU]};
        error("CC-ENCODING", *bad, "the file is not UTF-8: byte " + hex + " here is not part of a UTF-8 character",
              "save the file as UTF-8 (it may have been saved as Latin-1 or Windows-1252)");
    }

private:
    // --- diagnostics ---------------------------------------------------------------------

    SourceLocation at(std::size_t offset) const { return lines_.locate(path_, offset); }

    void error(char const* code, std::size_t offset, std::string message, std::string hint = {}) {
        diagnostics_.push_back(Diagnostic{Severity::error, code, at(offset), std::move(message), std::move(hint)});
    }

    // --- values --------------------------------------------------------------------------

    /// "$1,250.00" -> 125000 cents, checking comma groups, two-digit cents and the maximum.
    std::optional<Money> money(leaf const& l) {
        std::string_view text = l.text;
        text.remove_prefix(1);  // '$'
        std::string_view whole = text.substr(0, text.find('.'));
        std::string_view const cents = text.size() > whole.size() ? text.substr(whole.size() + 1) : std::string_view();
        bool const has_point = text.size() > whole.size();
        if (has_point && cents.size() != 2) {
            std::string fixed = std::string(l.text.substr(0, l.text.find('.') + 1)) + std::string(cents) +
                                std::string(cents.size() < 2 ? 2 - cents.size() : 0, '0');
            error("CC-BAD-MONEY", l.offset, "cents are written with exactly two digits",
                  cents.size() < 2 ? "write " + fixed.substr(0, fixed.find('.') + 3) : "round to the cent");
            return std::nullopt;
        }
        std::string digits;
        if (whole.find(',') != std::string_view::npos) {
            // Groups of three after the first group of one to three.
            std::size_t group_start = 0;
            bool first_group = true;
            while (true) {
                std::size_t const comma = whole.find(',', group_start);
                std::string_view const group = whole.substr(group_start, comma - group_start);
                bool const ok = first_group ? (group.size() >= 1 && group.size() <= 3) : group.size() == 3;
                if (!ok || !all_digits(group)) {
                    error("CC-BAD-MONEY", l.offset, "commas in a dollar amount separate groups of three digits",
                          "write it like $1,250.00 or $1250.00");
                    return std::nullopt;
                }
                digits += group;
                first_group = false;
                if (comma == std::string_view::npos) break;
                group_start = comma + 1;
            }
        } else {
            digits = std::string(whole);
        }
        if (digits.size() > 11) {
            error("CC-MONEY-OVERFLOW", l.offset, "the amount is larger than covercheck accepts ($10,000,000,000.00)");
            return std::nullopt;
        }
        std::int64_t value = std::stoll(digits) * 100 + (has_point ? std::stoll(std::string(cents)) : 0);
        if (value > max_money.cents) {
            error("CC-MONEY-OVERFLOW", l.offset, "the amount is larger than covercheck accepts ($10,000,000,000.00)");
            return std::nullopt;
        }
        return Money{value};
    }

    /// "12.5%" -> 1250 basis points; at most two decimals, at most `most_percent` (100%, or
    /// 1000% for a percentage of a fee schedule).
    std::optional<Rate> rate(leaf const& l, int most_percent = 100) {
        std::string_view text(l.text);
        text.remove_suffix(1);  // '%'
        std::size_t const point = text.find('.');
        std::string_view const whole = text.substr(0, point);
        std::string_view const fraction = point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
        if (point != std::string_view::npos && (fraction.empty() || fraction.size() > 2)) {
            error("CC-BAD-PERCENT", l.offset, "a percentage has at most two decimals", "write it like 12.5% or 12.25%");
            return std::nullopt;
        }
        std::string const most = std::to_string(most_percent) + "%";
        if (whole.size() > 4) {
            error("CC-PERCENT-RANGE", l.offset, "a percentage cannot be more than " + most);
            return std::nullopt;
        }
        std::string padded(fraction);
        padded.resize(2, '0');
        int const bp = std::stoi(std::string(whole)) * 100 + std::stoi(padded);
        if (bp > most_percent * 100) {
            error("CC-PERCENT-RANGE", l.offset, "a percentage cannot be more than " + most);
            return std::nullopt;
        }
        return Rate{bp};
    }

    std::optional<Date> date(leaf const& l) {
        if (auto d = Date::parse(l.text)) return d;
        error("CC-BAD-DATE", l.offset, l.text + " is not a date", "dates are written YYYY-MM-DD, like 2026-01-31");
        return std::nullopt;
    }

    /// A whole number that fits the model (at most 1,000,000,000).
    std::optional<std::int64_t> number(leaf const& l, std::string_view digits) {
        if (digits.size() > 10 || std::stoll(std::string(digits)) > 1'000'000'000) {
            error("CC-BAD-NUMBER", l.offset, "the number " + std::string(digits) + " is too large");
            return std::nullopt;
        }
        return std::stoll(std::string(digits));
    }

    std::optional<std::int64_t> number(leaf const& l) { return number(l, l.text); }

    /// "90 days" / "12 months" (the leading digits and a unit word).
    std::optional<Duration> duration(leaf const& l, std::string_view text) {
        std::size_t digits = 0;
        while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0) ++digits;
        auto n = number(l, text.substr(0, digits));
        if (!n) return std::nullopt;
        std::string_view unit = text.substr(digits);
        while (!unit.empty() && (unit.front() == ' ' || unit.front() == '\t')) unit.remove_prefix(1);
        Duration d;
        d.count = static_cast<std::int32_t>(*n);
        if (unit.rfind("day", 0) == 0) d.unit = Duration::Unit::days;
        else if (unit.rfind("week", 0) == 0) d.unit = Duration::Unit::weeks;
        else if (unit.rfind("month", 0) == 0) d.unit = Duration::Unit::months;
        else d.unit = Duration::Unit::years;
        if (d.count == 0) {
            error("CC-BAD-NUMBER", l.offset, "a duration must be at least 1");
            return std::nullopt;
        }
        return d;
    }

    /// The words of a leaf, blanks collapsed: "per  rolling 90 days" -> {"per","rolling","90","days"}.
    static std::vector<std::string> words(std::string_view text) {
        std::vector<std::string> out;
        std::string current;
        for (char c : text) {
            if (c == ' ' || c == '\t') {
                if (!current.empty()) out.push_back(std::move(current));
                current.clear();
            } else {
                current += c;
            }
        }
        if (!current.empty()) out.push_back(std::move(current));
        return out;
    }

    std::optional<Window> window(leaf const& l) {
        auto const w = words(l.text);  // "per" ...
        Window result;
        if (w.size() >= 2 && w[1] == "calendar") result.kind = Window::Kind::calendar_year;
        else if (w.size() >= 2 && (w[1] == "plan" || w[1] == "benefit")) result.kind = Window::Kind::plan_year;
        else if (w.size() >= 2 && w[1] == "day") result.kind = Window::Kind::day;
        else if (w.size() >= 2 && w[1] == "lifetime") result.kind = Window::Kind::lifetime;
        else {
            result.kind = Window::Kind::rolling;
            auto span = duration(l, w.size() >= 4 ? w[2] + " " + w[3] : std::string("0 days"));
            if (!span) return std::nullopt;
            result.span = *span;
        }
        return result;
    }

    static LimitUnit unit_of(std::string const& word) {
        if (word.rfind("visit", 0) == 0) return LimitUnit::visits;
        if (word.rfind("line", 0) == 0) return LimitUnit::lines;
        if (word.rfind("unit", 0) == 0) return LimitUnit::units;
        if (word.rfind("day", 0) == 0) return LimitUnit::days;
        return LimitUnit::sessions;
    }

    /// "\"a \\\"b\\\"\"" -> a "b"
    static std::string unquote(std::string const& quoted) {
        std::string out;
        for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
            if (quoted[i] == '\\' && i + 2 < quoted.size()) ++i;
            out += quoted[i];
        }
        return out;
    }

    // --- conditions ----------------------------------------------------------------------

    Condition condition(node const& n) {
        Condition c;
        c.where = at(n.offset);
        auto set_of = [&](char const* role) {
            if (leaf const* l = n.arg(role)) return l->text;
            return std::string();
        };
        if (n.kind == "or" || n.kind == "and") {
            if (n.children.size() == 1) return condition(n.children.front());
            c.kind = n.kind == "or" ? Condition::Kind::any : Condition::Kind::all;
            for (node const& ch : n.children) c.children.push_back(condition(ch));
        } else if (n.kind == "not") {
            c.kind = Condition::Kind::negate;
            if (!n.children.empty()) c.children.push_back(condition(n.children.front()));
        } else if (n.kind == "diagnosis_in") {
            c.kind = Condition::Kind::diagnosis_in;
            c.name = set_of("set");
        } else if (n.kind == "drug_in") {
            c.kind = Condition::Kind::drug_in;
            c.name = set_of("set");
        } else if (n.kind == "modifier") {
            c.kind = Condition::Kind::modifier_is;
            c.name = set_of("set");
            c.text = set_of("code");
        } else if (n.kind == "age") {
            c.kind = Condition::Kind::age_between;
            c.low = 0;
            c.high = 200;
            if (leaf const* l = n.arg("min")) c.low = static_cast<int>(number(*l).value_or(0));
            if (leaf const* l = n.arg("max")) c.high = static_cast<int>(number(*l).value_or(200));
            if (leaf const* l = n.arg("under")) c.high = static_cast<int>(number(*l).value_or(1)) - 1;
            if (c.low > c.high) {
                error("CC-BAD-RANGE", n.offset, "the age range is empty: " + std::to_string(c.low) + " is above " +
                                                   std::to_string(c.high));
            }
        } else if (n.kind == "sex") {
            c.kind = Condition::Kind::sex_is;
            c.text = set_of("sex");
        } else if (n.kind == "place") {
            c.kind = Condition::Kind::place_in;
            for (leaf const& l : n.args) c.numbers.push_back(static_cast<int>(number(l).value_or(0)));
        } else if (n.kind == "in_network") {
            c.kind = Condition::Kind::in_network;
        } else if (n.kind == "out_of_network") {
            c.kind = Condition::Kind::out_of_network;
        } else if (n.kind == "state") {
            c.kind = Condition::Kind::state_in;
            for (leaf const& l : n.args) c.texts.push_back(l.text);
        } else if (n.kind == "service_date") {
            leaf const* op = n.arg("op");
            c.kind = op != nullptr && op->text.rfind("before", 0) == 0 ? Condition::Kind::before
                                                                        : Condition::Kind::on_or_after;
            if (leaf const* l = n.arg("date")) c.date = date(*l).value_or(Date());
        } else if (n.kind == "prior_service" || n.kind == "trial_of") {
            c.kind = n.kind == "trial_of" ? Condition::Kind::trial_of : Condition::Kind::prior_service;
            c.name = set_of("set");
            if (leaf const* l = n.arg("days")) c.low = static_cast<int>(number(*l).value_or(0));
            if (leaf const* l = n.arg("within")) c.span = duration(*l, l->text).value_or(Duration{});
        }
        return c;
    }

    /// The `when`/`unless` child of a clause, if any.
    std::optional<Guard> guard_of(node const& clause) {
        for (node const& ch : clause.children) {
            if (ch.kind == "when" || ch.kind == "unless") {
                Guard g;
                g.unless = ch.kind == "unless";
                if (!ch.children.empty()) g.condition = condition(ch.children.front());
                return g;
            }
        }
        return std::nullopt;
    }

    // --- clauses -------------------------------------------------------------------------

    std::optional<CostShare> cost_share(node const& n) {
        CostShare share;
        share.where = at(n.offset);
        share.after_deductible = n.arg("after") != nullptr;
        if (n.kind == "copay") {
            auto amount = money(*n.arg("amount"));
            if (!amount) return std::nullopt;
            share.copay = amount;
            if (leaf const* per = n.arg("per")) {
                if (per->text == "day") share.copay_per = CostShare::Per::day;
                else if (per->text == "fill") share.copay_per = CostShare::Per::fill;
                else if (per->text == "admission") share.copay_per = CostShare::Per::admission;
            }
        } else if (n.kind == "coinsurance") {
            auto r = rate(*n.arg("rate"));
            if (!r) return std::nullopt;
            share.coinsurance = r;
        } else {
            share.no_charge = true;
        }
        return share;
    }

    /// The cost-share clauses of one block (a benefit, the plan, or either's out-of-network
    /// share) seen so far, to merge and to find conflicts.
    struct ShareClauses {
        std::optional<SourceLocation> copay;
        std::optional<SourceLocation> coinsurance;
        std::optional<SourceLocation> no_charge;
        bool copay_after = false;         ///< the copay clause says `after deductible`
        bool coinsurance_after = false;   ///< the coinsurance clause says `after deductible`
    };

    /// Adds the cost-share clause `c` (copay, coinsurance or no charge) to `into`. A copay and a
    /// coinsurance go together: the copay, then coinsurance on the rest ("$35 copay, then 30%
    /// after the deductible"). A second copay or coinsurance, or `no charge` with either, is
    /// CC-CONFLICTING-CLAUSE. `block` names the block for the message ("this benefit").
    void add_share(node const& c, std::optional<CostShare>& into, ShareClauses& seen, std::string const& block) {
        std::optional<CostShare> add = cost_share(c);   // its values are checked even when it conflicts
        std::optional<SourceLocation>& slot =
            c.kind == "copay" ? seen.copay : c.kind == "coinsurance" ? seen.coinsurance : seen.no_charge;
        std::optional<SourceLocation> const clash =
            slot ? slot
                 : c.kind == "no_charge" ? (seen.copay ? seen.copay : seen.coinsurance)
                                         : seen.no_charge;
        if (clash) {
            // The same clause twice ("a copay"), or `no charge` beside a copay or coinsurance.
            bool const repeated = slot && c.kind != "no_charge";
            std::string const what = repeated ? "a " + pretty(c.kind) : slot ? "'no charge'" : "its cost share";
            error("CC-CONFLICTING-CLAUSE", c.offset, block + " already states " + what + " at line " + std::to_string(clash->line),
                  repeated ? "keep one: a cost share has one copay and at most one coinsurance"
                           : "'no charge' stands alone: remove it, or the copay and coinsurance");
            return;
        }
        slot = at(c.offset);
        if (!add) return;
        if (c.kind == "copay") seen.copay_after = add->after_deductible;
        if (c.kind == "coinsurance") seen.coinsurance_after = add->after_deductible;
        if (!into) {
            into = std::move(add);
            return;
        }
        CostShare& share = *into;
        if (add->copay) {
            share.copay = add->copay;
            share.copay_per = add->copay_per;
        }
        if (add->coinsurance) share.coinsurance = add->coinsurance;
        share.after_deductible = seen.copay_after || seen.coinsurance_after;
        share.copay_first = share.copay && share.coinsurance && !seen.copay_after && seen.coinsurance_after;
    }

    /// One term of a limit; nothing when one of its values is wrong (already reported: the term
    /// is left out so that no later check reasons from a value that was never written).
    std::optional<LimitTerm> limit_term(node const& term) {
        std::size_t const problems_before = diagnostics_.size();
        LimitTerm t;
        t.where = at(term.offset);
        if (leaf const* amount = term.arg("amount")) {
            if (!amount->text.empty() && amount->text.front() == '$') {
                t.unit = LimitUnit::dollars;
                t.quantity = money(*amount).value_or(Money{}).cents;
            } else {
                auto const w = words(amount->text);
                std::string digits = w.empty() ? "0" : w.front();
                std::size_t n = 0;
                while (n < digits.size() && std::isdigit(static_cast<unsigned char>(digits[n])) != 0) ++n;
                t.quantity = number(*amount, digits.substr(0, n)).value_or(1);
                if (n > 0 && t.quantity == 0) {
                    error("CC-BAD-NUMBER", amount->offset, "a limit of 0 allows nothing",
                          "to refuse the service, write: not covered \"reason\"");
                }
                std::string unit = w.size() > 1 ? w[1] : digits.substr(n);
                t.unit = unit_of(unit);
            }
        }
        if (leaf const* w = term.arg("window")) t.window = window(*w).value_or(Window{});
        if (leaf const* then = term.arg("then")) {
            auto const w = words(then->text);
            if (w.front() == "prior") t.past.action = PastLimit::Action::prior_authorization;
            else if (w.front() == "modifier") {
                t.past.action = PastLimit::Action::modifier;
                t.past.modifier = w.size() > 1 ? w[1] : std::string();
            }
        }
        if (diagnostics_.size() != problems_before) return std::nullopt;
        return t;
    }

    DateRange date_range(node const& n) {
        DateRange range;
        range.where = at(n.offset);
        if (leaf const* from = n.arg("from")) range.from = date(*from).value_or(Date());
        if (leaf const* to = n.arg("to")) range.to = date(*to);
        return range;
    }

    Accumulator& amounts_for(NetworkAmounts& both, node const& n) {
        leaf const* network = n.arg("network");
        return network != nullptr && network->text.rfind("out", 0) == 0 ? both.out_of_network : both.in_network;
    }

    void lower_amounts(node const& n, NetworkAmounts& both) {
        Accumulator& acc = amounts_for(both, n);
        acc.where = at(n.offset);
        if (leaf const* l = n.arg("individual")) acc.individual = money(*l);
        if (leaf const* l = n.arg("family")) acc.family = money(*l);
    }

    void misplaced(node const& n, char const* where_allowed) {
        error("CC-MISPLACED", n.offset, "'" + pretty(n.kind) + "' belongs in " + where_allowed);
    }

    static std::string pretty(std::string kind) {
        if (kind == "oop_max") return "out-of-pocket maximum";
        if (kind == "prior_auth") return "prior authorization";
        if (kind == "not_toward_oop") return "not toward out-of-pocket maximum";
        if (kind == "limit_shared") return "limit shared";
        if (kind == "period") return "benefit period";
        if (kind == "allowed") return "allowed amount";
        std::replace(kind.begin(), kind.end(), '_', ' ');
        return kind;
    }

    /// Clauses that may carry when/unless.
    static bool guardable(std::string const& kind) {
        return kind == "covered" || kind == "excluded" || kind == "not_covered" || kind == "prior_auth" ||
               kind == "limit" || kind == "limit_shared" || kind == "requires" || kind == "supply";
    }

    void lower_plan(node const& n, RulesFile& file) {
        PlanHeader plan;
        plan.where = at(n.offset);
        ShareClauses plan_share;
        ShareClauses plan_out_of_network;
        if (leaf const* id = n.arg("id")) plan.id = unquote(id->text);
        if (plan.id.empty()) error("CC-EMPTY-NAME", n.offset, "a plan needs an id", "write it like plan \"ACME-PPO-2026\"");
        for (node const& c : n.children) {
            if (guard_of(c) && !guardable(c.kind)) {
                error("CC-GUARD-NOT-ALLOWED", c.offset, "'" + pretty(c.kind) + "' cannot take when or unless");
            }
            if (c.kind == "name") plan.name = unquote(c.arg("text")->text);
            else if (c.kind == "payer") plan.payer = unquote(c.arg("text")->text);
            else if (c.kind == "effective") plan.effective = date_range(c);
            else if (c.kind == "period") {
                auto const w = words(c.arg("spec")->text);
                static char const* const months[] = {"January", "February", "March", "April", "May", "June", "July",
                                                     "August", "September", "October", "November", "December"};
                plan.period_start_month = 1;
                for (int m = 0; m < 12; ++m) {
                    if (w.back() == months[m]) plan.period_start_month = m + 1;
                }
            } else if (c.kind == "deductible") lower_amounts(c, plan.deductible);
            else if (c.kind == "oop_max") lower_amounts(c, plan.out_of_pocket_max);
            else if (c.kind == "copay" || c.kind == "coinsurance" || c.kind == "no_charge") {
                add_share(c, plan.default_cost_share, plan_share, "the plan's default cost share");
            } else if (c.kind == "allowed") {
                set_allowed(c, c, plan.allowed);
            } else if (c.kind == "out_of_network" && c.children.front().kind == "allowed") {
                set_allowed(c, c.children.front(), plan.out_of_network_allowed);
            } else if (c.kind == "out_of_network") {
                node const& share = c.children.front();
                if (share.kind == "not_covered") plan.out_of_network_covered = false;
                else add_share(share, plan.out_of_network_cost, plan_out_of_network, "the plan's out-of-network share");
                plan.out_of_network_where = at(c.offset);
            } else if (c.kind == "state") {
                for (leaf const& l : c.args) {
                    plan.states.push_back(l.text);
                    plan.states_where.push_back(at(l.offset));
                }
            } else if (c.kind == "rate" || c.kind == "rates") {
                misplaced(c, "a fee schedule block (fee schedule NAME { ... })");
            } else {
                misplaced(c, "a benefit or drug block, not the plan header");
            }
        }
        if (file.plan) {
            error("CC-DUPLICATE-NAME", n.offset, "a file holds one plan; this one is the second",
                  "put each plan in its own file");
            return;
        }
        file.plan = std::move(plan);
    }

    void lower_benefit(node const& n, RulesFile& file) {
        Benefit b;
        b.kind = n.kind == "drug" ? Benefit::Kind::drug : Benefit::Kind::service;
        b.where = at(n.offset);
        for (leaf const& l : n.args) {
            if (l.role == std::string("name")) b.name = unquote(l.text);
            else if (l.role == std::string("codes")) {
                b.code_sets.push_back(l.text);
                b.code_set_where.push_back(at(l.offset));
            } else if (l.role == std::string("drug")) {
                b.drug_set = l.text;
                b.drug_set_where = at(l.offset);
            }
        }
        if (b.name.empty()) error("CC-EMPTY-NAME", n.offset, "a benefit needs a name");
        ShareClauses in_network;
        ShareClauses out_of_network;
        for (node const& c : n.children) {
            auto g = guard_of(c);
            if (g && !guardable(c.kind)) {
                error("CC-GUARD-NOT-ALLOWED", c.offset, "'" + pretty(c.kind) + "' cannot take when or unless",
                      "only coverage, prior authorization, limit, requires and supply clauses can");
                g.reset();
            }
            SourceLocation const where = at(c.offset);
            if (c.kind == "covered" || c.kind == "excluded" || c.kind == "not_covered") {
                CoverageRule rule;
                rule.kind = c.kind == "covered"    ? CoverageRule::Kind::covered
                            : c.kind == "excluded" ? CoverageRule::Kind::excluded
                                                   : CoverageRule::Kind::not_covered;
                if (leaf const* reason = c.arg("reason")) rule.reason = unquote(reason->text);
                rule.guard = std::move(g);
                rule.where = where;
                b.coverage.push_back(std::move(rule));
            } else if (c.kind == "copay" || c.kind == "coinsurance" || c.kind == "no_charge") {
                add_share(c, b.cost_share, in_network, "this benefit");
            } else if (c.kind == "out_of_network") {
                node const& share = c.children.front();
                if (share.kind == "not_covered") b.out_of_network_not_covered = where;
                else add_share(share, b.out_of_network_cost, out_of_network, "this benefit's out-of-network share");
            } else if (c.kind == "not_toward_oop") {
                b.counts_toward_oop = false;
            } else if (c.kind == "source") {
                b.sources.push_back(unquote(c.arg("text")->text));
            } else if (c.kind == "effective") {
                b.effective = date_range(c);
            } else if (c.kind == "tier") {
                b.tier = static_cast<int>(number(*c.arg("tier")).value_or(0));
            } else if (c.kind == "prior_auth") {
                PriorAuthRule pa;
                pa.where = where;
                pa.guard = std::move(g);
                if (leaf const* count = c.arg("count")) {
                    pa.trigger = PriorAuthRule::Trigger::after_count;
                    auto const w = words(count->text);
                    pa.count = number(*count, w.front()).value_or(0);
                    pa.unit = unit_of(w.size() > 1 ? w[1] : std::string("visits"));
                    if (leaf const* win = c.arg("window")) pa.window = window(*win).value_or(Window{});
                } else if (leaf const* amount = c.arg("amount")) {
                    pa.trigger = PriorAuthRule::Trigger::above_amount;
                    pa.amount = money(*amount).value_or(Money{});
                }
                for (leaf const& l : c.args) {
                    if (l.role == std::string("documentation")) pa.documentation.push_back(unquote(l.text));
                }
                b.prior_auth.push_back(std::move(pa));
            } else if (c.kind == "limit" || c.kind == "limit_shared") {
                LimitRule limit;
                limit.where = where;
                limit.guard = std::move(g);
                if (c.kind == "limit_shared") limit.shared = c.arg("name")->text;
                for (node const& term : c.children) {
                    if (term.kind != "term") continue;
                    if (std::optional<LimitTerm> t = limit_term(term)) limit.terms.push_back(std::move(*t));
                }
                b.limits.push_back(std::move(limit));
            } else if (c.kind == "requires") {
                Requirement r;
                r.where = where;
                r.guard = std::move(g);
                for (node const& ch : c.children) {
                    if (ch.kind != "when" && ch.kind != "unless") {
                        r.condition = condition(ch);
                        break;
                    }
                }
                b.requirements.push_back(std::move(r));
            } else if (c.kind == "supply") {
                SupplyLimit s;
                s.where = where;
                s.guard = std::move(g);
                s.days = static_cast<std::int32_t>(number(*c.arg("days")).value_or(0));
                b.supply_limits.push_back(std::move(s));
            } else if (c.kind == "rate" || c.kind == "rates") {
                misplaced(c, "a fee schedule block (fee schedule NAME { ... })");
            } else if (c.kind == "out_of_network" && c.children.front().kind == "allowed") {
                misplaced(c, "the plan header: allowed amounts are the plan's, not a benefit's");
            } else {
                misplaced(c, "the plan header, not a benefit");
            }
        }
        file.benefits.push_back(std::move(b));
    }

    /// `allowed amount [P% of] fee schedule NAME` (`n` is the clause, `spec` the node holding
    /// its leaves: the clause itself, or the child of `out of network`).
    void set_allowed(node const& n, node const& spec, std::optional<AllowedRule>& into) {
        if (into) {
            error("CC-CONFLICTING-CLAUSE", n.offset, "the allowed amount is already set for this network",
                  "keep one 'allowed amount' clause per network");
            return;
        }
        AllowedRule rule;
        rule.where = at(n.offset);
        if (leaf const* p = spec.arg("percent")) {
            std::optional<Rate> r = rate(*p, 1000);
            if (!r) return;
            if (r->basis_points == 0) {
                error("CC-BAD-NUMBER", p->offset, "an allowed amount of 0% of a fee schedule allows nothing",
                      "write the plan's percentage, like 140%");
                return;
            }
            rule.percent = *r;
        }
        leaf const* schedule = spec.arg("schedule");
        rule.schedule = schedule->text;
        rule.schedule_where = at(schedule->offset);
        into = std::move(rule);
    }

    void lower_fee_schedule(node const& n, RulesFile& file) {
        FeeSchedule fees;
        fees.where = at(n.offset);
        fees.name = n.arg("name")->text;
        for (node const& c : n.children) {
            if (guard_of(c)) error("CC-GUARD-NOT-ALLOWED", c.offset, "'" + pretty(c.kind) + "' cannot take when or unless",
                                   "give a rate its dates with 'from' and 'to'");
            if (c.kind == "name") {
                fees.display_name = unquote(c.arg("text")->text);
            } else if (c.kind == "effective") {
                fees.effective = date_range(c);
            } else if (c.kind == "rate") {
                FeeRate r;
                r.where = at(c.offset);
                r.code = c.arg("code")->text;
                if (leaf const* m = c.arg("modifier")) r.modifier = m->text;
                std::optional<Money> amount = money(*c.arg("amount"));
                if (!amount) continue;
                r.amount = *amount;
                if (leaf const* from = c.arg("from")) r.from = date(*from);
                if (leaf const* to = c.arg("to")) r.to = date(*to);
                fees.rates.push_back(std::move(r));
            } else if (c.kind == "rates") {
                if (!fees.rates_file.empty()) {
                    error("CC-CONFLICTING-CLAUSE", c.offset, "a fee schedule reads at most one rates file",
                          "put the rates in one CSV file");
                    continue;
                }
                fees.rates_file = unquote(c.arg("path")->text);
                fees.rates_file_where = at(c.offset);
            } else {
                misplaced(c, "a plan or benefit block, not a fee schedule");
            }
        }
        file.fee_schedules.push_back(std::move(fees));
    }

    void lower_codes(node const& n, RulesFile& file) {
        CodeSet set;
        set.where = at(n.offset);
        set.name = n.arg("name")->text;
        if (leaf const* display = n.arg("display")) {
            set.display_name = unquote(display->text);
            if (set.display_name.empty()) {
                error("CC-EMPTY-NAME", display->offset, "a code set's display name is empty",
                      "write what messages should call the set, or leave the quotes out");
            }
        }
        std::string const kind = n.arg("kind")->text;
        set.kind = kind == "icd10"    ? CodeKind::diagnosis
                   : kind == "rxnorm" ? CodeKind::rxnorm
                   : kind == "ndc"    ? CodeKind::ndc
                   : kind == "modifier" ? CodeKind::modifier
                                        : CodeKind::procedure;
        for (leaf const& l : n.args) {
            if (l.role == std::string("item_modifier")) {
                set.items.back().modifier = l.text;   // follows its item
                continue;
            }
            if (l.role != std::string("item")) continue;
            CodeItem item;
            item.where = at(l.offset);
            std::string const& t = l.text;
            char const first = t.front();
            if (std::islower(static_cast<unsigned char>(first)) != 0 || first == '_') {
                item.form = CodeItem::Form::reference;
                item.first = t;
            } else if (t.back() == '*') {
                item.form = CodeItem::Form::prefix;
                item.first = t.substr(0, t.size() - 1);
            } else if (set.kind != CodeKind::ndc && t.find('-') != std::string::npos) {
                std::size_t const dash = t.find('-');
                item.form = CodeItem::Form::range;
                item.first = t.substr(0, dash);
                item.last = t.substr(dash + 1);
            } else if ((set.kind == CodeKind::diagnosis || set.kind == CodeKind::procedure) && t.size() > 1 &&
                       t.back() == 'x') {
                item.form = CodeItem::Form::prefix;
                item.first = t.substr(0, t.size() - 1);
            } else {
                item.first = t;
            }
            set.items.push_back(std::move(item));
        }
        file.code_sets.push_back(std::move(set));
    }

    void lower_statement(node const& n, RulesFile& file) {
        if (n.kind == "include") {
            file.includes.push_back(Include{unquote(n.arg("path")->text), at(n.offset)});
        } else if (n.kind == "codes") {
            lower_codes(n, file);
        } else if (n.kind == "shared_limit") {
            SharedLimit shared;
            shared.where = at(n.offset);
            shared.name = n.arg("name")->text;
            for (node const& term : n.children) {
                if (std::optional<LimitTerm> t = limit_term(term)) shared.terms.push_back(std::move(*t));
            }
            file.shared_limits.push_back(std::move(shared));
        } else if (n.kind == "plan") {
            lower_plan(n, file);
        } else if (n.kind == "benefit" || n.kind == "drug") {
            lower_benefit(n, file);
        } else if (n.kind == "fee_schedule") {
            lower_fee_schedule(n, file);
        }
    }

    line_map lines_;
    std::size_t size_;   ///< of the text
    std::string const& path_;
    std::vector<Diagnostic> diagnostics_;
};

}  // namespace

ParseResult parse_rules(std::string_view text, std::string const& path) {
    // A UTF-16 file (its byte-order mark first) is not parsed: every character would be a
    // syntax error. Any other byte that is not UTF-8 is reported once, and the rest is parsed.
    auto refused = [&](SourceLocation where, std::string message, std::string hint) {
        ParseResult result;
        result.file.path = path;
        result.diagnostics.push_back({Severity::error, "CC-ENCODING", std::move(where), std::move(message), std::move(hint)});
        return result;
    };
    if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF") {
        return refused(SourceLocation{path, 1, 1}, "the file is UTF-16, not UTF-8", "save the file as UTF-8");
    }
    // A NUL byte anywhere: a binary file, or UTF-16 without its byte-order mark. Not parsed
    // either (no rules text holds one).
    if (std::size_t const nul = text.find('\0'); nul != std::string_view::npos) {
        return refused(line_map(text).locate(path, nul),
                       "the file holds a NUL byte here: it is binary, or UTF-16 without a byte-order mark, not UTF-8 text",
                       "give a rules file saved as UTF-8 text");
    }
    dsl::syntax_result const syntax = dsl::parse_syntax(text);
    lowering lower(text, path);
    lower.check_encoding(text);
    ParseResult result = lower.run(syntax);
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](Diagnostic const& a, Diagnostic const& b) {
        return a.where.line != b.where.line ? a.where.line < b.where.line : a.where.column < b.where.column;
    });
    return result;
}

}  // namespace covercheck
