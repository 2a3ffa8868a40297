// The evaluator. One Evaluation per treatment plan; lines in date order; every check of a line
// adds findings, the most serious decides the outcome; accumulators change only for lines that
// are not denied.

#include "covercheck/evaluate.hpp"

#include "covercheck/codes.hpp"
#include "eval/rule_book_data.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <optional>
#include <map>
#include <unordered_map>
#include <utility>
#include <variant>

namespace covercheck {

char const* to_string(Outcome outcome) {
    switch (outcome) {
    case Outcome::self_pay: return "self-pay";
    case Outcome::covered: return "covered";
    case Outcome::covered_with_pa: return "covered with PA";
    case Outcome::needs_review: return "needs review";
    case Outcome::needs_pa: return "needs PA";
    case Outcome::over_limit: return "over limit";
    case Outcome::sequencing_not_met: return "sequencing not met";
    case Outcome::step_therapy_not_met: return "step therapy not met";
    case Outcome::diagnosis_not_supported: return "diagnosis not supported";
    case Outcome::out_of_network: return "out of network";
    case Outcome::not_covered: return "not covered";
    }
    return "needs review";
}

bool is_denial(Outcome outcome) { return outcome >= Outcome::over_limit; }

bool is_flagged(Outcome outcome) {
    return outcome != Outcome::covered && outcome != Outcome::covered_with_pa && outcome != Outcome::self_pay;
}

namespace {

using detail::CodeMatcher;
using detail::FeeTable;
using detail::RuleBookData;

enum class Truth { no, yes, unknown };

Truth negate(Truth t) { return t == Truth::unknown ? t : (t == Truth::yes ? Truth::no : Truth::yes); }

/// One counted use: a line (or a past service) on a date, in the counter's unit.
struct Event {
    Date date;
    int benefit = -1;   ///< the benefit that answered for the line (for visits: one per benefit and date)
    std::int64_t amount = 0;
    int line = -1;      ///< for refused lines: the index of the treatment plan's line (for messages)
};

/// A limit term's or a PA threshold's count. `prior` is what the treatment plan says was used
/// earlier in the benefit period (undated: it counts toward calendar-year, plan-year and lifetime
/// windows); dated events count where their date falls.
struct Counter {
    std::int64_t prior = 0;
    std::vector<Event> events;
    /// Lines refused (over a limit, not covered, ...) that would have counted: they do not use
    /// the limit, but messages number the lines asked for ("session 22" after a refused 21).
    std::vector<Event> refused;

    bool has_day(Date date) const {
        return std::any_of(events.begin(), events.end(), [&](Event const& e) { return e.date == date; });
    }

    /// A visit of `benefit` on `date` is counted already.
    bool has_visit(Date date, int benefit) const {
        return std::any_of(events.begin(), events.end(),
                           [&](Event const& e) { return e.date == date && e.benefit == benefit; });
    }
};

/// An earlier service or fill, for `prior service in` and `trial of`. The codes are views of
/// the treatment plan's strings, which outlive the evaluation.
struct Past {
    Date date;
    std::string_view code;
    std::string_view drug;
    std::int32_t days_supply = 0;
};

std::string plural(std::int64_t n, std::string const& one) {
    return std::to_string(n) + " " + one + (n == 1 ? "" : "s");
}

/// "visit", "unit", "day", "session" for a count unit.
std::string unit_word(LimitUnit unit) {
    switch (unit) {
    case LimitUnit::visits: return "visit";
    case LimitUnit::lines: return "line";
    case LimitUnit::units: return "unit";
    case LimitUnit::days: return "day";
    case LimitUnit::sessions: return "session";
    case LimitUnit::dollars: return "dollar";
    }
    return "visit";
}

std::string amount_text(std::int64_t amount, LimitUnit unit) {
    if (unit == LimitUnit::dollars) return format_money(Money{amount});
    return plural(amount, unit_word(unit));
}

std::string ordinal_text(std::int64_t n, LimitUnit unit) {
    if (unit == LimitUnit::dollars) return format_money(Money{n}) + " used";
    return unit_word(unit) + " " + std::to_string(n);
}

std::string join(std::vector<std::string> const& items, char const* separator = ", ") {
    std::string out;
    for (std::string const& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

/// Modifiers compare without regard to case ("gp" is GP).
bool same_modifier(std::string const& a, std::string const& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto up = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
               return up(x) == up(y);
           });
}

bool has_modifier(ServiceLine const& line, std::string const& modifier) {
    return std::any_of(line.modifiers.begin(), line.modifiers.end(),
                       [&](std::string const& m) { return same_modifier(m, modifier); });
}

bool is_drug_kind(CodeKind kind) { return kind == CodeKind::rxnorm || kind == CodeKind::ndc; }

/// Authorization statuses that authorize (X12 278 HCR01): A1 certified in total, A2 certified
/// partially, A6 modified. A3 not certified and A4 pended do not.
bool authorizes(std::string const& status) { return status == "A1" || status == "A2" || status == "A6"; }

/// The words for a status that does not authorize and is not a denial.
std::string status_words(std::string const& status) {
    if (status == "A4") return "pended (A4): not yet decided";
    return "in status " + status + ", which does not authorize the service";
}

class Evaluator {
public:
    Evaluator(RuleBookData const& book, TreatmentPlan const& plan) : book_(book), plan_(plan) {
        // What the plan says is met (and used) belongs to the benefit period of the first line.
        for (ServiceLine const& line : plan.lines) {
            if (!first_date_ || line.date < *first_date_) first_date_ = line.date;
        }
        if (first_date_) {
            first_year_start_ = Date::from_ymd(first_date_->year(), 1, 1).value_or(*first_date_);
            first_period_start_ = period_start(*first_date_);
            Met& met = met_[first_period_start_.days()];
            met.deductible[0] = plan.met.deductible;
            met.deductible_without_maximum[0] = plan.met.deductible;
            met.out_of_pocket[0] = plan.met.out_of_pocket;
        }
        auth_used_.assign(plan.authorizations.size(), 0);
        for (PastService const& s : plan.history) past_.push_back({s.date, s.code, s.drug, s.days_supply});
        seed_prior_usage();
        seed_history();
    }

    Evaluation run() {
        Evaluation result;
        result.treatment_id = plan_.id;
        result.plan_id = book_.plan.id;
        result.plan_name = book_.plan.name;
        std::vector<std::size_t> order(plan_.lines.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return plan_.lines[a].date < plan_.lines[b].date; });
        result.lines.reserve(order.size());
        for (std::size_t i : order) evaluate_line(plan_.lines[i], result.lines.emplace_back());

        result.totals = totals_of(result.lines);
        result.pas_to_file = pas_listed(result.lines, false);
        result.pas_to_follow_up = pas_listed(result.lines, true);
        result.met_after = plan_.met;
        if (!result.lines.empty()) {
            Met const& last = met_[period_start(result.lines.back().line.date).days()];
            result.met_after = MetSoFar{last.deductible[0], last.out_of_pocket[0]};
        }
        result.warnings = warnings_;
        return result;
    }

private:
    // ---- which benefit answers for a line ------------------------------------------------

    /// Candidate benefits for the line: by procedure code (narrowed by `with drug`), or for a
    /// pharmacy line by drug code. A benefit `with drug` that matches wins over one without.
    /// Fills found_ (hits_ is its scratch).
    void candidates(ServiceLine const& line) {
        std::vector<int>& found = found_;
        found.clear();
        if (!line.code.empty()) {
            std::vector<int>& hits = hits_;
            hits.clear();
            // A benefit that lists the code with a modifier the line carries (97110 with GO) wins
            // over one that lists the code alone.
            std::string const key = match_key(CodeKind::procedure, line.code);
            book_.procedures.find_qualified(CodeKind::procedure, line.code, key, line.modifiers, hits);
            if (hits.empty()) book_.procedures.find(CodeKind::procedure, line.code, key, hits);
            bool any_with_drug = false;
            for (int i : hits) {
                Benefit const& b = book_.benefits[static_cast<std::size_t>(i)];
                if (b.drug_set.empty()) continue;
                CodeMatcher const* drugs = line.drug.empty() ? nullptr : book_.set(b.drug_set);
                if (drugs != nullptr && drugs->contains(line.drug)) {
                    any_with_drug = true;
                    found.push_back(i);
                }
            }
            if (!any_with_drug) {
                for (int i : hits) {
                    if (book_.benefits[static_cast<std::size_t>(i)].drug_set.empty()) found.push_back(i);
                }
            }
            return;
        }
        if (!line.drug.empty()) {
            book_.drugs.find(CodeKind::rxnorm, line.drug, found);
            std::size_t const rxnorm = found.size();
            book_.drugs.find(CodeKind::ndc, line.drug, found);
            // An index found under both kinds is kept once, in its RxNorm place.
            auto const rx_end = found.begin() + static_cast<std::ptrdiff_t>(rxnorm);
            found.erase(std::remove_if(rx_end, found.end(), [&](int i) { return std::find(found.begin(), rx_end, i) != rx_end; }),
                        found.end());
        }
    }

    // ---- conditions ----------------------------------------------------------------------

    std::vector<std::string> const& diagnoses_of(ServiceLine const& line) const {
        return line.diagnoses.empty() ? plan_.diagnoses : line.diagnoses;
    }

    bool in_set(std::string const& set_name, std::string const& code) const {
        CodeMatcher const* set = book_.set(set_name);
        return set != nullptr && !code.empty() && set->contains(code);
    }

