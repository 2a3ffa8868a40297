// The JSON rendering (json_quote from diagnostic.hpp does the escaping).

#include "covercheck/report.hpp"

#include <cstdint>
#include <string>

namespace covercheck {
namespace {

std::string cents(Money m) { return std::to_string(m.cents); }

std::string strings(std::vector<std::string> const& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ",") + json_quote(items[i]);
    return out + "]";
}

std::string location(SourceLocation const& where) {
    if (where.file.empty()) return "null";
    return "{\"file\":" + json_quote(where.file) + ",\"line\":" + std::to_string(where.line) +
           ",\"column\":" + std::to_string(where.column) + "}";
}

/// A drug line's count as a JSON number; null on a line that names no drug.
std::string drug_count(ServiceLine const& line, std::int64_t count) {
    return line.drug.empty() ? "null" : std::to_string(count);
}

/// [{"group":"CO","carc":"45","amount_cents":15200}, ...]
std::string adjustments(std::vector<Adjustment> const& list) {
    std::string out = "[";
    for (std::size_t i = 0; i < list.size(); ++i) {
        out += (i == 0 ? "" : ",");
        out += "{\"group\":" + json_quote(list[i].group) + ",\"carc\":" + json_quote(list[i].carc) +
               ",\"amount_cents\":" + cents(list[i].amount) + "}";
    }
    return out + "]";
}

/// [{"code":..., "benefit":..., "lines":[...], "documentation":[...], "rule":...}, ...]
std::string pa_list(std::vector<PaToFile> const& pas) {
    std::string out = "[";
    for (std::size_t i = 0; i < pas.size(); ++i) {
        PaToFile const& p = pas[i];
        out += (i == 0 ? "" : ",");
        out += "{\"code\":" + json_quote(p.code) + ",\"benefit\":" + json_quote(p.benefit) +
               ",\"lines\":" + strings(p.lines) + ",\"documentation\":" + strings(p.documentation) +
               ",\"rule\":" + location(p.rule) + "}";
    }
    return out + "]";
}

/// The cents, or null when the plan states no such amount.
std::string optional_cents(std::optional<Money> const& amount) { return amount ? cents(*amount) : "null"; }

}  // namespace

std::string render_json(Evaluation const& e) {
    std::string out = "{\"treatment_plan\":" + json_quote(e.treatment_id) + ",\"plan\":" + json_quote(e.plan_id) +
                      ",\"plan_name\":" + json_quote(e.plan_name) + ",\"lines\":[";
    for (std::size_t i = 0; i < e.lines.size(); ++i) {
        LineResult const& r = e.lines[i];
        LineCost const& c = r.cost;
        out += i == 0 ? "" : ",";
        out += "{\"line\":" + json_quote(r.line.id) + ",\"date\":" + json_quote(r.line.date.iso()) +
               ",\"code\":" + json_quote(r.line.code) + ",\"drug\":" + json_quote(r.line.drug) +
               ",\"modifiers\":" + strings(r.line.modifiers) + ",\"units\":" + std::to_string(r.line.units) +
               ",\"quantity\":" + drug_count(r.line, r.line.quantity) +
               ",\"days_supply\":" + drug_count(r.line, r.line.days_supply) +
               ",\"benefit\":" + json_quote(r.benefit) + ",\"outcome\":" + json_quote(to_string(r.outcome)) +
               ",\"network\":" + json_quote(r.line.in_network ? "in" : "out") +
               ",\"waiver_signed\":" + (r.line.waiver_signed ? "true" : "false") +
               ",\"cost\":{\"billed_cents\":" + cents(c.billed) + ",\"allowed_cents\":" + cents(c.allowed) +
               ",\"contractual_cents\":" + cents(c.contractual) + ",\"balance_billing_cents\":" + cents(c.balance_billing) +
               ",\"deductible_cents\":" + cents(c.deductible) + ",\"copay_cents\":" + cents(c.copay) +
               ",\"coinsurance_cents\":" + cents(c.coinsurance) + ",\"oop_capped_cents\":" + cents(c.oop_capped) +
               ",\"not_covered_cents\":" + cents(c.not_covered) +
               ",\"plan_cents\":" + cents(c.plan) + ",\"patient_cents\":" + cents(c.patient) +
               ",\"at_risk_cents\":" + cents(c.at_risk) + ",\"adjustments\":" + adjustments(c.adjustments) +
               ",\"deductible_left_cents\":" + optional_cents(c.deductible_left) +
               ",\"out_of_pocket_left_cents\":" + optional_cents(c.out_of_pocket_left) + "},\"findings\":[";
        for (std::size_t j = 0; j < r.findings.size(); ++j) {
            Finding const& f = r.findings[j];
            out += (j == 0 ? "" : ",");
            out += "{\"kind\":" + json_quote(f.kind) + ",\"outcome\":" + json_quote(to_string(f.outcome)) +
                   ",\"reason\":" + json_quote(f.reason) + ",\"rule\":" + location(f.rule) +
                   ",\"carc\":" + json_quote(f.carc) + ",\"fix\":" + json_quote(f.fix) + "}";
        }
        out += "]}";
    }
    Totals const& t = e.totals;
    out += "],\"totals\":{\"billed_cents\":" + cents(t.billed) + ",\"allowed_cents\":" + cents(t.allowed) +
           ",\"contractual_cents\":" + cents(t.contractual) + ",\"balance_billing_cents\":" + cents(t.balance_billing) +
           ",\"plan_cents\":" + cents(t.plan) + ",\"patient_cents\":" + cents(t.patient) +
           ",\"at_risk_cents\":" + cents(t.at_risk) + ",\"flagged_lines\":" + std::to_string(t.flagged_lines) +
           "},\"pas_to_file\":" + pa_list(e.pas_to_file) + ",\"pas_to_follow_up\":" + pa_list(e.pas_to_follow_up);
    out += "}";
    return out;
}

}  // namespace covercheck
