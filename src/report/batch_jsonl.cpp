// The batch JSON lines: one object per claim (batch_report.hpp lists the fields).

#include "covercheck/batch_report.hpp"

#include "batch_text.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace covercheck {
namespace {

/// A JSON string literal, appended. json_quote escapes quotes, backslashes and every control
/// character but passes other bytes through, so the text is made valid UTF-8 first (RFC 8259
/// 8.1). Text with nothing to escape (the common case) goes out as written.
void put_string(std::string& out, std::string_view text) {
    bool plain = true;
    for (char const c : text) {
        auto const byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7F || c == '"' || c == '\\') {
            plain = false;
            break;
        }
    }
    if (plain) {
        out += '"';
        out.append(text.data(), text.size());
        out += '"';
        return;
    }
    out += json_quote(report::valid_utf8(text));
}

/// One object, written straight into the output: `"key":value` pairs separated by commas.
/// A nested value is written by calling key() and then rendering it into out().
class Object {
public:
    explicit Object(std::string& out) : out_(out) { out_ += '{'; }

    Object& key(char const* name) {
        if (!first_) out_ += ',';
        first_ = false;
        out_ += '"';
        out_ += name;
        out_ += "\":";
        return *this;
    }
    Object& str(char const* name, std::string_view text) {
        key(name);
        put_string(out_, text);
        return *this;
    }
    Object& num(char const* name, std::int64_t value) {
        key(name);
        report::append_number(out_, value);
        return *this;
    }
    Object& money(char const* name, Money m) { return num(name, m.cents); }
    void done() { out_ += '}'; }
    std::string& out() { return out_; }

private:
    std::string& out_;
    bool first_ = true;
};

/// An array of `items`, each rendered into `out` by `one(out, item)`.
template <class T, class F>
void put_array(std::string& out, std::vector<T> const& items, F&& one) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0) out += ',';
        one(out, items[i]);
    }
    out += ']';
}

void put_rule(std::string& out, SourceLocation const& where) {
    Object(out).str("file", where.file).num("line", where.line).num("column", where.column).done();
}

void put_finding(std::string& out, Finding const& f) {
    Object o(out);
    o.str("outcome", to_string(f.outcome)).str("kind", f.kind).str("reason", f.reason).key("rule");
    put_rule(out, f.rule);
    o.str("carc", f.carc).str("fix", f.fix).done();
}

void put_diagnostic(std::string& out, Diagnostic const& d) {
    Object(out)
        .str("severity", to_string(d.severity))
        .str("code", d.code)
        .num("line", d.where.line)
        .num("column", d.where.column)
        .str("message", d.message)
        .str("hint", d.hint)
        .done();
}

void put_line(std::string& out, LineResult const& r) {
    ServiceLine const& l = r.line;
    LineCost const& c = r.cost;
    Object o(out);
    o.str("line", l.id).str("date", l.date.iso()).str("code", l.code).key("modifiers");
    put_array(out, l.modifiers, [](std::string& to, std::string const& m) { put_string(to, m); });
    o.str("drug", l.drug)
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
        .money("oop_capped_cents", c.oop_capped)
        .money("not_covered_cents", c.not_covered)
        .money("plan_cents", c.plan)
        .money("patient_cents", c.patient)
        .money("at_risk_cents", c.at_risk)
        .key("findings");
    put_array(out, r.findings, put_finding);
    o.done();
}

}  // namespace

std::string batch_jsonl_record(ClaimResult const& result) {
    std::string out;
    out.reserve(512 + result.lines.size() * 1024);
    Object o(out);
    o.str("file", result.file).str("claim_id", result.claim_id).key("location");
    Object(out).num("line", result.where.line).num("column", result.where.column).done();
    o.str("member_id", result.member_id)
        .str("plan_id", result.plan_id)
        .str("plan_name", result.plan_name)
        .str("status", to_string(result.status))
        .key("diagnostics");
    put_array(out, result.diagnostics, put_diagnostic);
    o.key("lines");
    put_array(out, result.lines, put_line);
    Totals const& t = result.totals;
    o.key("totals");
    Object(out)
        .money("billed_cents", t.billed)
        .money("allowed_cents", t.allowed)
        .money("plan_cents", t.plan)
        .money("patient_cents", t.patient)
        .money("at_risk_cents", t.at_risk)
        .num("flagged_lines", t.flagged_lines)
        .done();
    o.done();
    // INVARIANT: no raw line break can appear: json_quote escapes every control character.
    out += '\n';
    return out;
}

}  // namespace covercheck
