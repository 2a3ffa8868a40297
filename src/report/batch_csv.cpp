// The batch CSV: one row per service line (batch_report.hpp lists the columns).

#include "covercheck/batch_report.hpp"

#include "batch_text.hpp"

#include <array>
#include <cassert>
#include <cstddef>
#include <string>
#include <string_view>

namespace covercheck {
namespace {

constexpr std::array<char const*, 33> columns{
    "file",        "claim_line", "claim_column", "claim_id", "member_id",    "plan_id",   "status",
    "line",        "date",       "code",         "modifiers", "drug",        "quantity",  "days_supply",
    "units",       "benefit",    "outcome",      "billed",   "allowed",      "deductible", "copay",
    "coinsurance", "oop_capped", "not_covered",  "plan_pays", "patient_owes", "at_risk",  "carc",
    "reason",      "rule",       "fix",          "error_code", "error"};

/// Whether a spreadsheet would take the cell for a formula: it starts with = + - @ (and some
/// read a TAB or CR before them).
bool starts_like_formula(std::string_view cell) {
    return !cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos;
}

/// Whether a text cell can go out as written: ASCII, nothing RFC 4180 quotes, and no first
/// character a spreadsheet would take for the start of a formula.
bool plain_cell(std::string_view raw) {
    if (starts_like_formula(raw)) return false;
    for (char const c : raw) {
        if (static_cast<unsigned char>(c) >= 0x80 || c == ',' || c == '"' || c == '\r' || c == '\n') return false;
    }
    return true;
}

/// A text cell, appended: valid UTF-8, guarded against formula injection, quoted when RFC 4180
/// needs it. A spreadsheet runs a cell starting with = + - @ (and some read TAB or CR before
/// them) as a formula; the leading single quote makes it text and shows the rest as written.
void put_text(std::string& out, std::string_view raw) {
    if (plain_cell(raw)) {
        out.append(raw.data(), raw.size());
        return;
    }
    std::string value = report::valid_utf8(raw);
    if (starts_like_formula(value)) value.insert(value.begin(), '\'');
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        out += value;
        return;
    }
    out += '"';
    for (char const c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

/// One row, written straight into the output: cells in `columns` order, each added through
/// one of the typed adders (a number cell is never guarded, so a negative amount stays a
/// number, and never needs quoting).
class Row {
public:
    explicit Row(std::string& out, std::size_t cells_so_far = 0) : out_(out), count_(cells_so_far) {}

    void text(std::string_view raw) {
        separate();
        put_text(out_, raw);
    }
    void number(std::int64_t value) {
        separate();
        report::append_number(out_, value);
    }
    /// A number, or an empty cell for zero (line, column, quantity, days' supply).
    void optional_number(std::int64_t value) {
        separate();
        if (value != 0) report::append_number(out_, value);
    }
    void money(Money amount) {
        separate();
        report::append_plain_dollars(out_, amount);
    }
    void skip(std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) separate();
    }
    /// Ends the row with its CRLF.
    void finish() {
        assert(count_ == columns.size());  // every row has every column
        out_ += "\r\n";
    }

private:
    void separate() {
        if (count_ != 0) out_ += ',';
        ++count_;
    }

    std::string& out_;
    std::size_t count_;
};

constexpr std::size_t claim_columns = 7;          // file .. status
constexpr std::size_t line_columns = 24;          // line .. fix
constexpr std::size_t error_columns = 2;          // error_code, error
static_assert(claim_columns + line_columns + error_columns == columns.size());

/// file .. status: the same on every row of a claim.
void claim_cells(Row& row, ClaimResult const& r) {
    row.text(r.file);
    row.optional_number(r.where.line);
    row.optional_number(r.where.column);
    row.text(r.claim_id);
    row.text(r.member_id);
    row.text(r.plan_id);
    row.text(to_string(r.status));
}

std::string joined_reasons(std::vector<Finding> const& findings) {
    std::string out;
    for (Finding const& f : findings) {
        if (f.reason.empty()) continue;
        if (!out.empty()) out += " | ";
        out += f.reason;
    }
    return out;
}

/// One line's row after the claim's cells (`claim_prefix`, rendered once per claim).
void line_row(std::string& out, std::string const& claim_prefix, LineResult const& lr) {
    out += claim_prefix;
    Row row(out, claim_columns);
    ServiceLine const& l = lr.line;
    LineCost const& c = lr.cost;
    row.text(l.id);
    row.text(l.date.iso());
    row.text(l.code);
    if (l.modifiers.size() <= 1) {
        row.text(l.modifiers.empty() ? std::string_view() : std::string_view(l.modifiers.front()));
    } else {
        std::string modifiers;
        for (std::string const& m : l.modifiers) modifiers += (modifiers.empty() ? "" : " ") + m;
        row.text(modifiers);
    }
    row.text(l.drug);
    row.optional_number(l.quantity);
    row.optional_number(l.days_supply);
    row.number(l.units);
    row.text(lr.benefit);
    row.text(to_string(lr.outcome));
    for (Money m : {c.billed, c.allowed, c.deductible, c.copay, c.coinsurance, c.oop_capped, c.not_covered, c.plan,
                    c.patient, c.at_risk}) {
        row.money(m);
    }
    Finding const* deciding = lr.findings.empty() ? nullptr : &lr.findings.front();
    row.text(deciding ? std::string_view(deciding->carc) : std::string_view());
    if (lr.findings.size() == 1) row.text(deciding->reason);
    else row.text(joined_reasons(lr.findings));
    row.text(deciding && !deciding->rule.file.empty() ? to_string(deciding->rule) : std::string());
    row.text(deciding ? std::string_view(deciding->fix) : std::string_view());
    row.skip(error_columns);
    row.finish();
}

/// The one row of a claim with no lines to show: not checked, or checked with no lines.
void claim_row(std::string& out, ClaimResult const& r) {
    Row row(out);
    claim_cells(row, r);
    row.skip(line_columns);
    if (r.status == ClaimStatus::checked) {
        row.skip(error_columns);
        row.finish();
        return;
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
    row.text(d ? std::string_view(d->code) : std::string_view());
    row.text(message);
    row.finish();
}

}  // namespace

std::string batch_csv_header() {
    std::string out;
    for (std::size_t i = 0; i < columns.size(); ++i) out += (i == 0 ? "" : ",") + std::string(columns[i]);
    return out + "\r\n";
}

std::string batch_csv_rows(ClaimResult const& result) {
    std::string out;
    if (result.status != ClaimStatus::checked || result.lines.empty()) {
        claim_row(out, result);
        return out;
    }
    std::string prefix;
    Row cells(prefix);
    claim_cells(cells, result);
    out.reserve(result.lines.size() * (prefix.size() + 256));
    for (LineResult const& lr : result.lines) line_row(out, prefix, lr);
    return out;
}

}  // namespace covercheck
