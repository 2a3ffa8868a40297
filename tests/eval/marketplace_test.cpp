// Real cost sharing, end to end: every row of the CMS Marketplace "Benefits and Cost Sharing"
// public use file in tests/conformance/cms-marketplace-benefits/ (2,158 therapy, drug and visit
// benefits of real 2014-2016 plans) is written as a benefit in the rules language the way an
// analyst would copy it from the PUF's words ("$40 Copay after deductible", "20% Coinsurance after
// deductible", "No Charge", "Visit(s) per Year"), parsed, and checked on $100.00 visits: the
// patient's share, the out-of-network answer and the visit limit are what the words say.
//
// The PUF is inconsistent, as real data is (a percentage in the copay column, a dollar amount in
// the coinsurance column, "Visit(s) per year" and "Visit(s) per Year"): the translation takes a
// cell for what it says, not for the column it is in. Two kinds of limit have no counterpart in
// the language (hours, and "per episode"); those rows are checked without their limit.

#include "covercheck/evaluate.hpp"
#include "covercheck/load.hpp"
#include "eval_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace covercheck {
namespace {

using namespace covercheck::testing;

std::string const puf_path =
    COVERCHECK_CONFORMANCE_DIR "/cms-marketplace-benefits/benefits-cost-sharing-therapy-drug-visit-rows.csv";

/// RFC 4180 records: fields split at commas, "quoted" fields may hold commas, quotes ("") and
/// line breaks.
std::vector<std::vector<std::string>> read_csv(std::string const& text) {
    std::vector<std::vector<std::string>> records(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char const c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            records.back().push_back(std::move(field));
            field.clear();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            records.back().push_back(std::move(field));
            field.clear();
            records.emplace_back();
        } else {
            field += c;
        }
    }
    if (!field.empty() || !records.back().empty()) records.back().push_back(std::move(field));
    if (records.back().empty()) records.pop_back();
    return records;
}

/// What one PUF cost-share cell says.
struct Cell {
    enum class Kind { none, copay, coinsurance, no_charge } kind = Kind::none;
    std::int64_t cents = 0;       ///< a copay
    int percent = 0;              ///< a coinsurance
    bool after_deductible = false;
};

/// "$40", "$1,000", "$40 Copay after deductible", "$30 Copay before deductible", "20%",
/// "20% Coinsurance after deductible", "No Charge", "No Charge after deductible",
/// "Not Applicable", "".
Cell read_cell(std::string const& text) {
    Cell cell;
    cell.after_deductible = text.find("after deductible") != std::string::npos;
    if (text.rfind("No Charge", 0) == 0) {
        cell.kind = Cell::Kind::no_charge;
    } else if (!text.empty() && text.front() == '$') {
        cell.kind = Cell::Kind::copay;
        std::int64_t dollars = 0;
        for (std::size_t i = 1; i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == ','); ++i) {
            if (text[i] != ',') dollars = dollars * 10 + (text[i] - '0');
        }
        cell.cents = dollars * 100;
    } else if (!text.empty() && std::isdigit(static_cast<unsigned char>(text.front()))) {
        cell.kind = Cell::Kind::coinsurance;
        cell.percent = std::stoi(text);
    }
    return cell;
}

std::string dollars(std::int64_t cents) { return format_money(Money{cents}); }

/// The cost-share clauses (prefixed, for out of network) of a copay cell and a coinsurance cell,
/// and what they mean for a line, worked out from the PUF's words.
struct Share {
    std::vector<std::string> clauses;
    std::optional<Cell> copay;
    std::optional<Cell> coinsurance;
    bool deductible_applies = false;   ///< "after deductible" on any part
    bool copay_first = false;          ///< a copay "before deductible" with coinsurance after it

    /// The deductible, copay and coinsurance of a line of `allowed` cents with `open` cents of
    /// the deductible left (half-up rounding to the cent, as plans round).
    struct Parts {
        std::int64_t deductible = 0;
        std::int64_t copay = 0;
        std::int64_t coinsurance = 0;
        std::int64_t patient() const { return deductible + copay + coinsurance; }
    };
    Parts on(std::int64_t allowed, std::int64_t open) const {
        Parts p;
        std::int64_t rest = allowed;
        auto take_deductible = [&] {
            if (!deductible_applies) return;
            p.deductible = std::min(rest, open);
            rest -= p.deductible;
        };
        if (!copay_first) take_deductible();
        if (copay) {
            p.copay = std::min(rest, copay->cents);
            rest -= p.copay;
        }
        if (copay_first) take_deductible();
        if (coinsurance) p.coinsurance = (rest * coinsurance->percent + 50) / 100;
        return p;
    }
};

