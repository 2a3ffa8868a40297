// The batch HTML page for analysts (batch_report.hpp): one self-contained file, no script.

#include "covercheck/batch_report.hpp"
#include "covercheck/report.hpp"

#include "batch_text.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace covercheck {
namespace {

/// One colour per outcome, in enum order, from green (covered) to red (not covered): Paul Tol's
/// colour-blind-safe "muted" scheme, with Okabe-Ito vermillion for not covered. The outcome's
/// name is always written next to its colour, so colour is never the only cue.
constexpr std::array<char const*, 11> outcome_colours{
    "#DDDDDD",  // self-pay: pale grey (no coverage decision)
    "#117733",  // covered: green
    "#44AA99",  // covered with PA: teal
    "#88CCEE",  // needs PA: cyan
    "#DDCC77",  // needs review: sand
    "#999933",  // over limit: olive
    "#AA4499",  // sequencing not met: purple
    "#332288",  // step therapy not met: indigo
    "#882255",  // diagnosis not supported: wine
    "#CC6677",  // out of network: rose
    "#D55E00",  // not covered: vermillion
};
constexpr char const* unknown_colour = "#BBBBBB";
static_assert(outcome_colours.size() == static_cast<std::size_t>(Outcome::not_covered) + 1);

bool known_outcome(int index) { return index >= 0 && static_cast<std::size_t>(index) < outcome_colours.size(); }

std::string outcome_name(int index) {
    return known_outcome(index) ? to_string(static_cast<Outcome>(index)) : "outcome " + std::to_string(index);
}

/// Text for an HTML element or attribute (html_escape() in report.hpp).
std::string esc(std::string const& raw) { return html_escape(raw); }

std::string td(std::string const& html) { return "<td>" + html + "</td>"; }
std::string td_num(std::string const& html) { return "<td class=\"num\">" + html + "</td>"; }
std::string th(char const* label) { return std::string("<th scope=\"col\">") + label + "</th>"; }
std::string th_num(char const* label) { return std::string("<th scope=\"col\" class=\"num\">") + label + "</th>"; }

std::string money(Money m) { return format_money(m); }
std::string count(std::int64_t n) { return format_count(n); }

/// The colour chip and name of an outcome.
std::string outcome_label(int index) {
    std::string const cls = known_outcome(index) ? " c" + std::to_string(index) : "";
    return "<span class=\"chip" + cls + "\"></span>" + esc(outcome_name(index));
}

/// The label of an outcome given by name (a finding's, as stored in BatchTotals::Reason).
std::string outcome_label(std::string const& name) {
    for (std::size_t i = 0; i < outcome_colours.size(); ++i) {
        if (name == to_string(static_cast<Outcome>(i))) return outcome_label(static_cast<int>(i));
    }
    return "<span class=\"chip\"></span>" + esc(name);
}

/// part/whole in tenths of a percent, rounded half up; 0 when whole is 0.
std::int64_t permille(std::int64_t part, std::int64_t whole) {
    if (whole <= 0 || part <= 0) return 0;
    return (part * 2000 + whole) / (2 * whole);
}

/// "12.3%"; "<0.1%" for a part too small to show; "" when there is no whole.
std::string share(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) return "";
    std::int64_t const p = permille(part, whole);
    if (p == 0 && part > 0) return "&lt;0.1%";
    return std::to_string(p / 10) + "." + std::to_string(p % 10) + "%";
}

/// A horizontal bar 0..1000 wide (tenths of a percent of `whole`) in inline SVG, which prints
/// even where browsers leave out background colours. A non-zero part is at least a sliver.
std::string bar(std::int64_t part, std::int64_t whole, char const* colour, std::string const& label) {
    std::int64_t width = permille(part, whole);
    if (width == 0 && part > 0) width = 4;
    return "<svg class=\"bar\" viewBox=\"0 0 1000 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"" +
           label + "\"><rect width=\"1000\" height=\"10\" fill=\"#EEEEEE\"/><rect width=\"" + std::to_string(width) +
           "\" height=\"10\" fill=\"" + colour + "\"/></svg>";
}

