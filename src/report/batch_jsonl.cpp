// The batch JSON lines: one object per claim (batch_report.hpp lists the fields).

#include "covercheck/batch_report.hpp"

#include "batch_text.hpp"

#include <cstddef>
#include <string>

namespace covercheck {
namespace {

/// A JSON string literal. json_quote escapes quotes, backslashes and every control character
/// but passes other bytes through, so the text is made valid UTF-8 first (RFC 8259 8.1).
std::string quote(std::string const& text) { return json_quote(report::valid_utf8(text)); }

std::string cents(Money m) { return std::to_string(m.cents); }

/// Builds one object: `"key":value` pairs separated by commas.
class Object {
public:
    Object& raw(char const* key, std::string const& json) {
        out_ += out_.size() == 1 ? "" : ",";
        out_ += '"';
        out_ += key;
        out_ += "\":";
        out_ += json;
        return *this;
    }
    Object& str(char const* key, std::string const& text) { return raw(key, quote(text)); }
    Object& num(char const* key, std::int64_t value) { return raw(key, std::to_string(value)); }
    Object& money(char const* key, Money m) { return raw(key, cents(m)); }
    std::string done() const { return out_ + "}"; }

private:
    std::string out_ = "{";
};

template <class T, class F>
std::string array(std::vector<T> const& items, F&& one) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0) out += ',';
        out += one(items[i]);
    }
    return out + "]";
}

std::string rule_json(SourceLocation const& where) {
    return Object().str("file", where.file).num("line", where.line).num("column", where.column).done();
}

std::string finding_json(Finding const& f) {
    return Object()
        .str("outcome", to_string(f.outcome))
        .str("kind", f.kind)
        .str("reason", f.reason)
        .raw("rule", rule_json(f.rule))
        .str("carc", f.carc)
        .str("fix", f.fix)
        .done();
}

std::string diagnostic_json(Diagnostic const& d) {
    return Object()
        .str("severity", to_string(d.severity))
        .str("code", d.code)
        .num("line", d.where.line)
        .num("column", d.where.column)
        .str("message", d.message)
        .str("hint", d.hint)
        .done();
}

std::string line_json(LineResult const& r) {
    ServiceLine const& l = r.line;
    LineCost const& c = r.cost;
    return Object()
        .str("line", l.id)
        .str("date", l.date.iso())
        .str("code", l.code)
        .raw("modifiers", array(l.modifiers, quote))
        .str("drug", l.drug)
        .num("quantity", l.quantity)
        .num("days_supply", l.days_supply)
        .num("units", l.units)
        .str("benefit", r.benefit)
        .str("outcome", to_string(r.outcome))
        .money("billed_cents", c.billed)
        .money("allowed_cents", c.allowed)
        .money("deductible_cents", c.deductible)
        .money("copay_cents", c.copay)
        .money("coinsurance_cents", c.coinsurance)
        .money("not_covered_cents", c.not_covered)
        .money("plan_cents", c.plan)
        .money("patient_cents", c.patient)
        .money("at_risk_cents", c.at_risk)
        .raw("findings", array(r.findings, finding_json))
        .done();
}

}  // namespace

std::string batch_jsonl_record(ClaimResult const& result) {
    Totals const& t = result.totals;
    std::string const totals = Object()
                                   .money("billed_cents", t.billed)
                                   .money("allowed_cents", t.allowed)
                                   .money("plan_cents", t.plan)
                                   .money("patient_cents", t.patient)
                                   .money("at_risk_cents", t.at_risk)
                                   .num("flagged_lines", t.flagged_lines)
                                   .done();
    // INVARIANT: no raw line break can appear: json_quote escapes every control character.
    return Object()
               .str("file", result.file)
               .str("claim_id", result.claim_id)
               .raw("location", Object().num("line", result.where.line).num("column", result.where.column).done())
               .str("member_id", result.member_id)
               .str("plan_id", result.plan_id)
               .str("plan_name", result.plan_name)
               .str("status", to_string(result.status))
               .raw("diagnostics", array(result.diagnostics, diagnostic_json))
               .raw("lines", array(result.lines, line_json))
               .raw("totals", totals)
               .done() +
           "\n";
}

}  // namespace covercheck