Share share_of(Cell const& a, Cell const& b, std::string const& prefix) {
    Share share;
    for (Cell const& c : {a, b}) {
        if (c.kind == Cell::Kind::copay && (!share.copay || share.copay->cents == 0)) share.copay = c;
        if (c.kind == Cell::Kind::coinsurance && (!share.coinsurance || share.coinsurance->percent == 0)) share.coinsurance = c;
    }
    // A copay with "No Charge after deductible" beside it: the copay, then the deductible, then
    // nothing more, which the language says as a 0% coinsurance after the deductible.
    if (share.copay && !share.coinsurance) {
        for (Cell const& c : {a, b}) {
            if (c.kind == Cell::Kind::no_charge && c.after_deductible) {
                Cell zero;
                zero.kind = Cell::Kind::coinsurance;
                zero.after_deductible = true;
                share.coinsurance = zero;
            }
        }
    }
    auto after = [](bool yes) { return yes ? std::string(" after deductible") : std::string(); };
    if (!share.copay && !share.coinsurance) {
        // "No Charge", "Not Applicable" or nothing in both cells.
        share.deductible_applies = a.after_deductible || b.after_deductible;
        share.clauses.push_back(prefix + "no charge" + after(share.deductible_applies));
        return share;
    }
    if (share.copay) {
        share.clauses.push_back(prefix + "copay " + dollars(share.copay->cents) + " per visit" +
                                after(share.copay->after_deductible));
    }
    if (share.coinsurance) {
        share.clauses.push_back(prefix + "coinsurance " + std::to_string(share.coinsurance->percent) + "%" +
                                after(share.coinsurance->after_deductible));
    }
    share.deductible_applies = (share.copay && share.copay->after_deductible) ||
                               (share.coinsurance && share.coinsurance->after_deductible);
    share.copay_first = share.copay && share.coinsurance && !share.copay->after_deductible &&
                        share.coinsurance->after_deductible;
    return share;
}

/// The limit clause for a PUF limit, and the visits it allows in a calendar year (0 when it is
/// not a visit count per year); nothing for limits the language has no words for.
struct Limit {
    std::string clause;
    int visits_per_year = 0;
};

std::optional<Limit> limit_of(std::string const& quantity, std::string unit) {
    int const n = static_cast<int>(std::stod(quantity));
    for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string const count = std::to_string(n);
    if (unit == "visit(s) per year" || unit == "treatment(s) per year" || unit == "procedure(s) per year") {
        return Limit{"limit " + count + " visits per calendar year", n};
    }
    if (unit == "visit(s) per benefit period" || unit == "procedure(s) per benefit period") {
        return Limit{"limit " + count + " visits per benefit period", n};
    }
    if (unit == "days per year") return Limit{"limit " + count + " days per calendar year", 0};
    if (unit == "days per benefit period") return Limit{"limit " + count + " days per benefit period", 0};
    if (unit == "days per month") return Limit{"limit " + count + " days per rolling 1 month", 0};
    if (unit == "item(s) per month") return Limit{"limit " + count + " units per rolling 1 month", 0};
    if (unit == "days per lifetime") return Limit{"limit " + count + " days per lifetime", 0};
    if (unit == "dollars per year") return Limit{"limit " + dollars(std::int64_t{n} * 100) + " per calendar year", 0};
    return std::nullopt;   // hours per year or week, dollars per episode
}

/// The rules text for one benefit with the cost share of a PUF copay cell and coinsurance cell.
std::string benefit_rules(std::string const& copay, std::string const& coinsurance) {
    std::string rules = "plan \"PUF\" {\n    deductible individual $500.00\n}\ncodes service = cpt 99213\n"
                        "benefit \"Visit\" codes service {\n    covered\n";
    for (std::string const& clause : share_of(read_cell(copay), read_cell(coinsurance), "").clauses) {
        rules += "    " + clause + "\n";
    }
    return rules + "}\n";
}