std::string style() {
    std::string css = R"(
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1a1a1a; background: #fff; margin: 24px auto; padding: 0 24px; max-width: 1400px; }
h1 { font-size: 1.6em; margin: 0 0 .2em; }
h2 { font-size: 1.2em; margin: 1.8em 0 .5em; padding-bottom: .2em; border-bottom: 2px solid #ccc; }
p.meta, p.note, caption { color: #555; }
p.note { margin: .3em 0 .8em; }
table { border-collapse: collapse; margin: .3em 0 1em; }
caption { text-align: left; padding-bottom: .3em; }
th, td { padding: .3em .7em; border-bottom: 1px solid #ddd; vertical-align: top; text-align: left; }
thead th { border-bottom: 2px solid #888; background: #f4f4f4; }
tbody tr:nth-child(even) { background: #fafafa; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.facts th { font-weight: 600; width: 14em; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: .5em 0 1em; }
.card { border: 1px solid #ccc; border-radius: 6px; padding: .5em .9em; min-width: 10em; }
.card .label { color: #555; font-size: .9em; }
.card .value { font-size: 1.35em; font-weight: 600; font-variant-numeric: tabular-nums; }
.card.risk { border-color: #D55E00; border-width: 2px; }
.chip { display: inline-block; width: 0; height: .85em; border-left: .85em solid #BBBBBB;
        margin-right: .4em; vertical-align: -.08em; }
svg.bar { display: block; width: 22em; height: .9em; }
td.barcell { min-width: 22em; }
small { color: #555; }
code { font: .92em ui-monospace, "SFMono-Regular", Consolas, monospace; }
table.flagged td { font-size: .93em; }
tr.not-checked td { background: #fff4e5; }
footer { margin-top: 2em; color: #555; font-size: .9em; border-top: 1px solid #ccc; padding-top: .5em; }
@media print {
  body { font-size: 9pt; margin: 0; padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  tbody tr:nth-child(even) { background: none; }
  .card { break-inside: avoid; }
}
@page { margin: 12mm; }
)";
    for (std::size_t i = 0; i < outcome_colours.size(); ++i) {
        css += ".chip.c" + std::to_string(i) + " { border-left-color: " + outcome_colours[i] + "; }\n";
    }
    return css;
}

void header(std::string& out, BatchTotals const& t, BatchSummary const& s) {
    out += "<header>\n<h1>Coverage review of a batch of claims</h1>\n";
    if (!s.generated.empty()) out += "<p class=\"meta\">Generated " + esc(s.generated) + "</p>\n";
    out += "</header>\n";

    out += "<section id=\"checked\">\n<h2>What was checked</h2>\n<table class=\"facts\">\n<tbody>\n";
    std::string inputs;
    for (std::string const& in : s.inputs) inputs += (inputs.empty() ? "" : "<br>") + std::string("<code>") + esc(in) + "</code>";
    out += "<tr><th scope=\"row\">Inputs</th><td>" + (inputs.empty() ? "(none)" : inputs) + "</td></tr>\n";
    out += "<tr><th scope=\"row\">Rules</th><td><code>" + esc(s.rules) + "</code></td></tr>\n";
    out += "<tr><th scope=\"row\">Claims in</th><td class=\"num\">" + count(s.claims_in) + "</td></tr>\n";
    out += "<tr><th scope=\"row\">Results out</th><td class=\"num\">" + count(s.results_out) + "</td></tr>\n";
    out += "<tr><th scope=\"row\">Checked against a plan</th><td class=\"num\">" + count(t.checked) + "</td></tr>\n";
    out += "<tr><th scope=\"row\">No plan found</th><td class=\"num\">" + count(t.no_plan) + "</td></tr>\n";
    out += "<tr><th scope=\"row\">Errors (not readable)</th><td class=\"num\">" + count(t.errors) + "</td></tr>\n";
    out += "<tr><th scope=\"row\">Skipped (not claims)</th><td class=\"num\">" + count(s.skipped_resources) +
           "</td></tr>\n";
    out += "<tr><th scope=\"row\">Service lines</th><td class=\"num\">" + count(t.lines) + "</td></tr>\n";
    out += "<tr><th scope=\"row\">Flagged lines</th><td class=\"num\">" + count(t.flagged_lines) +
           (t.lines > 0 ? " (" + share(t.flagged_lines, t.lines) + ")" : "") + "</td></tr>\n";
    out += "<tr><th scope=\"row\">Jobs</th><td class=\"num\">" + count(s.jobs) + "</td></tr>\n";
    out += "</tbody>\n</table>\n";
    if (s.results_out != s.claims_in) {
        out += "<p class=\"note\"><strong>Results out differ from claims in</strong>: " +
               count(s.results_out - s.claims_in) + ".</p>\n";
    }
    out += "</section>\n";
}

void money_cards(std::string& out, BatchTotals const& t) {
    auto card = [&](char const* label, Money m, char const* extra) {
        out += std::string("<div class=\"card") + extra + "\"><div class=\"label\">" + label +
               "</div><div class=\"value\">" + money(m) + "</div></div>\n";
    };
    out += "<section id=\"money\">\n<h2>Patient cost estimate</h2>\n<div class=\"cards\">\n";
    card("Billed", t.billed, "");
    card("Allowed", t.allowed, "");
    card("Plan estimate", t.plan, "");
    card("Patient estimate", t.patient, "");
    card("At risk", t.at_risk, " risk");
    out += "</div>\n<p class=\"note\">Allowed is the billed charge (no fee schedules). At risk is the plan's share "
           "of lines that need a prior authorization not on file: without it the payer denies the line, and the "
           "provider or the patient may owe it.</p>\n</section>\n";
}

void by_outcome(std::string& out, BatchTotals const& t) {
    out += "<section id=\"outcomes\">\n<h2>Lines by outcome</h2>\n";
    if (t.by_outcome.empty()) {
        out += "<p class=\"note\">No service lines were checked.</p>\n</section>\n";
        return;
    }
    out += "<table>\n<thead><tr>" + th("Outcome") + th_num("Lines") + th_num("Share") + th("Chart") +
           th_num("Billed") + th_num("Patient owes") + "</tr></thead>\n<tbody>\n";
    for (auto const& [index, b] : t.by_outcome) {
        std::string const name = esc(outcome_name(index));
        std::string const pct = share(b.lines, t.lines);
        out += "<tr>" + td(outcome_label(index)) + td_num(count(b.lines)) + td_num(pct) +
               "<td class=\"barcell\">" +
               bar(b.lines, t.lines, known_outcome(index) ? outcome_colours[static_cast<std::size_t>(index)] : unknown_colour,
                   name + ": " + pct + " of lines") +
               "</td>" + td_num(money(b.billed)) + td_num(money(b.patient)) + "</tr>\n";
    }
    out += "</tbody>\n<tfoot><tr><th scope=\"row\">All lines</th>" + td_num(count(t.lines)) + td_num("100.0%") +
           td("") + td_num(money(t.billed)) + td_num(money(t.patient)) + "</tr></tfoot>\n</table>\n</section>\n";
}

void by_benefit(std::string& out, BatchTotals const& t) {
    out += "<section id=\"benefits\">\n<h2>By benefit</h2>\n";
    if (t.by_benefit.empty()) {
        out += "<p class=\"note\">No service lines were checked.</p>\n</section>\n";
        return;
    }
    std::vector<std::pair<std::string, BatchTotals::Tally>> rows(t.by_benefit.begin(), t.by_benefit.end());
    std::stable_sort(rows.begin(), rows.end(),
                     [](auto const& a, auto const& b) { return a.second.flagged > b.second.flagged; });
    out += "<p class=\"note\">Most flagged lines first. \"(no rule)\": lines no rule of the plan mentions.</p>\n";
    out += "<table>\n<thead><tr>" + th("Benefit") + th_num("Lines") + th_num("Flagged") + th_num("Billed") +
           th_num("Patient owes") + th_num("At risk") + "</tr></thead>\n<tbody>\n";
    for (auto const& [name, r] : rows) {
        out += "<tr>" + td(esc(name)) + td_num(count(r.lines)) + td_num(count(r.flagged)) + td_num(money(r.billed)) +
               td_num(money(r.patient)) + td_num(money(r.at_risk)) + "</tr>\n";
    }
    out += "</tbody>\n</table>\n</section>\n";
}

void by_plan(std::string& out, BatchTotals const& t) {
    out += "<section id=\"plans\">\n<h2>By plan</h2>\n";
    if (t.by_plan.empty()) {
        out += "<p class=\"note\">No claims.</p>\n</section>\n";
        return;
    }
    out += "<table>\n<thead><tr>" + th("Plan") + th_num("Claims") + th_num("Lines") + th_num("Flagged") +
           th_num("Billed") + th_num("Plan estimate") + th_num("Patient estimate") + "</tr></thead>\n<tbody>\n";
    auto row = [&](std::string const& label, BatchTotals::Tally const& r) {
        out += "<tr>" + td(label) + td_num(count(r.claims)) + td_num(count(r.lines)) + td_num(count(r.flagged)) +
               td_num(money(r.billed)) + td_num(money(r.plan)) + td_num(money(r.patient)) + "</tr>\n";
    };
    for (auto const& [id, r] : t.by_plan) {
        if (!id.empty()) row("<code>" + esc(id) + "</code>", r);
    }
    auto const none = t.by_plan.find("");
    if (none != t.by_plan.end()) row("(no plan or not readable)", none->second);
    out += "</tbody>\n</table>\n</section>\n";
}

void top_reasons(std::string& out, BatchTotals const& t) {
    constexpr std::size_t shown = 10;
    out += "<section id=\"reasons\">\n<h2>Top reasons lines were flagged</h2>\n";
    if (t.by_reason.empty()) {
        out += "<p class=\"note\">No line was flagged.</p>\n</section>\n";
        return;
    }
    std::vector<std::pair<std::string, BatchTotals::Reason>> rows(t.by_reason.begin(), t.by_reason.end());
    std::sort(rows.begin(), rows.end(), [](auto const& a, auto const& b) {
        if (a.second.lines != b.second.lines) return a.second.lines > b.second.lines;
        if (a.first != b.first) return a.first < b.first;
        return a.second.outcome < b.second.outcome;
    });
    out += "<p class=\"note\">By the finding that decided each flagged line, most frequent first, with the "
           "reason given for the earliest such line in the batch.</p>\n";
    out += "<table>\n<thead><tr>" + th_num("#") + th("Kind") + th("Outcome") + th_num("Lines") +
           th("Example reason") + "</tr></thead>\n<tbody>\n";
    std::int64_t rest_lines = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto const& [kind, r] = rows[i];
        if (i >= shown) {
            rest_lines += r.lines;
            continue;
        }
        out += "<tr>" + td_num(std::to_string(i + 1)) + td("<code>" + esc(kind) + "</code>") +
               td(outcome_label(r.outcome)) + td_num(count(r.lines)) + td(esc(r.example)) + "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    if (rows.size() > shown) {
        out += "<p class=\"note\">" + count(static_cast<std::int64_t>(rows.size() - shown)) + " more kinds, " +
               count(rest_lines) + " lines.</p>\n";
    }
    out += "</section>\n";
}

void errors_by_code(std::string& out, BatchTotals const& t) {
    out += "<section id=\"errors\">\n<h2>Errors by code</h2>\n";
    if (t.by_error.empty()) {
        out += "<p class=\"note\">None: every claim could be read.</p>\n</section>\n";
        return;
    }
    std::vector<std::pair<std::string, std::int64_t>> rows(t.by_error.begin(), t.by_error.end());
    std::stable_sort(rows.begin(), rows.end(), [](auto const& a, auto const& b) { return a.second > b.second; });
    out += "<p class=\"note\">Claims that could not be read, by the code of their first error.</p>\n";
    out += "<table>\n<thead><tr>" + th("Code") + th_num("Claims") + "</tr></thead>\n<tbody>\n";
    for (auto const& [code, n] : rows) out += "<tr>" + td("<code>" + esc(code) + "</code>") + td_num(count(n)) + "</tr>\n";
    out += "</tbody>\n</table>\n</section>\n";
}

void flagged_table(std::string& out, std::vector<std::string> const& rows, std::int64_t total) {
    out += "<section id=\"flagged\">\n<h2>Flagged lines and claims not checked</h2>\n";
    if (rows.empty()) {
        out += total > 0 ? "<p class=\"note\">" + count(total) + " rows, none kept for this page; the CSV has them all.</p>\n"
                         : "<p class=\"note\">Nothing flagged.</p>\n";
        out += "</section>\n";
        return;
    }
    std::int64_t const given = static_cast<std::int64_t>(rows.size());
    out += "<p class=\"note\">Every line whose outcome is neither covered nor covered with PA, and every claim "
           "that could not be checked, in input order.";
    if (total > given) out += " <strong>Showing the first " + count(given) + " of " + count(total) +
                              "; the CSV has them all.</strong>";
    out += "</p>\n";
    out += "<table class=\"flagged\">\n<thead><tr>" + th("Claim") + th("Member") + th("Date") + th("Code") +
           th("Benefit") + th("Outcome") + th_num("Patient owes") + th_num("At risk") + th("Reason") + th("Fix") +
           "</tr></thead>\n<tbody>\n";
    for (std::string const& row : rows) out += row + "\n";
    out += "</tbody>\n</table>\n</section>\n";
}

/// The claim cell of a flagged row: id, line, and where the claim is.
std::string claim_cell(ClaimResult const& r, std::string const& line_id) {
    std::string out = "<td><b>" + (r.claim_id.empty() ? std::string("(no id)") : esc(r.claim_id)) + "</b>";
    if (!line_id.empty()) out += " line " + esc(line_id);
    SourceLocation where = r.where;
    if (where.file.empty()) where.file = r.file;
    if (!where.file.empty()) out += "<br><small>" + esc(to_string(where)) + "</small>";
    return out + "</td>";
}

std::string not_checked_row(ClaimResult const& r) {
    Diagnostic const* d = report::first_error(r);
    std::string what = r.status == ClaimStatus::error ? "<strong>error</strong>: the claim could not be read"
                                                      : "<strong>no plan</strong>: the claim was not checked";
    if (d != nullptr) {
        what += ": <code>" + esc(d->code) + "</code> " + esc(d->message);
        if (d->where.line > 0) what += " <small>(" + esc(to_string(d->where)) + ")</small>";
        if (!d->hint.empty()) what += "<br><small>hint: " + esc(d->hint) + "</small>";
    }
    return "<tr class=\"not-checked\">" + claim_cell(r, "") + td(esc(r.member_id)) + "<td colspan=\"8\">" + what +
           "</td></tr>";
}

std::string flagged_row(ClaimResult const& r, LineResult const& lr) {
    std::string reason;
    std::string fix;
    if (!lr.findings.empty()) {
        Finding const& f = lr.findings.front();
        reason = esc(f.reason);
        std::string detail;
        if (!f.carc.empty()) detail += "CARC " + esc(f.carc);
        if (!f.rule.file.empty()) detail += (detail.empty() ? "" : " &middot; ") + esc(to_string(f.rule));
        if (!detail.empty()) reason += "<br><small>" + detail + "</small>";
        fix = esc(f.fix);
    }
    std::string const benefit = lr.benefit.empty() ? std::string("<small>(no rule)</small>") : esc(lr.benefit);
    return "<tr>" + claim_cell(r, lr.line.id) + td(esc(r.member_id)) + td(esc(lr.line.date.iso())) +
           td("<code>" + esc(report::code_label(lr.line)) + "</code>") + td(benefit) +
           td(outcome_label(static_cast<int>(lr.outcome))) + td_num(money(lr.cost.patient)) +
           td_num(money(lr.cost.at_risk)) + td(reason) + td(fix) + "</tr>";
}

}  // namespace

std::vector<std::string> batch_html_flagged_rows(ClaimResult const& result) {
    std::vector<std::string> rows;
    if (result.status != ClaimStatus::checked) {
        rows.push_back(not_checked_row(result));
        return rows;
    }
    for (LineResult const& lr : result.lines) {
        if (is_flagged(lr.outcome)) rows.push_back(flagged_row(result, lr));
    }
    return rows;
}

std::string render_batch_html(BatchTotals const& totals, BatchSummary const& summary,
                              std::vector<std::string> const& flagged_rows, std::int64_t flagged_total) {
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>covercheck batch review</title>\n<style>";
    out += style();
    out += "</style>\n</head>\n<body>\n";
    header(out, totals, summary);
    money_cards(out, totals);
    by_outcome(out, totals);
    by_benefit(out, totals);
    by_plan(out, totals);
    top_reasons(out, totals);
    errors_by_code(out, totals);
    flagged_table(out, flagged_rows, flagged_total);
    out += "<footer>covercheck: estimates from the plan's coverage rules, not a promise of payment. Money in US "
           "dollars.</footer>\n</body>\n</html>\n";
    return out;
}

}  // namespace covercheck