    Truth eval(Condition const& c, ServiceLine const& line) const {
        switch (c.kind) {
        case Condition::Kind::all: {
            Truth t = Truth::yes;
            for (Condition const& child : c.children) {
                Truth const v = eval(child, line);
                if (v == Truth::no) return Truth::no;
                if (v == Truth::unknown) t = Truth::unknown;
            }
            return t;
        }
        case Condition::Kind::any: {
            Truth t = Truth::no;
            for (Condition const& child : c.children) {
                Truth const v = eval(child, line);
                if (v == Truth::yes) return Truth::yes;
                if (v == Truth::unknown) t = Truth::unknown;
            }
            return t;
        }
        case Condition::Kind::negate: return c.children.empty() ? Truth::unknown : negate(eval(c.children.front(), line));
        case Condition::Kind::diagnosis_in: {
            for (std::string const& d : diagnoses_of(line)) {
                if (in_set(c.name, d)) return Truth::yes;
            }
            return Truth::no;
        }
        case Condition::Kind::drug_in: return in_set(c.name, line.drug) ? Truth::yes : Truth::no;
        case Condition::Kind::modifier_is:
            if (!c.text.empty()) return has_modifier(line, c.text) ? Truth::yes : Truth::no;
            for (std::string const& m : line.modifiers) {
                if (in_set(c.name, m)) return Truth::yes;
            }
            return Truth::no;
        case Condition::Kind::age_between: {
            if (!plan_.patient.birth_date) return Truth::unknown;
            int const age = age_on(*plan_.patient.birth_date, line.date);
            return age >= c.low && age <= c.high ? Truth::yes : Truth::no;
        }
        case Condition::Kind::sex_is:
            if (plan_.patient.sex == Sex::unknown) return Truth::unknown;
            return (plan_.patient.sex == Sex::female) == (c.text == "female") ? Truth::yes : Truth::no;
        case Condition::Kind::place_in:
            if (line.place_of_service == 0) return Truth::unknown;
            return std::find(c.numbers.begin(), c.numbers.end(), line.place_of_service) != c.numbers.end() ? Truth::yes
                                                                                                            : Truth::no;
        case Condition::Kind::in_network: return line.in_network ? Truth::yes : Truth::no;
        case Condition::Kind::out_of_network: return line.in_network ? Truth::no : Truth::yes;
        case Condition::Kind::state_in: {
            std::vector<std::string> states;
            if (!plan_.patient.state.empty()) states.push_back(plan_.patient.state);
            else states = book_.plan.states;
            if (states.empty()) return Truth::unknown;
            for (std::string const& s : states) {
                if (std::find(c.texts.begin(), c.texts.end(), s) != c.texts.end()) return Truth::yes;
            }
            return Truth::no;
        }
        case Condition::Kind::on_or_after: return line.date >= c.date ? Truth::yes : Truth::no;
        case Condition::Kind::before: return line.date < c.date ? Truth::yes : Truth::no;
        case Condition::Kind::prior_service: return prior_service(c, line) ? Truth::yes : Truth::no;
        case Condition::Kind::trial_of: return trial_days(c, line) >= c.low ? Truth::yes : Truth::no;
        }
        return Truth::unknown;
    }

    /// History records no modifiers: a code a set lists `with modifier` matches on the code.
    bool past_matches(Past const& p, CodeMatcher const& set) const {
        return is_drug_kind(set.kind) ? !p.drug.empty() && set.contains(p.drug)
                                      : !p.code.empty() && set.contains(p.code, {}, true);
    }

    /// An earlier service or fill from the set within the span before (or on) the line's date.
    bool prior_service(Condition const& c, ServiceLine const& line) const {
        CodeMatcher const* set = book_.set(c.name);
        if (set == nullptr) return false;
        Date const from = window_start(c.span, line.date);
        return std::any_of(past_.begin(), past_.end(), [&](Past const& p) {
            return p.date >= from && p.date <= line.date && past_matches(p, *set);
        });
    }

    /// Days on drugs from the set before the line's date, from fills in the look-back span: a
    /// fill counts the days of its supply that ran before the line (a 30-day fill 10 days ago
    /// is 10 days of trial), and days covered by two fills count once.
    std::int64_t trial_days(Condition const& c, ServiceLine const& line) const {
        CodeMatcher const* set = book_.set(c.name);
        if (set == nullptr) return 0;
        Date const from = window_start(c.span, line.date);
        std::vector<std::pair<std::int32_t, std::int32_t>> spans;   // [first day, end day)
        for (Past const& p : past_) {
            if (p.date < from || p.date >= line.date || p.days_supply <= 0 || !past_matches(p, *set)) continue;
            std::int64_t const end = std::min<std::int64_t>(std::int64_t{p.date.days()} + p.days_supply, line.date.days());
            spans.emplace_back(p.date.days(), static_cast<std::int32_t>(end));
        }
        std::sort(spans.begin(), spans.end());
        std::int64_t days = 0;
        std::int64_t covered_to = std::numeric_limits<std::int64_t>::min();
        for (auto const& [first, end] : spans) {
            std::int64_t const start = std::max<std::int64_t>(first, covered_to);
            if (end > start) days += end - start;
            covered_to = std::max<std::int64_t>(covered_to, end);
        }
        return days;
    }

    /// For a `prior service` or `trial of` that does not hold: the latest service or fill from
    /// its set that is on file but before the window, named with its date ("; a fill on file,
    /// 2025-01-03, is before the window, which starts 2025-09-02"); "" when there is none.
    std::string outside_window(Condition const& c, ServiceLine const& line, char const* what) const {
        CodeMatcher const* set = book_.set(c.name);
        if (set == nullptr) return "";
        Date const from = window_start(c.span, line.date);
        std::optional<Date> latest;
        for (Past const& p : past_) {
            if (p.date < from && past_matches(p, *set) && (!latest || p.date > *latest)) latest = p.date;
        }
        if (!latest) return "";
        return std::string("; a ") + what + " on file, " + latest->iso() + ", is before the window, which starts " + from.iso();
    }

    /// True when the guard lets its clause apply; unknown when a fact it needs is missing.
    Truth applies(std::optional<Guard> const& guard, ServiceLine const& line) const {
        if (!guard) return Truth::yes;
        Truth const t = eval(guard->condition, line);
        return guard->unless ? negate(t) : t;
    }

    /// The first leaf that keeps `c` from holding (for the words of a finding).
    /// The part of `c` that makes it come out `outcome` (no, or unknown): the child of an `and`
    /// that is `no` (or unknown), the child of an `or` that is unknown, what a `not` holds when
    /// it is unknown. An `or` that is `no`, and a `not` that is `no`, are their own answer.
    Condition const* failing_leaf(Condition const& c, ServiceLine const& line, Truth outcome) const {
        if (c.kind == Condition::Kind::negate) {
            return outcome == Truth::unknown && !c.children.empty() ? failing_leaf(c.children.front(), line, outcome) : &c;
        }
        bool const group = c.kind == Condition::Kind::all || c.kind == Condition::Kind::any;
        if (!group || c.children.empty()) return &c;
        if (c.kind == Condition::Kind::any && outcome == Truth::no) return &c;
        for (Condition const& child : c.children) {
            if (eval(child, line) == outcome) return failing_leaf(child, line, outcome);
        }
        return &c.children.front();
    }

    /// What messages call a code set: its display name (`codes x "gabapentin or pregabalin"`),
    /// else its name with spaces for underscores; never the identifier as written.
    std::string title(std::string const& name) const { return book_.set_title(name); }

    /// The set's title with a few of its codes: "chronic low back pain (M54.50, M54.51)".
    std::string set_examples(std::string const& name) const {
        CodeMatcher const* set = book_.set(name);
        if (set == nullptr || set->examples.empty()) return title(name);
        return title(name) + " (" + join(set->examples) + ")";
    }

    /// What a condition says, in words: "the patient is under 18", "the member's state is IL or
    /// WI", "the service is before 2026-07-01", joined with "and" / "or" as written.
    std::string condition_words(Condition const& c, Date on) const {
        switch (c.kind) {
        case Condition::Kind::all:
        case Condition::Kind::any: {
            std::string out;
            for (Condition const& child : c.children) {
                if (!out.empty()) out += c.kind == Condition::Kind::all ? " and " : " or ";
                out += condition_words(child, on);
            }
            return c.children.size() > 1 ? "(" + out + ")" : out;
        }
        case Condition::Kind::negate:
            return c.children.empty() ? "not (nothing)" : negated_words(c.children.front(), on);
        case Condition::Kind::diagnosis_in: return "a diagnosis of " + title(c.name) + " is given";
        case Condition::Kind::drug_in: return "the drug is " + title(c.name);
        case Condition::Kind::modifier_is:
            return c.text.empty() ? "the line has a modifier " + title(c.name) : "the line has the modifier " + c.text;
        case Condition::Kind::age_between:
            if (c.high >= 200) return "the patient is at least " + std::to_string(c.low);
            if (c.low <= 0) return "the patient is under " + std::to_string(c.high + 1);
            return "the patient is " + std::to_string(c.low) + " to " + std::to_string(c.high);
        case Condition::Kind::sex_is: return "the patient is " + c.text;
        case Condition::Kind::place_in: return "the place of service is " + places_text(c);
        case Condition::Kind::in_network: return "the provider is in network";
        case Condition::Kind::out_of_network: return "the provider is out of network";
        case Condition::Kind::state_in: return "the member's state is " + either(c.texts);
        case Condition::Kind::on_or_after: return "the service is on or after " + c.date.iso();
        case Condition::Kind::before: return "the service is before " + c.date.iso();
        case Condition::Kind::prior_service: return "a service from " + title(c.name) + " came within the " + to_string(c.span) + " before " + on.iso();
        case Condition::Kind::trial_of:
            return "a trial of " + title(c.name) + " lasted at least " + plural(c.low, "day") + " within the " + to_string(c.span) + " before " + on.iso();
        }
        return "the rule's condition holds";
    }