TEST(marketplace_test, each_kind_of_puf_wording_costs_what_a_biller_works_out_by_hand) {
    // A $100.00 visit, with the $500.00 deductible all open and then all met: what goes to the
    // deductible, the copay and the coinsurance, worked out by hand from the PUF's words.
    struct Case {
        char const* copay;
        char const* coinsurance;
        char const* open[3];   ///< deductible, copay, coinsurance with $500 of the deductible open
        char const* met[3];    ///< the same with the deductible met
    };
    Case const cases[] = {
        {"$40", "Not Applicable", {"$0.00", "$40.00", "$0.00"}, {"$0.00", "$40.00", "$0.00"}},
        {"$40 Copay after deductible", "Not Applicable", {"$100.00", "$0.00", "$0.00"}, {"$0.00", "$40.00", "$0.00"}},
        {"No Charge", "20% Coinsurance after deductible", {"$100.00", "$0.00", "$0.00"}, {"$0.00", "$0.00", "$20.00"}},
        {"$35 Copay before deductible", "30% Coinsurance after deductible", {"$65.00", "$35.00", "$0.00"},
         {"$0.00", "$35.00", "$19.50"}},
        {"$50 Copay after deductible", "20% Coinsurance after deductible", {"$100.00", "$0.00", "$0.00"},
         {"$0.00", "$50.00", "$10.00"}},
        {"No Charge after deductible", "No Charge after deductible", {"$100.00", "$0.00", "$0.00"},
         {"$0.00", "$0.00", "$0.00"}},
        {"$30 Copay before deductible", "No Charge after deductible", {"$70.00", "$30.00", "$0.00"},
         {"$0.00", "$30.00", "$0.00"}},
        {"20%", "", {"$0.00", "$0.00", "$20.00"}, {"$0.00", "$0.00", "$20.00"}},   // a percentage in the copay column
        {"$0", "20% Coinsurance after deductible", {"$100.00", "$0.00", "$0.00"}, {"$0.00", "$0.00", "$20.00"}},
        {"No Charge", "No Charge", {"$0.00", "$0.00", "$0.00"}, {"$0.00", "$0.00", "$0.00"}},
    };
    for (Case const& c : cases) {
        std::string const rules = benefit_rules(c.copay, c.coinsurance);
        RuleBook const book = book_from(rules);
        for (bool const met : {false, true}) {
            TreatmentPlan plan = plan_with({service("1", "2026-03-02", "99213", "$100.00")});
            plan.plan_id = "PUF";
            if (met) plan.met.deductible = usd("$500.00");
            LineCost const cost = evaluate(book, plan).lines.at(0).cost;
            char const* const* want = met ? c.met : c.open;
            EXPECT_EQ(cost.deductible, usd(want[0])) << rules << (met ? "deductible met" : "deductible open");
            EXPECT_EQ(cost.copay, usd(want[1])) << rules << (met ? "deductible met" : "deductible open");
            EXPECT_EQ(cost.coinsurance, usd(want[2])) << rules << (met ? "deductible met" : "deductible open");
        }
    }
}

