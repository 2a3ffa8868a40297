// The batch CSV: one row per service line (batch_report.hpp lists the columns).

#include "covercheck/batch_report.hpp"

#include "batch_text.hpp"

#include <array>
#include <cassert>
#include <cstddef>
#include <string>

namespace covercheck {
namespace {

constexpr std::array<char const*, 32> columns{
    "file",        "claim_line", "claim_column", "claim_id", "member_id",    "plan_id",   "status",
    "line",        "date",       "code",         "modifiers", "drug",        "quantity",  "days_supply",
    "units",       "benefit",    "outcome",      "billed",   "allowed",      "deductible", "copay",
    "coinsurance", "not_covered", "plan_pays",   "patient_owes", "at_risk",  "carc",      "reason",
    "rule",        "fix",        "error_code",   "error"};

/// A text cell: valid UTF-8, guarded against formula injection, quoted when RFC 4180 needs it.
/// A spreadsheet runs a cell starting with = + - @ (and some read TAB or CR before them) as a
/// formula; the leading single quote makes it text and shows the rest as written.
std::string text(std::string const& raw) {
    std::string value = report::valid_utf8(raw);
    if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) {
        value.insert(value.begin(), '\'');
    }
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char const c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

/// A number cell: never guarded (a negative amount stays a number), never needs quoting.
std::string number(std::int64_t value) { return std::to_string(value); }
std::string money(Money amount) { return report::plain_dollars(amount); }
std::string optional_number(std::int64_t value) { return value == 0 ? std::string() : number(value); }

/// One row under construction: cells in `columns` order.
class Row {
public:
    void add(std::string cell) {
        if (count_ != 0) out_ += ',';
        out_ += cell;
        ++count_;
    }
    void skip(std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) add("");
    }
    /// The row with its CRLF.
    std::string finish() const {
        assert(count_ == columns.size());  // every row has every column
        return out_ + "\r\n";
    }

private:
    std::string out_;
    std::size_t count_ = 0;
};

/// file .. status: the same on every row of a claim.
Row claim_cells(ClaimResult const& r) {
    Row row;
    row.add(text(r.file));
    row.add(optional_number(r.where.line));
    row.add(optional_number(r.where.column));
    row.add(text(r.claim_id));
    row.add(text(r.member_id));
    row.add(text(r.plan_id));
    row.add(text(to_string(r.status)));
    return row;
}

constexpr std::size_t claim_columns = 7;          // file .. status
constexpr std::size_t line_columns = 23;          // line .. fix
constexpr std::size_t error_columns = 2;          // error_code, error
static_assert(claim_columns + line_columns + error_columns == columns.size());

std::string joined_reasons(std::vector<Finding> const& findings) {
    std::string out;
    for (Finding const& f : findings) {
        if (f.reason.empty()) continue;
        if (!out.empty()) out += " | ";
        out += f.reason;
    }
    return out;
}

std::string line_row(ClaimResult const& r, LineResult const& lr) {
    Row row = claim_cells(r);
    ServiceLine const& l = lr.line;
    LineCost const& c = lr.cost;
    std::string modifiers;
    for (std::string const& m : l.modifiers) modifiers += (modifiers.empty() ? "" : " ") + m;
    row.add(text(l.id));
    row.add(text(l.date.iso()));
    row.add(text(l.code));
    row.add(text(modifiers));
    row.add(text(l.drug));
    row.add(optional_number(l.quantity));
    row.add(optional_number(l.days_supply));
    row.add(number(l.units));
    row.add(text(lr.benefit));
    row.add(text(to_string(lr.outcome)));
    for (Money m : {c.billed, c.allowed, c.deductible, c.copay, c.coinsurance, c.not_covered, c.plan, c.patient,
                    c.at_risk}) {
        row.add(money(m));
    }
    Finding const* deciding = lr.findings.empty() ? nullptr : &lr.findings.front();
    row.add(text(deciding ? deciding->carc : ""));
    row.add(text(joined_reasons(lr.findings)));
    row.add(text(deciding && !deciding->rule.file.empty() ? to_string(deciding->rule) : ""));
    row.add(text(deciding ? deciding->fix : ""));
    row.skip(error_columns);
    return row.finish();
}

/// The one row of a claim with no lines to show: not checked, or checked with no lines.
std::string claim_row(ClaimResult const& r) {
    Row row = claim_cells(r);
    row.skip(line_columns);
    if (r.status == ClaimStatus::checked) {
        row.skip(error_columns);
        return row.finish();
    }
    Diagnostic const* d = report::first_error(r);
    std::string message = d ? d->message : "";
    // Where the error is, unless that is just where the claim starts (claim_line, claim_column).
    if (d != nullptr && d->where.line > 0) {
        bool const same_file = d->where.file.empty() || d->where.file == r.file;
        if (!same_file) {
            message += " (" + to_string(d->where) + ")";
        } else if (d->where.line != r.where.line || d->where.column != r.where.column) {
            message += " (line " + std::to_string(d->where.line);
            if (d->where.column > 0) message += ", column " + std::to_string(d->where.column);
            message += ")";
        }
    }
    row.add(text(d ? d->code : ""));
    row.add(text(message));
    return row.finish();
}

}  // namespace

std::string batch_csv_header() {
    std::string out;
    for (std::size_t i = 0; i < columns.size(); ++i) out += (i == 0 ? "" : ",") + std::string(columns[i]);
    return out + "\r\n";
}

std::string batch_csv_rows(ClaimResult const& result) {
    if (result.status != ClaimStatus::checked || result.lines.empty()) return claim_row(result);
    std::string out;
    for (LineResult const& lr : result.lines) out += line_row(result, lr);
    return out;
}

}  // namespace covercheck