    /// "IL", "IL or WI", "IL, WI or IN" (with `last` "and": "21, 22 and 23").
    static std::string either(std::vector<std::string> const& items, char const* last = " or ") {
        std::string out;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i != 0) out += i + 1 == items.size() ? last : ", ";
            out += items[i];
        }
        return out;
    }

    /// The places of service of a `place of service` condition: "19 or 22".
    static std::string places_text(Condition const& c) {
        std::vector<std::string> places;
        for (int n : c.numbers) places.push_back(std::to_string(n));
        return either(places);
    }

    /// condition_words() of a whole condition, without the parentheses around an and/or.
    std::string top_words(Condition const& c, Date on) const {
        std::string words = condition_words(c, on);
        bool const group = (c.kind == Condition::Kind::all || c.kind == Condition::Kind::any) && c.children.size() > 1;
        return group && words.size() >= 2 ? words.substr(1, words.size() - 2) : words;
    }

    /// What `not c` says, in words: "the place of service is not 22", "the line does not have
    /// the modifier GA".
    std::string negated_words(Condition const& c, Date on) const {
        switch (c.kind) {
        case Condition::Kind::negate: return c.children.empty() ? "(nothing)" : condition_words(c.children.front(), on);
        case Condition::Kind::diagnosis_in: return "no diagnosis of " + title(c.name) + " is given";
        case Condition::Kind::drug_in: return "the drug is not " + title(c.name);
        case Condition::Kind::modifier_is:
            return c.text.empty() ? "the line has no modifier " + title(c.name) : "the line does not have the modifier " + c.text;
        case Condition::Kind::age_between:
            if (c.high >= 200) return "the patient is under " + std::to_string(c.low);
            if (c.low <= 0) return "the patient is at least " + std::to_string(c.high + 1);
            return "the patient is not " + std::to_string(c.low) + " to " + std::to_string(c.high);
        case Condition::Kind::sex_is: return "the patient is not " + c.text;
        case Condition::Kind::place_in: return "the place of service is not " + places_text(c);
        case Condition::Kind::state_in: return "the member's state is not " + either(c.texts);
        case Condition::Kind::in_network: return "the provider is out of network";
        case Condition::Kind::out_of_network: return "the provider is in network";
        case Condition::Kind::on_or_after: return "the service is before " + c.date.iso();
        case Condition::Kind::before: return "the service is on or after " + c.date.iso();
        case Condition::Kind::prior_service:
            return "no service from " + title(c.name) + " came within the " + to_string(c.span) + " before " + on.iso();
        case Condition::Kind::trial_of:
            return "no trial of " + title(c.name) + " lasted " + plural(c.low, "day") + " within the " + to_string(c.span) + " before " + on.iso();
        case Condition::Kind::all:
        case Condition::Kind::any: return "not " + condition_words(c, on);
        }
        return "not " + condition_words(c, on);
    }

    /// The facts of the line behind every leaf of `c`, each once, joined by "; ".
    std::string facts_of(Condition const& c, ServiceLine const& line) const {
        std::vector<std::string> facts;
        std::vector<Condition const*> todo{&c};
        while (!todo.empty()) {
            Condition const* x = todo.back();
            todo.pop_back();
            if (!x->children.empty()) {
                for (auto it = x->children.rbegin(); it != x->children.rend(); ++it) todo.push_back(&*it);
                continue;
            }
            std::string fact = fact_for(*x, line);
            if (!fact.empty() && std::find(facts.begin(), facts.end(), fact) == facts.end()) facts.push_back(std::move(fact));
        }
        return join(facts, "; ");
    }

    /// The fact of the line a leaf condition is decided on: "the patient is 46 on 2026-08-03",
    /// "the member's state is WI", "the service is on 2026-08-03"; "" when none is worth saying.
    std::string fact_for(Condition const& leaf, ServiceLine const& line) const {
        switch (leaf.kind) {
        case Condition::Kind::age_between:
            if (!plan_.patient.birth_date) return "";
            return "the patient is " + std::to_string(age_on(*plan_.patient.birth_date, line.date)) + " on " + line.date.iso();
        case Condition::Kind::sex_is:
            return plan_.patient.sex == Sex::female ? "the patient is female"
                   : plan_.patient.sex == Sex::male ? "the patient is male"
                                                    : "";
        case Condition::Kind::state_in:
            if (!plan_.patient.state.empty()) return "the member's state is " + plan_.patient.state;
            return book_.plan.states.empty() ? "" : "the plan's states are " + join(book_.plan.states);
        case Condition::Kind::on_or_after:
        case Condition::Kind::before: return "the service is on " + line.date.iso();
        case Condition::Kind::place_in:
            return line.place_of_service == 0 ? "" : "the place of service is " + std::to_string(line.place_of_service);
        case Condition::Kind::in_network:
        case Condition::Kind::out_of_network:
            return line.in_network ? "the provider is in network" : "the provider is out of network";
        case Condition::Kind::drug_in: return line.drug.empty() ? "the line names no drug" : "the drug is " + line.drug;
        case Condition::Kind::modifier_is:
            return line.modifiers.empty() ? "the line has no modifier" : "the line's modifiers are " + join(line.modifiers, " ");
        case Condition::Kind::diagnosis_in: {
            std::vector<std::string> const& dx = diagnoses_of(line);
            return dx.empty() ? "no diagnosis is given" : "the diagnoses are " + join(dx);
        }
        default: return "";
        }
    }

    /// What a missing fact is, for a condition that came out unknown.
    static std::string missing_fact(Condition const& leaf) {
        switch (leaf.kind) {
        case Condition::Kind::age_between: return "the patient's birth date";
        case Condition::Kind::sex_is: return "the patient's sex";
        case Condition::Kind::place_in: return "the line's place of service";
        case Condition::Kind::state_in: return "the member's state";
        default: return "a fact the rule needs";
        }
    }

    Finding missing_data(Condition const& c, ServiceLine const& line, SourceLocation const& rule) const {
        Condition const* leaf = failing_leaf(c, line, Truth::unknown);
        std::string const fact = missing_fact(*leaf);
        return Finding{Outcome::needs_review, "missing-data", "the rule at this line needs " + fact + ", which is not given",
                       rule, "16", "add " + fact + " to the treatment plan"};
    }

    /// The finding for a requirement (or a `covered when`) that does not hold.
    Finding unmet(Condition const& c, ServiceLine const& line, SourceLocation const& rule) const {
        if (c.kind == Condition::Kind::all && !c.children.empty()) {
            // Of the parts that fail, the most serious decides: with the age wrong, adding a
            // missing modifier would not make the line covered.
            std::optional<Finding> worst;
            for (Condition const& part : c.children) {
                if (eval(part, line) != Truth::no) continue;
                Finding f = unmet(part, line, rule);
                if (!worst || f.outcome > worst->outcome) worst = std::move(f);
            }
            if (worst) return std::move(*worst);
        }
        Condition const* leaf = failing_leaf(c, line, Truth::no);
        if (leaf->kind == Condition::Kind::any && !leaf->children.empty()) {
            // Every part failed. The least serious part's finding gives the outcome, the code and
            // the fix (a missing modifier is to correct, a missing diagnosis to add); the reason
            // names the whole condition and the facts behind it.
            std::optional<Finding> least;
            for (Condition const& part : leaf->children) {
                Finding f = unmet(part, line, rule);
                if (!least || f.outcome < least->outcome) least = std::move(f);
            }
            std::string const facts = facts_of(*leaf, line);
            least->reason = "covered only when " + top_words(*leaf, line.date) + (facts.empty() ? std::string() : "; here " + facts);
            return std::move(*least);
        }
        switch (leaf->kind) {
        case Condition::Kind::diagnosis_in: {
            std::vector<std::string> const& dx = diagnoses_of(line);
            if (dx.empty()) {
                return Finding{Outcome::needs_review, "missing-data",
                               "no diagnosis is given for the line, and the rule requires a diagnosis of " + title(leaf->name), rule,
                               "16", "add the diagnosis from " + set_examples(leaf->name) + " that the record supports"};
            }
            return Finding{Outcome::diagnosis_not_supported, "diagnosis-required",
                           "the rule requires a diagnosis of " + title(leaf->name) + "; the diagnoses given are " + join(dx),
                           rule, "167", "add a diagnosis from " + set_examples(leaf->name) + " if the record supports it"};
        }
        case Condition::Kind::trial_of:
            return Finding{Outcome::step_therapy_not_met, "step-therapy",
                           "step therapy: needs a trial of " + title(leaf->name) + " for at least " + plural(leaf->low, "day") +
                               " within the " + to_string(leaf->span) + " before " + line.date.iso() + "; found " +
                               plural(trial_days(*leaf, line), "day") + outside_window(*leaf, line, "fill"),
                           rule, "50",
                           "document a trial of " + set_examples(leaf->name) + " (fills with dates and days' supply), "
                                                                                   "or request a step-therapy exception"};
        case Condition::Kind::prior_service:
            return Finding{Outcome::sequencing_not_met, "sequencing",
                           "needs a service from " + title(leaf->name) + " within the " + to_string(leaf->span) + " before " +
                               line.date.iso() + outside_window(*leaf, line, "service"),
                           rule, "50", "do (or document) a service from " + set_examples(leaf->name) + " first"};
        case Condition::Kind::modifier_is:
            return Finding{Outcome::needs_review, "modifier-required",
                           leaf->text.empty() ? "the line needs a modifier " + set_examples(leaf->name)
                                              : "the line needs the modifier " + leaf->text,
                           rule, "4",
                           (leaf->text.empty() ? "add a modifier " + set_examples(leaf->name)
                                               : "add the modifier " + leaf->text) +
                               " if the service qualifies"};
        case Condition::Kind::age_between:
            return Finding{Outcome::not_covered, "condition-not-met",
                           "covered only when " + condition_words(*leaf, line.date) + "; here " + fact_for(*leaf, line), rule, "6", ""};
        case Condition::Kind::sex_is:
            return Finding{Outcome::not_covered, "condition-not-met", "covered only for " + leaf->text + " patients",
                           rule, "7", ""};
        case Condition::Kind::place_in:
            return Finding{Outcome::not_covered, "condition-not-met",
                           "covered only when " + condition_words(*leaf, line.date) + "; here " + fact_for(*leaf, line), rule, "58",
                           "check where the service is done"};
        default: {
            std::string const fact = facts_of(*leaf, line);
            return Finding{Outcome::not_covered, "condition-not-met",
                           "covered only when " + top_words(*leaf, line.date) + (fact.empty() ? std::string() : "; here " + fact), rule,
                           "96", ""};
        }
        }
    }

    /// The finding for a `covered unless` whose condition holds: what it is, and the fact.
    Finding held(Condition const& c, ServiceLine const& line, SourceLocation const& rule) const {
        Condition const* leaf = &c;
        while ((leaf->kind == Condition::Kind::all || leaf->kind == Condition::Kind::any) && leaf->children.size() == 1) {
            leaf = &leaf->children.front();
        }
        std::string const fact = facts_of(c, line);
        return Finding{Outcome::not_covered, "condition-not-met",
                       "not covered when " + top_words(c, line.date) + (fact.empty() ? std::string() : "; here " + fact), rule,
                       leaf->kind == Condition::Kind::age_between ? "6" : "96", ""};
    }

    // ---- counters ------------------------------------------------------------------------

    /// How much of `unit` the line uses, given what `counter` holds already: `benefit` answers
    /// for the line (a visit is one per benefit and date), `allowed` is its allowed amount.
    std::int64_t amount_of(ServiceLine const& line, LimitUnit unit, Counter const& counter, int benefit, Money allowed) const {
        bool const drug_line = line.code.empty();
        switch (unit) {
        case LimitUnit::visits: return drug_line || !counter.has_visit(line.date, benefit) ? 1 : 0;
        case LimitUnit::lines: return 1;
        case LimitUnit::units: return drug_line ? line.quantity : line.units;
        case LimitUnit::days:
            if (drug_line) return line.days_supply;
            return counter.has_day(line.date) ? 0 : 1;
        case LimitUnit::sessions: return counter.has_day(line.date) ? 0 : 1;
        case LimitUnit::dollars: return allowed.cents;
        }
        return 1;
    }

    /// A span of days [from, to) and its first day, remembered for the last date asked about:
    /// lines come in date order, so most fall in the span of the line before.
    struct SpanCache {
        std::int32_t from = 1;
        std::int32_t to = 0;   // empty until first filled
        bool holds(Date date) const { return date.days() >= from && date.days() < to; }
    };

    /// The first day of the 12 months starting on the first of `month` that hold `date`,
    /// remembered in `cache`; `date` itself when that day is outside the calendar's range.
    static Date twelve_months_start(SpanCache& cache, Date date, int month) {
        if (cache.holds(date)) return Date::from_days(cache.from);
        int year = date.year();
        if (date.month() < month) --year;
        std::optional<Date> const start = Date::from_ymd(year, month, 1);
        if (!start) return date;   // not remembered
        cache = {start->days(), start->plus_months(12).days()};
        return *start;
    }

    /// The first day of the benefit period holding `date`.
    Date period_start(Date date) const { return twelve_months_start(period_cache_, date, book_.plan.period_start_month); }

    /// January 1 of the year of `date`.
    Date year_start(Date date) const { return twelve_months_start(year_cache_, date, 1); }

    /// Use counted in `window` ending on `date` (the line itself not included).
    std::int64_t used(Counter const& counter, Window const& window, Date date) const {
        Date from = date;
        bool with_prior = true;
        switch (window.kind) {
        case Window::Kind::calendar_year: from = year_start(date); break;
        case Window::Kind::plan_year: from = period_start(date); break;
        case Window::Kind::rolling: from = window_start(window.span, date); with_prior = false; break;
        case Window::Kind::day: with_prior = false; break;
        case Window::Kind::lifetime: from = Date::from_days(std::numeric_limits<std::int32_t>::min()); break;
        }
        // Usage the plan reports as already used belongs to the window that holds the first line.
        if (with_prior && first_date_ && window.kind != Window::Kind::lifetime) {
            with_prior = from == (window.kind == Window::Kind::calendar_year ? first_year_start_ : first_period_start_);
        }
        std::int64_t total = with_prior ? counter.prior : 0;
        for (Event const& e : counter.events) {
            if (e.date >= from && e.date <= date) total += e.amount;
        }
        return total;
    }

    /// The lines refused earlier in the window, which the counts leave out: "; lines 21 and 22,
    /// refused, are not counted"; "" when none.
    /// A line refused on the same date is the same visit or session, not one left out.
    std::string refused_lines(Counter const& counter, LimitTerm const& term, Date date) const {
        if (counter.refused.empty()) return "";
        Window const& window = term.window;
        bool const by_date = term.unit == LimitUnit::visits || term.unit == LimitUnit::sessions || term.unit == LimitUnit::days;
        std::vector<std::string> ids;
        Date const from = window.kind == Window::Kind::rolling ? window_start(window.span, date) : Date::from_days(0);
        for (Event const& e : counter.refused) {
            bool const in_window = window.kind == Window::Kind::rolling ? e.date >= from
                                   : window.kind == Window::Kind::calendar_year ? e.date.year() == date.year()
                                   : window.kind == Window::Kind::day ? e.date == date
                                   : window.kind == Window::Kind::plan_year ? period_start(e.date) == period_start(date)
                                                                            : true;
            if (e.line < 0) continue;
            std::string const& id = plan_.lines[static_cast<std::size_t>(e.line)].id;
            if (in_window && e.date <= date && !(by_date && e.date == date) && !id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
                ids.push_back(id);
            }
        }
        if (ids.empty()) return "";
        return std::string("; ") + (ids.size() == 1 ? "line " : "lines ") + either(ids, " and ") + ", refused, " +
               (ids.size() == 1 ? "is" : "are") + " not counted";
    }

    /// The first date after `date` on which a rolling window has room for `need` more.
    std::optional<Date> room_from(Counter const& counter, LimitTerm const& term, Date date, std::int64_t need) const {
        if (term.window.kind != Window::Kind::rolling) return std::nullopt;
        for (Date d = date.plus_days(1); d <= date.plus_days(800); d = d.plus_days(1)) {
            if (used(counter, term.window, d) + need <= term.quantity) return d;
        }
        return std::nullopt;
    }

    std::string when_it_resets(Counter const& counter, LimitTerm const& term, Date date, std::int64_t need) const {
        switch (term.window.kind) {
        case Window::Kind::calendar_year: return "; the count starts again on " + std::to_string(date.year() + 1) + "-01-01";
        case Window::Kind::plan_year: return "; the count starts again on " + period_start(date).plus_months(12).iso();
        case Window::Kind::rolling:
            if (auto d = room_from(counter, term, date, need)) return "; the next one fits the limit from " + d->iso();
            return "";
        case Window::Kind::day: return "; another day is allowed";
        case Window::Kind::lifetime: return "";
        }
        return "";
    }

    void seed_prior_usage() {
        for (PriorUsage const& u : plan_.prior_usage) {
            auto const b = std::find_if(book_.benefits.begin(), book_.benefits.end(),
                                        [&](Benefit const& x) { return x.name == u.benefit; });
            if (b == book_.benefits.end()) {
                warnings_.push_back({Severity::warning, "EV-UNKNOWN-BENEFIT", u.where,
                                     "plan " + book_.plan.id + " has no benefit named '" + u.benefit +
                                         "'; this usage is not counted",
                                     "use a benefit name as written in the rules file"});
                continue;
            }
            auto value = [&](LimitUnit unit) -> std::int64_t {
                switch (unit) {
                case LimitUnit::visits:
                case LimitUnit::lines: return u.visits;
                case LimitUnit::units: return u.units;
                case LimitUnit::days:
                case LimitUnit::sessions: return u.days != 0 ? u.days : u.visits;
                case LimitUnit::dollars: return u.dollars.cents;
                }
                return 0;
            };
            for (LimitTerm const* term : limit_terms(*b)) counters_[term].prior += value(term->unit);
            for (PriorAuthRule const& pa : b->prior_auth) {
                if (pa.trigger == PriorAuthRule::Trigger::after_count) counters_[&pa].prior += value(pa.unit);
            }
        }
    }

    /// Dated history counts toward rolling windows (the benefit period's totals come from
    /// `used`, so calendar-year and plan-year counts are not taken from history twice).
    void seed_history() {
        for (PastService const& s : plan_.history) {
            ServiceLine line;
            line.date = s.date;
            line.code = s.code;
            line.drug = s.drug;
            line.units = s.units;
            line.quantity = s.units;
            line.days_supply = s.days_supply;
            candidates(line);
            for (int i : found_) {
                Benefit const& b = book_.benefits[static_cast<std::size_t>(i)];
                for (LimitTerm const* term : limit_terms(b)) {
                    if (term->window.kind != Window::Kind::rolling || term->unit == LimitUnit::dollars) continue;
                    Counter& c = counters_[term];
                    c.events.push_back({s.date, i, amount_of(line, term->unit, c, i, Money{}), -1});
                }
                for (PriorAuthRule const& pa : b.prior_auth) {
                    if (pa.trigger != PriorAuthRule::Trigger::after_count || pa.window.kind != Window::Kind::rolling) continue;
                    Counter& c = counters_[&pa];
                    c.events.push_back({s.date, i, amount_of(line, pa.unit, c, i, Money{}), -1});
                }
            }
        }
    }

    /// Every limit term of a benefit, its own and those of the shared limits it draws on
    /// (guards not considered: for seeding counters).
    std::vector<LimitTerm const*> limit_terms(Benefit const& b) const {
        std::vector<LimitTerm const*> terms;
        for (LimitRule const& rule : b.limits) {
            for (LimitTerm const& t : terms_of(rule)) terms.push_back(&t);
        }
        return terms;
    }

    /// A limit rule's terms: its own, or those of the shared limit it names (none when that
    /// is not defined).
    std::vector<LimitTerm> const& terms_of(LimitRule const& rule) const {
        static std::vector<LimitTerm> const none;
        if (rule.shared.empty()) return rule.terms;
        auto const it = book_.shared_limits.find(rule.shared);
        return it != book_.shared_limits.end() ? it->second.terms : none;
    }

    // ---- authorizations ------------------------------------------------------------------

    std::int64_t auth_units_of(ServiceLine const& line) const { return line.code.empty() ? 1 : line.units; }

    bool auth_covers_code(Authorization const& a, ServiceLine const& line) const {
        for (std::string const& code : a.codes) {
            if (!line.code.empty() && match_key(CodeKind::procedure, code) == match_key(CodeKind::procedure, line.code)) return true;
            if (!line.drug.empty() && match_key(CodeKind::ndc, code) == match_key(CodeKind::ndc, line.drug)) return true;
        }
        return false;
    }

    /// An authorization on file for the line, or the finding that says why none counts. When
    /// several authorizations match but none can be used, the most useful reason is given: an
    /// approved one whose units ran out, then a pended one, then a denied one; then a number
    /// written on the line that is not on file. An empty finding: no authorization at all.
    std::variant<std::size_t, Finding> find_authorization(ServiceLine const& line, SourceLocation const& rule) const {
        std::optional<Finding> used_up;
        std::optional<Finding> pended;
        std::optional<Finding> denied;
        bool number_on_file = line.authorization.empty();
        for (std::size_t i = 0; i < plan_.authorizations.size(); ++i) {
            Authorization const& a = plan_.authorizations[i];
            if (!line.authorization.empty() && a.number != line.authorization) continue;
            number_on_file = true;
            if (!auth_covers_code(a, line) || line.date < a.from || line.date > a.to) continue;
            if (a.status == "A3") {
                denied = Finding{Outcome::not_covered, "pa-denied",
                                 "authorization " + a.number + " for this service was not certified (A3): the payer denied it",
                                 rule, "50",
                                 "appeal the denial of authorization " + a.number +
                                     " or file a new request with more documentation"};
                continue;
            }
            if (!authorizes(a.status)) {
                pended = Finding{Outcome::needs_pa, "pa-not-certified",
                                 "authorization " + a.number + " is " + status_words(a.status), rule, "197",
                                 "follow up on authorization " + a.number + " before the service"};
                continue;
            }
            std::int64_t const need = auth_units_of(line);
            if (a.units != 0 && auth_used_[i] + need > a.units) {
                used_up = Finding{Outcome::needs_pa, "pa-units-used-up",
                                  "authorization " + a.number + " approved " + plural(a.units, "unit") + " and " +
                                      count_words(auth_used_[i], "is", "are") + " used",
                                  rule, "198", "request more units on authorization " + a.number};
                continue;
            }
            return i;
        }
        if (used_up) return *used_up;
        if (pended) return *pended;
        if (denied) return *denied;
        if (!number_on_file) {
            return Finding{Outcome::needs_pa, "pa-not-on-file",
                           "the line names authorization " + line.authorization + ", which is not on file", rule, "197",
                           "add authorization " + line.authorization + " to the treatment plan, or check the number"};
        }
        return Finding{};
    }

    static std::string count_words(std::int64_t n, char const* one, char const* many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    }

    // ---- one line, in stages -------------------------------------------------------------
    //
    // evaluate_line() runs the stages in order; each reads the line and what the stages before
    // it decided (LineWork) and adds findings, counts and prior-authorization needs to it. A
    // stage that settles the line on its own (a date outside the plan, no rule for the code)
    // returns false and the stages after it do not run. complete() then turns the findings into
    // the outcome, commits the counts and prices the line.

    struct PendingCount {
        Counter* counter;
        std::int64_t amount;
        bool dollars = false;   ///< counts the allowed amount (less what a dollar maximum leaves uncovered)
    };

    /// What the stages of one line hand on to each other.
    struct LineWork {
        ServiceLine const& line;
        std::vector<Finding>& findings;        ///< every finding so far (the line's result's)
        std::vector<PendingCount>& counts;     ///< what the line adds to counters if it is allowed
        std::vector<std::string>& pa_reasons;  ///< why a prior authorization is needed, one per rule
        int benefit = -1;                      ///< index of the benefit that answers (-1: none)
        SourceLocation const* pa_rule = nullptr;   ///< the first rule that asks for a PA
        std::optional<std::size_t> auth;       ///< the authorization on file that covers the line
        Money over_maximum;                    ///< the part of the line over a dollar maximum
        Money allowed;                         ///< the line's allowed amount (what dollar limits count)
    };

    Benefit const& benefit_of(LineWork const& w) const { return book_.benefits[static_cast<std::size_t>(w.benefit)]; }

    static std::string code_text(ServiceLine const& line) { return line.code.empty() ? "drug " + line.drug : line.code; }

    /// Decides `line` into `r` (a fresh LineResult, built in place in the evaluation).
    void evaluate_line(ServiceLine const& line, LineResult& r) {
        r.line = line;
        r.cost.billed = line.billed;
        r.cost.adjustments.reserve(4);   // at most CO 45 and three cost shares, or one denial
        if (plan_.self_pay) {
            self_pay(r);
            return;
        }
        allow(r, allowed_amount(r, line.in_network ? book_.plan.allowed : book_.plan.out_of_network_allowed));
        counts_.clear();
        pa_reasons_.clear();
        LineWork w{line, r.findings, counts_, pa_reasons_, -1, nullptr, std::nullopt, Money{}, r.cost.allowed};
        if (check_plan_dates(w)) {
            check_retired_codes(w);
            if (choose_benefit(w, r) && check_benefit_dates(w)) {
                Benefit const& b = benefit_of(w);
                check_network(w, b);
                check_coverage(w, b);
                check_requirements(w, b);
                check_supply(w, b);
                ask_prior_authorization(w, b);
                check_limits(w, b);
                check_authorization(w, b);
            }
        }
        complete(r, line, w.benefit, counts_, w.auth, w.over_maximum);
        remaining_after(r);
    }

    // -- stage 0: the allowed amount

    /// The allowed amount of the line under `rule` (the plan's rule for the line's network):
    /// the lesser of the charge and the rule's percentage of the fee schedule's rate times the
    /// units. No rule: the charge. A rule whose schedule has no rate for the code: the charge,
    /// with a note (a finding of outcome covered, kind "no-fee-rate") saying so.
    Money allowed_amount(LineResult& r, std::optional<AllowedRule> const& rule) const {
        ServiceLine const& line = r.line;
        if (!rule) return line.billed;
        FeeTable const* table = book_.fees(rule->schedule);
        std::string const schedule = table != nullptr ? table->title() : rule->schedule;
        FeeRate const* rate = table == nullptr || line.code.empty() ? nullptr : table->find(line.code, line.modifiers, line.date);
        if (rate == nullptr) {
            if (plan_.self_pay) {
                r.findings.push_back({Outcome::self_pay, "no-fee-rate",
                                      "the price list " + schedule + " has no price for " + code_text(line) + " on " +
                                          line.date.iso() + ": the estimate is the charge",
                                      rule->where, "", "add a self-pay price for " + code_text(line) + " to the clinic's list"});
            } else {
                r.findings.push_back({Outcome::covered, "no-fee-rate",
                                      "the fee schedule " + schedule + " has no rate for " + code_text(line) + " on " +
                                          line.date.iso() + ": the allowed amount is taken to be the charge",
                                      rule->where, "", "ask the payer for the contracted rate of " + code_text(line)});
            }
            return line.billed;
        }
        std::int64_t const units = std::max<std::int64_t>(1, line.units);
        Money const schedule_amount = rate->amount.cents > max_money.cents / units ? max_money : Money{rate->amount.cents * units};
        Money const amount = rule->percent == Rate{10000} ? schedule_amount : apply_rate(schedule_amount, rule->percent);
        return min(line.billed, amount);
    }

    /// A self-pay line (a patient without coverage): the clinic's price from the fee schedule the
    /// plan's `allowed amount` names (the charge when it gives none), all of it the patient's;
    /// no coverage decisions, limits or accumulators. The discount below the charge is in
    /// `contractual`; there are no adjustments (no payer).
    void self_pay(LineResult& r) const {
        r.outcome = Outcome::self_pay;
        r.benefit = "Self-pay";
        Money const price = allowed_amount(r, book_.plan.allowed);
        r.cost.allowed = price;
        r.cost.contractual = r.cost.billed - price;
        r.cost.not_covered = price;
        r.cost.patient = price;
    }

    // -- stage 1: eligibility by date and code

    /// A date of service outside the plan's effective dates: not covered, nothing else asked.
    bool check_plan_dates(LineWork& w) const {
        PlanHeader const& plan = book_.plan;
        Date const date = w.line.date;
        if (!plan.effective || (date >= plan.effective->from && (!plan.effective->to || date <= *plan.effective->to))) {
            return true;
        }
        bool const before = date < plan.effective->from;
        w.findings.push_back({Outcome::not_covered, "outside-plan-dates",
                              "the service date " + date.iso() + " is " + (before ? "before" : "after") + " plan " + plan.id +
                                  " is in force (" + plan.effective->from.iso() + " to " +
                                  (plan.effective->to ? plan.effective->to->iso() : std::string("open")) + ")",
                              plan.effective->where, before ? "26" : "27", "check the date of service and the member's plan"});
        return false;
    }

    /// Retired codes on the line (the claim would be rejected until recoded): to review.
    void check_retired_codes(LineWork& w) const {
        auto retired = [&](CodeKind kind, std::string const& code) {
            if (code.empty()) return;
            std::optional<RetiredCode> rc = find_retired(kind, code);
            if (!rc || w.line.date < rc->retired) return;
            w.findings.push_back({Outcome::needs_review, "retired-code",
                                  code + " (" + std::string(rc->description) + ") is not a valid code for services from " +
                                      rc->retired.iso(),
                                  SourceLocation{}, "16", "recode with " + std::string(rc->replacement)});
        };
        retired(CodeKind::procedure, w.line.code);
        for (std::string const& d : diagnoses_of(w.line)) retired(CodeKind::diagnosis, d);
    }

    // -- stage 2: the benefit

    /// The benefit that answers for the line: of its candidates, the first in effect on the date
    /// of service, else the first. None: the line is to review (unknown is not covered).
    bool choose_benefit(LineWork& w, LineResult& r) {
        candidates(w.line);
        std::vector<int> const& found = found_;
        if (found.empty() && !w.line.code.empty()) {
            // The code is a benefit's only with a modifier (PT, OT and speech on 97110): the line
            // must say which.
            auto const choices = book_.procedures.modifiers_for(CodeKind::procedure, w.line.code);
            if (!choices.empty()) {
                std::vector<std::string> options;
                std::vector<std::string> modifiers;
                for (auto const& [modifier, benefit] : choices) {
                    options.push_back(modifier + " (" + book_.benefits[static_cast<std::size_t>(benefit)].name + ")");
                    modifiers.push_back(modifier);
                }
                w.findings.push_back({Outcome::needs_review, "benefit-modifier-required",
                                      w.line.code + " is told apart by modifier: " + either(options) +
                                          (w.line.modifiers.empty() ? "; the line has no modifier"
                                                                    : "; the line has " + join(w.line.modifiers, " ")),
                                      book_.benefits[static_cast<std::size_t>(choices.front().second)].where, "4",
                                      "add the modifier for the discipline that gave the service: " + either(modifiers)});
                return false;
            }
        }
        if (found.empty()) {
            std::string const code = code_text(w.line);
            w.findings.push_back({Outcome::needs_review, "no-rule", "no rule of plan " + book_.plan.id + " mentions " + code,
                                  SourceLocation{book_.plan.where.file, 0, 0}, "",
                                  "check the code; ask the payer whether " + code + " is covered"});
            return false;
        }
        auto in_effect = [&](int i) { return benefit_in_effect(book_.benefits[static_cast<std::size_t>(i)], w.line.date); };
        auto const first_in_effect = std::find_if(found.begin(), found.end(), in_effect);
        w.benefit = first_in_effect != found.end() ? *first_in_effect : found.front();
        r.benefit = benefit_of(w).name;
        r.benefit_where = benefit_of(w).where;
        return true;
    }

    static bool benefit_in_effect(Benefit const& b, Date date) {
        return !b.effective || (date >= b.effective->from && (!b.effective->to || date <= *b.effective->to));
    }

    /// The chosen benefit is not in effect on the date of service: not covered.
    bool check_benefit_dates(LineWork& w) const {
        Benefit const& b = benefit_of(w);
        if (benefit_in_effect(b, w.line.date)) return true;
        w.findings.push_back({Outcome::not_covered, "not-in-effect",
                              "benefit '" + b.name + "' applies to services from " + b.effective->from.iso() +
                                  (b.effective->to ? " to " + b.effective->to->iso() : std::string()),
                              b.effective->where, "96", ""});
        return false;
    }

    // -- stage 3: network and coverage

    /// Out of network where neither the benefit nor the plan covers it.
    void check_network(LineWork& w, Benefit const& b) const {
        PlanHeader const& plan = book_.plan;
        if (w.line.in_network) return;
        bool const covered_out = !b.out_of_network_not_covered && (b.out_of_network_cost || plan.out_of_network_covered);
        if (covered_out) return;
        // The clause that refuses it: the benefit's own, else the plan's (the plan's start when
        // the plan says nothing about out of network and has no out-of-network cost).
        SourceLocation const where = b.out_of_network_not_covered ? *b.out_of_network_not_covered
                                     : plan.out_of_network_where.line > 0 ? plan.out_of_network_where
                                                                           : plan.where;
        w.findings.push_back({Outcome::out_of_network, "out-of-network", "'" + b.name + "' is not covered out of network",
                              where, "242", "use an in-network provider"});
    }

    /// The benefit's `covered`, `excluded` and `not covered` rules.
    void check_coverage(LineWork& w, Benefit const& b) const {
        ServiceLine const& line = w.line;
        bool covered = false;
        bool coverage_unknown = false;
        bool excluded = false;
        bool covered_unknown = false;                  // a `covered` rule that cannot be decided
        CoverageRule const* unmet_covered = nullptr;   // the first `covered` rule whose guard fails
        for (CoverageRule const& rule : b.coverage) {
            Truth const t = applies(rule.guard, line);
            if (t == Truth::unknown) coverage_unknown = true;
            if (rule.kind != CoverageRule::Kind::covered) {
                if (t == Truth::yes) {
                    excluded = true;
                    bool const is_exclusion = rule.kind == CoverageRule::Kind::excluded;
                    w.findings.push_back({Outcome::not_covered, is_exclusion ? "excluded" : "not-covered",
                                          "'" + b.name + (is_exclusion ? "' is excluded: " : "' is not covered: ") + rule.reason +
                                              (b.sources.empty() ? std::string() : " (" + join(b.sources, "; ") + ")"),
                                          rule.where, "96", ""});
                } else if (t == Truth::unknown) {
                    w.findings.push_back(missing_data(rule.guard->condition, line, rule.where));
                }
                continue;
            }
            if (t == Truth::yes) covered = true;
            else if (t == Truth::unknown) covered_unknown = true;
            else if (unmet_covered == nullptr) unmet_covered = &rule;
        }
        if (covered || excluded) return;
        // A `covered` rule that cannot be decided matters only when no other one covers the line,
        // and then the line is to review (missing data), not refused for the rules that fail.
        if (covered_unknown) {
            for (CoverageRule const& rule : b.coverage) {
                if (rule.kind == CoverageRule::Kind::covered && applies(rule.guard, line) == Truth::unknown) {
                    w.findings.push_back(missing_data(rule.guard->condition, line, rule.where));
                }
            }
            return;
        }
        if (unmet_covered != nullptr) {
            w.findings.push_back(not_covered_by(b, *unmet_covered, line));
        } else if (!coverage_unknown) {
            // No `covered` rule, or only exclusions that do not apply: unknown is not covered.
            w.findings.push_back({Outcome::needs_review, "no-coverage-rule",
                                  b.coverage.empty() ? "benefit '" + b.name + "' does not say whether it is covered"
                                                     : "no rule of benefit '" + b.name + "' covers the line (its exclusions do not apply)",
                                  b.where, "", "ask the payer"});
        }
    }

    /// The finding for a line no `covered` rule applies to, `first` being the first of them.
    /// Several `covered` rules: each one's words, so that no single "covered only when" reads
    /// as the only way in; as for an `or`, the least serious gives the outcome, code and fix.
    Finding not_covered_by(Benefit const& b, CoverageRule const& first, ServiceLine const& line) const {
        auto finding_for = [&](CoverageRule const& rule) {
            return rule.guard->unless ? held(rule.guard->condition, line, rule.where) : unmet(rule.guard->condition, line, rule.where);
        };
        Finding f = finding_for(first);
        std::string reason = f.reason;
        for (CoverageRule const& rule : b.coverage) {
            if (&rule == &first || rule.kind != CoverageRule::Kind::covered) continue;
            if (applies(rule.guard, line) != Truth::no) continue;
            Finding other = finding_for(rule);
            reason += "; or " + other.reason + " (line " + std::to_string(rule.where.line) + ")";
            if (other.outcome < f.outcome) f = std::move(other);
        }
        f.reason = std::move(reason);
        return f;
    }

    // -- stage 4: clinical gates

    /// `requires`: diagnosis, step therapy, sequencing, modifiers, patient conditions.
    void check_requirements(LineWork& w, Benefit const& b) const {
        for (Requirement const& req : b.requirements) {
            Truth const g = applies(req.guard, w.line);
            if (g == Truth::no) continue;
            if (g == Truth::unknown) {
                w.findings.push_back(missing_data(req.guard->condition, w.line, req.where));
                continue;
            }
            Truth const t = eval(req.condition, w.line);
            if (t == Truth::no) w.findings.push_back(unmet(req.condition, w.line, req.where));
            else if (t == Truth::unknown) w.findings.push_back(missing_data(req.condition, w.line, req.where));
        }
    }

    /// Days'-supply limits (drugs).
    void check_supply(LineWork& w, Benefit const& b) const {
        for (SupplyLimit const& s : b.supply_limits) {
            Truth const g = applies(s.guard, w.line);
            if (g == Truth::unknown) {
                w.findings.push_back(missing_data(s.guard->condition, w.line, s.where));
                continue;
            }
            if (g == Truth::no || w.line.days_supply <= s.days) continue;
            w.findings.push_back({Outcome::over_limit, "supply-limit",
                                  plural(w.line.days_supply, "day") + "' supply is over the limit of " + plural(s.days, "day"),
                                  s.where, "151", "fill at most " + plural(s.days, "day") + " of supply"});
        }
    }

    // -- stage 5: what asks for a prior authorization

    /// Records that `rule` asks for a prior authorization, and why.
    static void needs_authorization(LineWork& w, SourceLocation const& rule, std::string reason) {
        if (!w.pa_rule) w.pa_rule = &rule;
        w.pa_reasons.push_back(std::move(reason));
    }

    /// The benefit's `prior authorization` rules (the limits that allow more with one are
    /// checked with the limits).
    void ask_prior_authorization(LineWork& w, Benefit const& b) {
        for (PriorAuthRule const& pa : b.prior_auth) {
            Truth const g = applies(pa.guard, w.line);
            if (g == Truth::unknown) {
                w.findings.push_back(missing_data(pa.guard->condition, w.line, pa.where));
                continue;
            }
            if (g == Truth::no) continue;
            switch (pa.trigger) {
            case PriorAuthRule::Trigger::always:
                needs_authorization(w, pa.where, "'" + b.name + "' always needs a prior authorization");
                break;
            case PriorAuthRule::Trigger::after_count: {
                Counter& c = counters_[&pa];
                std::int64_t const before = used(c, pa.window, w.line.date);
                std::int64_t const amount = amount_of(w.line, pa.unit, c, w.benefit, w.allowed);
                w.counts.push_back({&c, amount});
                if (before + amount > pa.count) {
                    needs_authorization(w, pa.where,
                                        ordinal_text(before + std::max<std::int64_t>(amount, 1), pa.unit) + " " +
                                            to_string(pa.window) + " is past the " + amount_text(pa.count, pa.unit) +
                                            " allowed before a prior authorization");
                }
                break;
            }
            case PriorAuthRule::Trigger::above_amount:
                if (w.line.billed > pa.amount) {
                    needs_authorization(w, pa.where,
                                        "the charge " + format_money(w.line.billed) + " is above " + format_money(pa.amount));
                }
                break;
            }
        }
    }

    // -- stage 6: limits

    /// A dollar maximum the line is partly over: the one with the least left decides.
    struct BindingMaximum {
        LimitTerm const* term;
        Counter* counter;
        Money left;   ///< what was left of it: the part of the line it covers
    };

    /// The benefit's limits, its own and the shared ones it draws on.
    void check_limits(LineWork& w, Benefit const& b) {
        std::optional<BindingMaximum> binding;
        for (LimitRule const& rule : b.limits) {
            Truth const g = applies(rule.guard, w.line);
            if (g == Truth::unknown) {
                w.findings.push_back(missing_data(rule.guard->condition, w.line, rule.where));
                continue;
            }
            if (g == Truth::no) continue;
            for (LimitTerm const& term : terms_of(rule)) check_limit_term(w, term, binding);
        }
        if (binding) over_dollar_maximum(w, *binding);
    }

    /// One term of a limit: within it, over it (refused, or allowed with a PA or a modifier), or
    /// a dollar maximum that covers part of the line (left in `binding` for the caller).
    void check_limit_term(LineWork& w, LimitTerm const& term, std::optional<BindingMaximum>& binding) {
        ServiceLine const& line = w.line;
        Counter& c = counters_[&term];
        std::int64_t const before = used(c, term.window, line.date);
        std::int64_t const amount = amount_of(line, term.unit, c, w.benefit, w.allowed);
        w.counts.push_back({&c, amount, term.unit == LimitUnit::dollars});
        if (before + amount <= term.quantity) return;
        if (term.unit == LimitUnit::dollars && term.past.action == PastLimit::Action::not_covered && before < term.quantity) {
            // A dollar maximum pays up to what is left of it: the rest of the line is not
            // covered, and only the covered part counts toward it.
            Money const left{term.quantity - before};
            if (!binding || left < binding->left) binding = BindingMaximum{&term, &c, left};
            return;
        }
        // The line's number among those asked for; a second line on a day already refused is
        // the same day (or session), not the next one.
        // Counts are of allowed services only; lines refused before in the window are named.
        std::int64_t const asked = before + std::max<std::int64_t>(amount, 1);
        std::string const limit_text = "the limit of " + amount_text(term.quantity, term.unit) + " " + to_string(term.window);
        std::string position;
        if (term.unit == LimitUnit::dollars) {
            position = format_money(Money{before + amount}) + " " + to_string(term.window) + " is over " + limit_text;
        } else if (amount > 1) {
            position = amount_text(amount, term.unit) + " here with " + amount_text(before, term.unit) + " used make " +
                       format_count(before + amount) + ", over " + limit_text;
        } else {
            position = ordinal_text(asked, term.unit) + " is over " + limit_text;
        }
        position += refused_lines(c, term, line.date);
        switch (term.past.action) {
        case PastLimit::Action::not_covered: {
            std::int64_t const left = std::max<std::int64_t>(0, term.quantity - before);
            w.findings.push_back({Outcome::over_limit, "limit-reached", position, term.where,
                                  term.window.kind == Window::Kind::day ? "151" : "119",
                                  amount_text(left, term.unit) + " left " + to_string(term.window) +
                                      when_it_resets(c, term, line.date, std::max<std::int64_t>(amount, 1))});
            break;
        }
        case PastLimit::Action::prior_authorization:
            needs_authorization(w, term.where, position + ", which needs a prior authorization");
            break;
        case PastLimit::Action::modifier: {
            // A threshold, not a limit: nothing is used up; past it the line is paid only with
            // the modifier that attests medical necessity (Medicare's KX), so without it the line
            // is to correct, not refused.
            std::string const threshold =
                "threshold " + amount_text(term.quantity, term.unit) + " " + to_string(term.window) + " passed";
            if (has_modifier(line, term.past.modifier)) {
                w.findings.push_back({Outcome::covered, "limit-modifier-present",
                                      threshold + "; modifier " + term.past.modifier + " is on the line", term.where, "",
                                      "keep the documentation of medical necessity"});
            } else {
                w.findings.push_back({Outcome::needs_review, "threshold-modifier-required",
                                      "needs modifier " + term.past.modifier + " (" + threshold + ")", term.where, "4",
                                      "add modifier " + term.past.modifier + " if the service is medically necessary (document why)"});
            }
            break;
        }
        }
    }

    /// The line is over a dollar maximum in part: the rest is not covered.
    void over_dollar_maximum(LineWork& w, BindingMaximum const& binding) const {
        LimitTerm const& term = *binding.term;
        Money const allowed = w.allowed;
        w.over_maximum = allowed - binding.left;
        w.findings.push_back({Outcome::over_limit, "limit-partly-reached",
                              format_money(w.over_maximum) + " of the " + format_money(allowed) +
                                  (allowed == w.line.billed ? " charge" : " allowed amount") + " is over the limit of " +
                                  format_money(Money{term.quantity}) + " " + to_string(term.window) + ", which had " +
                                  format_money(binding.left) + " left: the plan's share is figured on " + format_money(binding.left),
                              term.where, "119",
                              "$0.00 left " + to_string(term.window) +
                                  // The covered part counts from this line on: room for a next line later.
                                  when_it_resets(*binding.counter, term, w.line.date, binding.left.cents + 1)});
    }

    // -- stage 7: the authorization on file

    /// When something asks for a PA: the authorization on file that covers the line, or why none does.
    void check_authorization(LineWork& w, Benefit const& b) const {
        if (!w.pa_rule) return;
        auto found = find_authorization(w.line, *w.pa_rule);
        if (std::holds_alternative<std::size_t>(found)) {
            std::size_t const i = std::get<std::size_t>(found);
            w.auth = i;
            Authorization const& a = plan_.authorizations[i];
            w.findings.push_back({Outcome::covered_with_pa, "pa-on-file",
                                  join(w.pa_reasons, "; ") + "; authorization " + a.number + " (" + a.from.iso() + " to " +
                                      a.to.iso() + ") covers it",
                                  *w.pa_rule, "", ""});
            return;
        }
        Finding f = std::get<Finding>(found);
        if (f.kind.empty()) {
            std::vector<std::string> docs;
            for (PriorAuthRule const& pa : b.prior_auth) docs.insert(docs.end(), pa.documentation.begin(), pa.documentation.end());
            f = Finding{Outcome::needs_pa, "pa-required", join(w.pa_reasons, "; ") + "; no authorization on file covers it",
                        *w.pa_rule, "197",
                        "file a prior authorization for " + code_text(w.line) +
                            (docs.empty() ? std::string() : " (send: " + join(docs, "; ") + ")")};
        } else {
            f.reason = join(w.pa_reasons, "; ") + "; " + f.reason;
        }
        w.findings.push_back(std::move(f));
    }

    /// Orders the findings, sets the outcome and the money, and commits the line's counts.
    /// `source` is the treatment plan's line (r.line is its copy): fills kept for step therapy
    /// and sequencing are views of the plan's strings, which outlive the evaluation.
    /// `over_maximum`: the part of the line over a dollar maximum, if any.
    void complete(LineResult& r, ServiceLine const& source, int benefit, std::vector<PendingCount> const& counts,
                  std::optional<std::size_t> auth, Money over_maximum) {
        if (r.findings.size() > 1) {
            std::stable_sort(r.findings.begin(), r.findings.end(),
                             [](Finding const& a, Finding const& b) { return a.outcome > b.outcome; });
        }
        r.outcome = r.findings.empty() ? Outcome::covered : r.findings.front().outcome;
        // A "covered" finding (a modifier that lifts a limit) leaves the outcome covered.
        ServiceLine const& line = r.line;
        // Over a dollar maximum in part only, and nothing else refuses the line: the outcome is
        // "over limit" (the patient owes the part over it), but the part within it is priced.
        bool const partly = over_maximum > Money{} && benefit >= 0 &&
                            std::none_of(r.findings.begin(), r.findings.end(), [](Finding const& f) {
                                return (is_denial(f.outcome) && f.kind != "limit-partly-reached") ||
                                       f.outcome == Outcome::needs_review;
                            });
        if (!partly && (is_denial(r.outcome) || r.outcome == Outcome::needs_review || benefit < 0)) {
            if (r.outcome == Outcome::over_limit) {
                for (PendingCount const& c : counts) c.counter->refused.push_back({line.date, benefit, c.amount, static_cast<int>(&source - plan_.lines.data())});
            }
            if (is_denial(r.outcome)) {
                // A refused line carries no prior-authorization verdict: a PA would not pay it.
                r.findings.erase(std::remove_if(r.findings.begin(), r.findings.end(),
                                                [](Finding const& f) {
                                                    return f.outcome == Outcome::needs_pa ||
                                                           f.outcome == Outcome::covered_with_pa;
                                                }),
                                 r.findings.end());
            }
            unpaid(r, r.cost.allowed, carc_of(r));
            return;
        }
        Money const over = partly ? over_maximum : Money{};
        for (PendingCount const& c : counts) {
            c.counter->events.push_back({line.date, benefit, c.dollars ? c.amount - over.cents : c.amount, -1});
        }
        if (auth) auth_used_[*auth] += auth_units_of(line);
        past_.push_back({source.date, source.code, source.drug, source.days_supply});
        // A PA not on file (the outcome, or under "over limit" for a line paid in part): the payer
        // denies the whole line (CARC 197); the services still count, as they would once authorized.
        if (std::any_of(r.findings.begin(), r.findings.end(), [](Finding const& f) { return f.outcome == Outcome::needs_pa; })) {
            unpaid(r, r.cost.allowed, "197");
            return;
        }
        cost(r, book_.benefits[static_cast<std::size_t>(benefit)], benefit, over);
        unpaid(r, over, "119");
    }

    /// The reason code of a line's most serious finding that has one ("16" when none has: the
    /// line lacks what is needed to decide it).
    static std::string carc_of(LineResult const& r) {
        for (Finding const& f : r.findings) {
            if (!f.carc.empty()) return f.carc;
        }
        return r.outcome == Outcome::needs_pa ? "197" : "16";
    }

    /// `amount` of the allowed amount that the plan is expected not to pay: in network the
    /// provider's write-off (CO, at risk) unless the patient signed a waiver for the line;
    /// out of network, or with a waiver, the patient's (PR).
    static void unpaid(LineResult& r, Money amount, std::string carc) {
        if (amount <= Money{}) return;
        bool const patient = !r.line.in_network || r.line.waiver_signed;
        if (patient) {
            r.cost.not_covered += amount;
            r.cost.patient += amount;
        } else {
            r.cost.at_risk += amount;
        }
        r.cost.adjustments.push_back({patient ? "PR" : "CO", std::move(carc), amount});
    }

    /// The allowed amount of the line, and what the provider writes off (in network) or may bill
    /// the patient for (out of network) above it.
    static void allow(LineResult& r, Money allowed) {
        r.cost.allowed = allowed;
        Money const above = r.cost.billed - allowed;
        if (above <= Money{}) return;
        if (r.line.in_network) {
            r.cost.contractual = above;
            r.cost.adjustments.push_back({"CO", "45", above});
        } else {
            r.cost.balance_billing = above;
        }
    }

    // ---- money ---------------------------------------------------------------------------

    /// The patient's share of a covered line: the deductible still open, then the copay, then
    /// coinsurance on the rest, all capped by what is left of the out-of-pocket maximum.
    /// `over_maximum`: the part of the line over a dollar maximum, the patient's in full
    /// (not_covered); the cost share applies to the rest.
    void cost(LineResult& r, Benefit const& b, int benefit, Money over_maximum) {
        PlanHeader const& plan = book_.plan;
        ServiceLine const& line = r.line;
        // Out of network uses its own deductible and maximum when the plan states them, else the
        // in-network ones (and their running totals).
        int const ded_net = !line.in_network && plan.deductible.out_of_network.individual ? 1 : 0;
        int const oop_net = !line.in_network && plan.out_of_pocket_max.out_of_network.individual ? 1 : 0;
        Met& met = met_[period_start(line.date).days()];
        std::optional<CostShare> share = b.cost_share ? b.cost_share : plan.default_cost_share;
        if (!line.in_network) {
            if (b.out_of_network_cost) share = b.out_of_network_cost;
            else if (plan.out_of_network_cost) share = plan.out_of_network_cost;
        }
        Accumulator const& ded_limit = ded_net == 0 ? plan.deductible.in_network : plan.deductible.out_of_network;
        Accumulator const& oop_limit = oop_net == 0 ? plan.out_of_pocket_max.in_network : plan.out_of_pocket_max.out_of_network;

        Money const allowed = r.cost.allowed - over_maximum;
        // A copay per visit or per day is owed once per benefit and date of service: two lines of
        // one visit share it, and what a small first line could not take is taken from the next.
        // A copay per fill or admission is owed on each line.
        bool const once_a_day = share && share->copay &&
                                (share->copay_per == CostShare::Per::visit || share->copay_per == CostShare::Per::day);
        Money copay_due = share && share->copay ? *share->copay : Money{};
        if (once_a_day) copay_due = max(Money{}, copay_due - copay_taken_[{benefit, line.date.days()}]);

        /// The patient's parts of the line with `open` left of the deductible, before the maximum.
        struct Parts {
            Money deductible;
            Money copay;
            Money coinsurance;
            Money total() const { return deductible + copay + coinsurance; }
        };
        auto parts_for = [&](Money open) {
            Parts p;
            if (!share) return p;
            Money rest = allowed;
            auto take_deductible = [&] {
                if (!share->after_deductible || !ded_limit.individual) return;
                p.deductible = min(rest, open);
                rest -= p.deductible;
            };
            if (share->no_charge) {
                take_deductible();
                return p;
            }
            // The deductible first, unless the copay is owed before it (copay_first).
            if (!share->copay_first) take_deductible();
            if (share->copay) {
                p.copay = min(rest, copay_due);
                rest -= p.copay;
            }
            if (share->copay_first) take_deductible();
            if (share->coinsurance) p.coinsurance = apply_rate(rest, *share->coinsurance);
            return p;
        };
        auto open_of = [&](Money met_so_far) {
            return ded_limit.individual ? max(Money{}, *ded_limit.individual - met_so_far) : Money{};
        };
        Parts owed = parts_for(open_of(met.deductible[ded_net]));
        if (once_a_day) copay_taken_[{benefit, line.date.days()}] += owed.copay;
        // What the patient would owe with no out-of-pocket maximum at all (its deductible met by
        // what such a patient would have paid): the measure of what the maximum takes off.
        // Until a maximum has paid some deductible, that is what the line owes now.
        Parts const without_maximum = met.deductible_without_maximum[ded_net] == met.deductible[ded_net]
                                          ? owed
                                          : parts_for(open_of(met.deductible_without_maximum[ded_net]));

        // The out-of-pocket maximum: once reached the plan pays the rest. Reduce coinsurance
        // first, then the copay, then the deductible.
        if (b.counts_toward_oop && oop_limit.individual) {
            Money const room = max(Money{}, *oop_limit.individual - met.out_of_pocket[oop_net]);
            Money over = owed.total() - room;
            for (Money* part : {&owed.coinsurance, &owed.copay, &owed.deductible}) {
                if (over <= Money{}) break;
                Money const cut = min(*part, over);
                *part -= cut;
                over -= cut;
            }
            r.cost.oop_capped = max(Money{}, without_maximum.total() - owed.total());
            if (r.cost.oop_capped > Money{}) {
                r.findings.push_back({Outcome::covered, "oop-maximum-reached",
                                      "the " + std::string(oop_net == 0 ? "" : "out-of-network ") +
                                          "out-of-pocket maximum of " + format_money(*oop_limit.individual) +
                                          " is reached: the plan pays " + format_money(r.cost.oop_capped) +
                                          " the patient would otherwise owe" +
                                          (room > Money{} ? " (" + format_money(room) + " was left)" : std::string()),
                                      oop_limit.where, "", ""});
            }
        }
        r.cost.deductible = owed.deductible;
        r.cost.copay = owed.copay;
        r.cost.coinsurance = owed.coinsurance;
        Money const share_owed = owed.total();
        r.cost.patient = share_owed;
        r.cost.plan = allowed - share_owed;
        if (owed.deductible > Money{}) r.cost.adjustments.push_back({"PR", "1", owed.deductible});
        if (owed.coinsurance > Money{}) r.cost.adjustments.push_back({"PR", "2", owed.coinsurance});
        if (owed.copay > Money{}) r.cost.adjustments.push_back({"PR", "3", owed.copay});
        // The deductible is met by what the patient pays toward it, not by what the maximum pays.
        met.deductible[ded_net] += owed.deductible;
        met.deductible_without_maximum[ded_net] += without_maximum.deductible;
        // What is over a maximum is not a cost share: it does not count toward the out-of-pocket maximum.
        if (b.counts_toward_oop) met.out_of_pocket[oop_net] += share_owed;
    }

    /// What is left of the deductible and the out-of-pocket maximum after the line, for the
    /// line's network (its own amounts when the plan states them) and benefit period.
    void remaining_after(LineResult& r) {
        PlanHeader const& plan = book_.plan;
        int const ded_net = !r.line.in_network && plan.deductible.out_of_network.individual ? 1 : 0;
        int const oop_net = !r.line.in_network && plan.out_of_pocket_max.out_of_network.individual ? 1 : 0;
        Accumulator const& ded_limit = ded_net == 0 ? plan.deductible.in_network : plan.deductible.out_of_network;
        Accumulator const& oop_limit = oop_net == 0 ? plan.out_of_pocket_max.in_network : plan.out_of_pocket_max.out_of_network;
        if (!ded_limit.individual && !oop_limit.individual) return;
        Met const& met = met_[period_start(r.line.date).days()];
        if (ded_limit.individual) r.cost.deductible_left = max(Money{}, *ded_limit.individual - met.deductible[ded_net]);
        if (oop_limit.individual) r.cost.out_of_pocket_left = max(Money{}, *oop_limit.individual - met.out_of_pocket[oop_net]);
    }

    // ---- PAs to file ---------------------------------------------------------------------

    /// The authorizations to file (`follow_up` false) or, for those pended with the payer, to
    /// follow up on (`follow_up` true), by code and benefit, with the lines that need them.
    std::vector<PaToFile> pas_listed(std::vector<LineResult> const& lines, bool follow_up) const {
        std::vector<PaToFile> out;
        for (LineResult const& r : lines) {
            // A PA would not save a denied line (its PA findings are gone); a line to review, or
            // one over a dollar maximum in part, still needs its PA.
            for (Finding const& f : r.findings) {
                if (f.outcome != Outcome::needs_pa || (f.kind == "pa-not-certified") != follow_up) continue;
                std::string const code = r.line.code.empty() ? r.line.drug : r.line.code;
                auto it = std::find_if(out.begin(), out.end(),
                                       [&](PaToFile const& p) { return p.code == code && p.benefit == r.benefit; });
                if (it == out.end()) {
                    PaToFile p;
                    p.code = code;
                    p.benefit = r.benefit;
                    p.rule = f.rule;
                    auto b = std::find_if(book_.benefits.begin(), book_.benefits.end(),
                                          [&](Benefit const& x) { return x.name == r.benefit; });
                    if (b != book_.benefits.end()) {
                        for (PriorAuthRule const& pa : b->prior_auth) {
                            p.documentation.insert(p.documentation.end(), pa.documentation.begin(), pa.documentation.end());
                        }
                    }
                    out.push_back(std::move(p));
                    it = std::prev(out.end());
                }
                it->lines.push_back(r.line.id);
                break;
            }
        }
        return out;
    }

    RuleBookData const& book_;
    TreatmentPlan const& plan_;
    std::unordered_map<void const*, Counter> counters_;
    std::vector<Past> past_;
    std::vector<int> found_;               ///< the candidate benefits of the line being decided
    std::vector<int> hits_;                ///< scratch for candidates()
    std::vector<PendingCount> counts_;     ///< the counts the line being decided would add
    std::vector<std::string> pa_reasons_;  ///< why the line being decided needs a PA
    mutable SpanCache period_cache_;       ///< for period_start()
    mutable SpanCache year_cache_;         ///< for year_start()
    std::vector<std::int64_t> auth_used_;
    /// Deductible and out-of-pocket met in one benefit period: [0] in network, [1] out of network.
    struct Met {
        Money deductible[2];
        Money out_of_pocket[2];
        /// The deductible met as it would be with no out-of-pocket maximum (for oop_capped).
        Money deductible_without_maximum[2];
    };
    std::map<std::int32_t, Met> met_;   ///< by the first day of the benefit period
    std::optional<Date> first_date_;    ///< the earliest proposed line
    Date first_year_start_;             ///< January 1 of its year
    Date first_period_start_;           ///< the first day of its benefit period
    std::map<std::pair<int, std::int32_t>, Money> copay_taken_;   ///< per benefit and day
    std::vector<Diagnostic> warnings_;
};

}  // namespace

Evaluation evaluate(RuleBook const& book, TreatmentPlan const& plan) { return Evaluator(book.data(), plan).run(); }

Totals totals_of(std::vector<LineResult> const& lines) {
    Totals t;
    for (LineResult const& r : lines) {
        t.billed += r.cost.billed;
        t.allowed += r.cost.allowed;
        t.contractual += r.cost.contractual;
        t.balance_billing += r.cost.balance_billing;
        t.plan += r.cost.plan;
        t.patient += r.cost.patient;
        t.at_risk += r.cost.at_risk;
        if (is_flagged(r.outcome)) ++t.flagged_lines;
    }
    return t;
}

}  // namespace covercheck