TEST(marketplace_test, every_puf_row_reads_as_a_rule_that_means_what_the_puf_says) {
    std::ifstream file(puf_path, std::ios::binary);
    ASSERT_TRUE(file) << puf_path;
    std::string const text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    std::vector<std::vector<std::string>> const records = read_csv(text);
    ASSERT_GT(records.size(), 1u);
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < records[0].size(); ++i) column[records[0][i]] = i;
    auto cell = [&](std::vector<std::string> const& row, char const* name) { return row.at(column.at(name)); };

    int covered = 0;
    int not_covered = 0;
    int no_answer = 0;
    int limits_checked = 0;
    int limits_without_words = 0;
    int copay_before_deductible = 0;
    for (std::size_t r = 1; r < records.size(); ++r) {
        std::vector<std::string> const& row = records[r];
        ASSERT_EQ(row.size(), records[0].size()) << "record " << r;
        std::string const is_covered = cell(row, "IsCovered");
        if (is_covered.empty()) {
            ++no_answer;   // the PUF gives no answer: nothing to check
            continue;
        }
        std::string rules = "plan \"PUF-" + std::to_string(r) + "\" {\n"
                            "    effective 2014-01-01 to 2016-12-31\n"
                            "    deductible individual $500.00\n"
                            "    out-of-pocket maximum individual $6,000.00\n"
                            "}\n"
                            "codes service = cpt 99213\n"
                            "benefit \"" + cell(row, "BenefitName") + "\" codes service {\n";
        Share in_network;
        Share out_of_network;
        bool out_covered = true;
        std::optional<Limit> limit;
        if (is_covered == "Not Covered") {
            rules += "    not covered \"not a benefit of this plan (CMS Marketplace PUF)\"\n";
            ++not_covered;
        } else {
            ++covered;
            rules += "    covered\n";
            in_network = share_of(read_cell(cell(row, "CopayInnTier1")), read_cell(cell(row, "CoinsInnTier1")), "");
            for (std::string const& clause : in_network.clauses) rules += "    " + clause + "\n";
            Cell const oon_copay = read_cell(cell(row, "CopayOutofNet"));
            Cell const oon_coinsurance = read_cell(cell(row, "CoinsOutofNet"));
            // The PUF's "100%" coinsurance out of network is "not covered out of network".
            out_covered = !(oon_coinsurance.kind == Cell::Kind::coinsurance && oon_coinsurance.percent == 100);
            if (!out_covered) {
                rules += "    out of network not covered\n";
            } else {
                out_of_network = share_of(oon_copay, oon_coinsurance, "out of network ");
                for (std::string const& clause : out_of_network.clauses) rules += "    " + clause + "\n";
            }
            if (cell(row, "QuantLimitOnSvc") == "Yes" && !cell(row, "LimitQty").empty()) {
                limit = limit_of(cell(row, "LimitQty"), cell(row, "LimitUnit"));
                if (limit) rules += "    " + limit->clause + "\n";
                else ++limits_without_words;
            }
            if (cell(row, "IsExclFromInnMOOP") == "Yes") rules += "    not toward out-of-pocket maximum\n";
        }
        rules += "}\n";

        ParseResult parsed = parse_rules(rules, "puf.rules");
        ASSERT_TRUE(parsed.diagnostics.empty()) << rules << render_text(parsed.diagnostics.front(), rules);
        std::vector<RulesFile> files;
        files.push_back(std::move(parsed.file));
        RuleBook const book = RuleBook::build(std::move(files));

        // One visit in network and one out of network, the deductible already met.
        TreatmentPlan plan = plan_with({service("1", "2015-06-01", "99213", "$100.00"),
                                        service("2", "2015-06-02", "99213", "$100.00")});
        plan.plan_id = "PUF-" + std::to_string(r);
        plan.lines[1].in_network = false;
        plan.met.deductible = usd("$500.00");
        Evaluation const e = evaluate(book, plan);
        ASSERT_EQ(e.lines.size(), 2u);
        LineResult const& in = e.lines[0];
        LineResult const& out = e.lines[1];
        if (is_covered == "Not Covered") {
            EXPECT_EQ(in.outcome, Outcome::not_covered) << rules << describe(in);
            // Denied in network without a waiver: the provider's write-off (CO), not the patient's.
            EXPECT_EQ(in.cost.at_risk, usd("$100.00")) << rules;
            EXPECT_EQ(in.cost.patient, Money{}) << rules;
            continue;
        }
        EXPECT_EQ(in.outcome, Outcome::covered) << rules << describe(in);
        EXPECT_EQ(in.cost.patient, Money{in_network.on(10000, 0).patient()}) << rules << describe(in);
        EXPECT_EQ(in.cost.plan + in.cost.patient, in.cost.allowed);
        if (!out_covered) {
            EXPECT_EQ(out.outcome, Outcome::out_of_network) << rules << describe(out);
        } else {
            EXPECT_EQ(out.cost.patient, Money{out_of_network.on(10000, 0).patient()}) << rules << describe(out);
        }

        // With the whole $500.00 deductible still open, on a $100.00 and then a $200.00 visit:
        // what goes to the deductible, the copay and the coinsurance, in the order the words say.
        TreatmentPlan fresh = plan_with({service("1", "2015-06-01", "99213", "$100.00"),
                                         service("2", "2015-06-08", "99213", "$200.00")});
        fresh.plan_id = plan.plan_id;
        Evaluation const f = evaluate(book, fresh);
        Share::Parts const first = in_network.on(10000, 50000);
        Share::Parts const second = in_network.on(20000, 50000 - first.deductible);
        for (auto const& [result, want] : {std::pair{&f.lines[0], first}, std::pair{&f.lines[1], second}}) {
            EXPECT_EQ(result->cost.deductible, Money{want.deductible}) << rules << describe(*result);
            EXPECT_EQ(result->cost.copay, Money{want.copay}) << rules << describe(*result);
            EXPECT_EQ(result->cost.coinsurance, Money{want.coinsurance}) << rules << describe(*result);
        }
        if (in_network.copay_first) ++copay_before_deductible;

        // A visit limit per year: the last visit it allows is covered, the next one is not.
        if (limit && limit->visits_per_year > 0) {
            std::vector<ServiceLine> visits;
            for (int v = 0; v <= limit->visits_per_year; ++v) {
                ServiceLine l = service(std::to_string(v + 1), "2015-01-02", "99213", "$100.00");
                l.date = l.date.plus_days(v * 2);
                visits.push_back(l);
            }
            TreatmentPlan course = plan_with(visits);
            course.plan_id = plan.plan_id;
            course.met.deductible = usd("$500.00");
            Evaluation const c = evaluate(book, course);
            EXPECT_EQ(c.lines[c.lines.size() - 2].outcome, Outcome::covered) << rules;
            EXPECT_EQ(c.lines.back().outcome, Outcome::over_limit) << rules << describe(c.lines.back());
            ++limits_checked;
        }
    }
    // Every row with an answer was checked; the counts are the PUF file's.
    EXPECT_EQ(covered + not_covered + no_answer, 2158);
    EXPECT_EQ(not_covered, 98);
    EXPECT_EQ(no_answer, 26);
    EXPECT_GT(limits_checked, 400);
    EXPECT_LE(limits_without_words, 10);
    EXPECT_GT(copay_before_deductible, 5);   // "$35 Copay before deductible" with "30% Coinsurance after deductible"
}

}  // namespace
}  // namespace covercheck
