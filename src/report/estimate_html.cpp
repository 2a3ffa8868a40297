// The printable estimate for one patient (report.hpp): a Good Faith Estimate for a self-pay
// patient (45 CFR 149.610), an Advanced-EOB-like estimate of costs otherwise.
//
// The document is built here in code, not from an editable template, so that no part a patient
// is owed (the disclaimer, the dispute right, the totals, the rules' fingerprint) can be left out
// by editing a file; a clinic adds its own text through Estimate::clinic_note (README.md, "The
// printable estimate", "Why the wording is not in templates"). Every word the document prints is
// in `words` below.

#include "covercheck/report.hpp"

#include "batch_text.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

namespace covercheck {
namespace {

// ---- the words --------------------------------------------------------------------------------

namespace words {

constexpr char const* gfe_title = "Good Faith Estimate";
constexpr char const* insured_title = "Estimate of your costs";
constexpr char const* several_title = "Cost estimates";

constexpr char const* not_a_bill = "This is an estimate, not a bill and not a guarantee of payment.";

constexpr char const* at_risk =
    "not billed to you: the provider's write-off unless you sign a waiver";
constexpr char const* at_risk_total = "Provider at risk, not billed to you: the provider's write-off unless you sign a waiver";
constexpr char const* balance_billing_total =
    "Possible balance billing: out of network, the provider may also bill you up to this amount above the "
    "allowed amounts; it does not count toward your out-of-pocket maximum";
constexpr char const* balance_billing_line =
    "out of network, the provider may also bill you up to this amount above the allowed amount "
    "(balance billing); it does not count toward your out-of-pocket maximum";

/// What the patient can do, for a Good Faith Estimate: the CMS standard notice, shortened.
constexpr char const* gfe_rights[] = {
    "This Good Faith Estimate shows the costs of items and services that are reasonably expected "
    "for your health care needs. It is based on information known at the time it was made. It "
    "does not include unknown or unexpected costs that may arise during treatment: you could be "
    "charged more if complications or special circumstances occur.",
    "If you are billed at least $400 more than this Good Faith Estimate by any provider or "
    "facility listed, you have the right to dispute the bill. You may contact the provider or "
    "facility to tell them the billed charges are higher than this estimate, and ask them to "
    "update the bill to match it, to negotiate the bill, or whether financial assistance is "
    "available. You may also start a dispute resolution process with the U.S. Department of "
    "Health and Human Services (HHS) within 120 calendar days (about 4 months) of the date on the "
    "original bill. There is a $25 fee to use the dispute process.",
    "To learn more and get a form to start the process, go to www.cms.gov/nosurprises or call "
    "1-800-985-3059.",
    "Keep a copy of this Good Faith Estimate: you may need it if you are billed a higher amount. "
    "It is not a contract and does not require you to obtain the items or services from any of "
    "the providers or facilities listed.",
};

/// For an insured patient with something at risk: why it is not billed to them.
constexpr char const* insured_at_risk =
    "A service the plan is expected not to pay (it needs a prior authorization the plan has not "
    "given, it is past a limit, not covered, or still to be checked) is not billed to you: in "
    "network the provider writes it off, unless you sign a waiver agreeing to pay it.";

/// What an insured patient's estimate means.
constexpr char const* insured_decides =
    "Your health plan decides what it covers and pays when it processes the claims; its decision "
    "can differ from this estimate. The amounts can change if the services change, if other "
    "claims reach your plan first (they use up your deductible and out-of-pocket amounts), or if "
    "a prior authorization is not approved.";

/// What an insured patient can do.
constexpr char const* insured_appeal =
    "If your plan denies a service, you can ask it to reconsider (an appeal); its notice of the "
    "decision tells you how. Ask us if you have questions about this estimate.";

constexpr char const* nothing_needed =
    "Nothing is needed before the services: no prior authorization to request, and no service "
    "found not covered.";

/// How a line's outcome reads to a patient, in enum order.
constexpr char const* outcome_words[] = {
    "self-pay: the clinic's price",
    "covered",
    "covered: prior authorization on file",
    "needs a prior authorization",
    "to be checked before it can be priced",
    "past the plan's limit: not covered",
    "needs an earlier service first: not covered",
    "needs other drugs tried first: not covered",
    "not covered for this diagnosis",
    "not covered out of network",
    "not covered",
};
static_assert(sizeof outcome_words / sizeof outcome_words[0] == static_cast<std::size_t>(Outcome::not_covered) + 1);

}  // namespace words

// ---- small pieces -----------------------------------------------------------------------------

std::string esc(std::string const& text) { return html_escape(text); }
std::string money(Money m) { return esc(format_money(m)); }

std::string outcome_words(Outcome outcome) {
    auto const i = static_cast<std::size_t>(outcome);
    return i < std::size(words::outcome_words) ? words::outcome_words[i] : to_string(outcome);
}

/// "1", "1 and 2", "1, 2 and 3".
std::string and_list(std::vector<std::string> const& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0) out += i + 1 == items.size() ? " and " : ", ";
        out += items[i];
    }
    return out;
}

/// "line 3" or "lines 3 and 4", escaped.
std::string lines_text(std::vector<std::string> const& ids) {
    std::vector<std::string> escaped;
    for (std::string const& id : ids) escaped.push_back(esc(id));
    return (ids.size() == 1 ? "line " : "lines ") + and_list(escaped);
}

/// What a line is, for people: its benefit, or its code when no rule names it.
std::string service_of(LineResult const& r) {
    return r.benefit.empty() ? report::code_label(r.line) : r.benefit;
}

/// A line's units; a drug's quantity and days' supply.
std::string units_of(ServiceLine const& line) {
    if (line.drug.empty() || line.quantity == 0) return format_count(line.units);
    std::string out = format_count(line.quantity);
    if (line.days_supply > 0) out += " (" + format_count(line.days_supply) + " days)";
    return out;
}

std::string row(std::string const& label, std::string const& html) {
    return "<tr><th scope=\"row\">" + label + "</th><td>" + html + "</td></tr>\n";
}

std::string row_num(std::string const& label, std::string const& html, char const* cls = "") {
    return std::string("<tr") + (*cls != '\0' ? std::string(" class=\"") + cls + "\"" : std::string()) +
           "><th scope=\"row\">" + label + "</th><td class=\"num\">" + html + "</td></tr>\n";
}

// ---- the sections -----------------------------------------------------------------------------

void header(std::string& out, Estimate const& e) {
    Evaluation const& ev = e.evaluation;
    out += "<header>\n";
    if (!e.clinic_note.empty()) out += "<div class=\"clinic-note\">" + esc(e.clinic_note) + "</div>\n";
    out += std::string("<h1>") + (e.self_pay ? words::gfe_title : words::insured_title) + "</h1>\n";
    out += "<p class=\"meta\">Estimate made on <b>" + esc(e.date.iso()) + "</b>";
    if (!ev.lines.empty()) {
        Date const first = ev.lines.front().line.date;
        Date const last = ev.lines.back().line.date;
        out += first == last ? " for services planned on " + esc(first.iso())
                             : " for services planned from " + esc(first.iso()) + " to " + esc(last.iso());
    }
    out += ". Rules " + esc(ev.plan_id) + ", SHA-256 <code>" + esc(short_digest(e.rules.sha256)) + "</code>.</p>\n";
    out += std::string("<p class=\"disclaimer\">") + words::not_a_bill + "</p>\n";
    out += "</header>\n";
}

void parties(std::string& out, Estimate const& e) {
    Evaluation const& ev = e.evaluation;
    out += "<section class=\"parties\">\n<table class=\"facts\">\n<tbody>\n";
    std::string patient;
    if (!e.patient.member_id.empty()) {
        patient += (e.self_pay ? "Patient ID " : "Member ID ") + std::string("<b>") + esc(e.patient.member_id) + "</b>";
    }
    if (e.patient.birth_date) {
        patient += (patient.empty() ? "" : "; ") + std::string("date of birth <b>") + esc(e.patient.birth_date->iso()) + "</b>";
    }
    out += row("Patient", patient.empty() ? "(not given)" : patient);
    out += row(e.self_pay ? "Reference" : "Plan of care", esc(ev.treatment_id));
    if (e.self_pay) {
        out += row("Insurance", "None used: you pay the provider directly (self-pay)");
        std::string prices = esc(ev.plan_name.empty() ? ev.plan_id : ev.plan_name);
        out += row("Prices from", prices);
    } else {
        std::string plan = esc(ev.plan_name.empty() ? ev.plan_id : ev.plan_name);
        if (!ev.plan_name.empty()) plan += " (" + esc(ev.plan_id) + ")";
        if (!e.payer.empty()) plan += "<br>" + esc(e.payer);
        out += row("Health plan", plan);
        std::vector<std::string> out_of_network;
        for (LineResult const& r : ev.lines) {
            if (!r.line.in_network) out_of_network.push_back(r.line.id);
        }
        std::string network;
        if (ev.lines.empty()) network = "(no services)";
        else if (out_of_network.empty()) network = "Every service is in network.";
        else if (out_of_network.size() == ev.lines.size()) network = "<b>Every service is out of network.</b>";
        else network = "<b>Out of network: " + lines_text(out_of_network) + ".</b> The others are in network.";
        out += row("Network", network);
    }
    if (e.provider) {
        std::string provider = esc(e.provider->name);
        if (!e.provider->npi.empty()) provider += (provider.empty() ? "" : ", ") + std::string("NPI ") + esc(e.provider->npi);
        out += row("Provider", provider.empty() ? "(not given)" : provider);
    }
    out += "</tbody>\n</table>\n</section>\n";
}

void services(std::string& out, Estimate const& e) {
    Evaluation const& ev = e.evaluation;
    bool const plan_columns = !e.self_pay;
    int const columns = plan_columns ? 10 : 8;
    out += "<section class=\"services\">\n<h2>Services</h2>\n";
    if (ev.lines.empty()) {
        out += "<p>No services.</p>\n</section>\n";
        return;
    }
    out += "<table class=\"services\">\n<thead><tr><th scope=\"col\">Line</th><th scope=\"col\">Date</th>"
           "<th scope=\"col\">Service</th><th scope=\"col\">Code</th><th scope=\"col\" class=\"num\">Units</th>"
           "<th scope=\"col\">Diagnoses</th><th scope=\"col\" class=\"num\">Charge</th>";
    if (plan_columns) out += "<th scope=\"col\" class=\"num\">Allowed</th><th scope=\"col\" class=\"num\">Plan pays</th>";
    out += std::string("<th scope=\"col\" class=\"num\">") + (e.self_pay ? "You pay" : "You owe") + "</th></tr></thead>\n<tbody>\n";
    for (LineResult const& r : ev.lines) {
        ServiceLine const& l = r.line;
        LineCost const& c = r.cost;
        std::string service = esc(service_of(r));
        if (!e.self_pay) {
            service += "<br><small>" + esc(outcome_words(r.outcome)) + (l.in_network ? "" : "; out of network") + "</small>";
        }
        std::vector<std::string> diagnoses;
        for (std::string const& d : l.diagnoses.empty() ? e.diagnoses : l.diagnoses) diagnoses.push_back(esc(d));
        std::string dx;
        for (std::size_t i = 0; i < diagnoses.size(); ++i) dx += (i == 0 ? "" : " ") + diagnoses[i];
        out += "<tr class=\"line\"><td>" + esc(l.id) + "</td><td class=\"nowrap\">" + esc(l.date.iso()) + "</td><td>" +
               service + "</td><td class=\"nowrap\"><code>" + esc(report::code_label(l)) + "</code></td><td class=\"num\">" +
               esc(units_of(l)) + "</td><td>" + dx + "</td><td class=\"num\">" + money(c.billed) + "</td>";
        if (plan_columns) out += "<td class=\"num\">" + money(c.allowed) + "</td><td class=\"num\">" + money(c.plan) + "</td>";
        out += "<td class=\"num owe\">" + money(c.patient) + "</td></tr>\n";
        if (c.at_risk != Money{}) {
            out += "<tr class=\"line-note\"><td></td><td colspan=\"" + std::to_string(columns - 1) + "\">" +
                   money(c.at_risk) + " " + words::at_risk + ".</td></tr>\n";
        }
        if (c.balance_billing != Money{}) {
            out += "<tr class=\"line-note\"><td></td><td colspan=\"" + std::to_string(columns - 1) + "\">" +
                   money(c.balance_billing) + ": " + words::balance_billing_line + ".</td></tr>\n";
        }
    }
    Totals const& t = ev.totals;
    out += "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"6\">Total</th><td class=\"num\">" + money(t.billed) + "</td>";
    if (plan_columns) out += "<td class=\"num\">" + money(t.allowed) + "</td><td class=\"num\">" + money(t.plan) + "</td>";
    out += "<td class=\"num owe\">" + money(t.patient) + "</td></tr></tfoot>\n</table>\n</section>\n";
}

/// One notice about a line: what it is, why, and what would help.
std::string line_notice(LineResult const& r, Finding const& f) {
    std::string out = "<li><b>Line " + esc(r.line.id) + "</b>, " + esc(service_of(r)) + " (<code>" +
                      esc(report::code_label(r.line)) + "</code>, " + esc(r.line.date.iso()) + "): " + esc(f.reason);
    if (!f.fix.empty()) out += ". <i>What would help:</i> " + esc(f.fix);
    return out + ".</li>\n";
}

/// The prior authorizations `pas` under `title`, each with `what` is to be done, and what else
/// would help where a line's finding says more than "file one" (request more units, follow up).
void pa_list(std::string& out, char const* title, char const* what, std::vector<PaToFile> const& pas,
             std::vector<LineResult> const& lines) {
    if (pas.empty()) return;
    out += std::string("<h3>") + title + "</h3>\n<ul>\n";
    for (PaToFile const& p : pas) {
        out += "<li><code>" + esc(p.code) + "</code>";
        if (!p.benefit.empty()) out += ", " + esc(p.benefit);
        out += ", for " + lines_text(p.lines) + ": " + what;
        std::vector<std::string> fixes;
        for (LineResult const& r : lines) {
            if (std::find(p.lines.begin(), p.lines.end(), r.line.id) == p.lines.end()) continue;
            for (Finding const& f : r.findings) {
                if (f.outcome != Outcome::needs_pa || f.kind == "pa-required" || f.fix.empty()) continue;
                if (std::find(fixes.begin(), fixes.end(), f.fix) == fixes.end()) fixes.push_back(f.fix);
            }
        }
        for (std::string const& fix : fixes) out += " <i>What would help:</i> " + esc(fix) + ".";
        if (!p.documentation.empty()) out += " The documentation to send is listed below.";
        out += "</li>\n";
    }
    out += "</ul>\n";
}

void notices(std::string& out, Estimate const& e) {
    Evaluation const& ev = e.evaluation;
    std::string step;
    std::string documents;
    std::string refused;
    std::string review;
    for (LineResult const& r : ev.lines) {
        for (Finding const& f : r.findings) {
            if (f.kind == "step-therapy") step += line_notice(r, f);
            else if (f.kind.find("document") != std::string::npos) documents += line_notice(r, f);
            else if (is_denial(f.outcome)) refused += line_notice(r, f);
            else if (f.outcome == Outcome::needs_review) review += line_notice(r, f);
        }
    }
    // What the prior authorization requests need sent with them.
    std::string to_send;
    for (auto const* pas : {&ev.pas_to_file, &ev.pas_to_follow_up}) {
        for (PaToFile const& p : *pas) {
            for (std::string const& d : p.documentation) {
                to_send += "<li>" + esc(d) + ": to send with the prior authorization request for <code>" + esc(p.code) +
                           "</code> (" + lines_text(p.lines) + ").</li>\n";
            }
        }
    }

    out += "<section class=\"notices\">\n<h2>What is still needed</h2>\n";
    bool const none = ev.pas_to_file.empty() && ev.pas_to_follow_up.empty() && step.empty() && documents.empty() &&
                      to_send.empty() && refused.empty() && review.empty();
    if (none) out += std::string("<p>") + words::nothing_needed + "</p>\n";
    pa_list(out, "Prior authorizations still needed",
            "the provider asks your plan to approve it before the service.", ev.pas_to_file, ev.lines);
    pa_list(out, "Prior authorizations to follow up",
            "already requested and waiting for the plan's decision.", ev.pas_to_follow_up, ev.lines);
    if (!step.empty()) out += "<h3>Step therapy</h3>\n<ul>\n" + step + "</ul>\n";
    if (!documents.empty() || !to_send.empty()) {
        out += "<h3>Documentation still needed</h3>\n<ul>\n";
        out += to_send + documents + "</ul>\n";
    }
    if (!refused.empty()) out += "<h3>Services not covered, and why</h3>\n<ul>\n" + refused + "</ul>\n";
    if (!review.empty()) out += "<h3>Services still to be checked</h3>\n<ul>\n" + review + "</ul>\n";
    out += "</section>\n";
}

/// What is left of the deductible and out-of-pocket maximum after the services: the last
/// in-network line's, or the last line's when every line is out of network.
std::optional<Money> left_after(Evaluation const& ev, std::optional<Money> LineCost::*field) {
    for (auto it = ev.lines.rbegin(); it != ev.lines.rend(); ++it) {
        if (it->line.in_network) return it->cost.*field;
    }
    if (!ev.lines.empty()) return ev.lines.back().cost.*field;
    return std::nullopt;
}

void accumulators(std::string& out, Estimate const& e) {
    if (e.self_pay) return;
    Evaluation const& ev = e.evaluation;
    std::optional<Money> const deductible_left = left_after(ev, &LineCost::deductible_left);
    std::optional<Money> const oop_left = left_after(ev, &LineCost::out_of_pocket_left);
    out += "<section class=\"accumulators\">\n<h2>Deductible and out-of-pocket maximum (in network)</h2>\n";
    out += "<table class=\"accumulators\">\n<thead><tr><th scope=\"col\"></th><th scope=\"col\" class=\"num\">Plan amount</th>"
           "<th scope=\"col\" class=\"num\">Met before these services</th><th scope=\"col\" class=\"num\">Met after</th>"
           "<th scope=\"col\" class=\"num\">Remaining after</th></tr></thead>\n<tbody>\n";
    auto line = [&](char const* label, std::optional<Money> amount, Money before, Money after, std::optional<Money> left) {
        out += std::string("<tr><th scope=\"row\">") + label + "</th><td class=\"num\">" +
               (amount ? money(*amount) : std::string("none stated")) + "</td><td class=\"num\">" + money(before) +
               "</td><td class=\"num\">" + money(after) + "</td><td class=\"num\">" +
               (left ? money(*left) : std::string("&ndash;")) + "</td></tr>\n";
    };
    line("Deductible", e.deductible, e.met_before.deductible, ev.met_after.deductible, deductible_left);
    line("Out-of-pocket maximum", e.out_of_pocket_max, e.met_before.out_of_pocket, ev.met_after.out_of_pocket, oop_left);
    out += "</tbody>\n</table>\n</section>\n";
}

void totals(std::string& out, Estimate const& e) {
    Totals const& t = e.evaluation.totals;
    out += "<section class=\"totals\">\n<h2>Totals</h2>\n<table class=\"facts totals\">\n<tbody>\n";
    out += row_num("Charges", money(t.billed));
    if (e.self_pay) {
        out += row_num("<b>You are expected to pay</b>", "<b>" + money(t.patient) + "</b>", "owe");
    } else {
        out += row_num("Allowed by the plan", money(t.allowed));
        out += row_num("Plan is expected to pay (plan estimate)", money(t.plan));
        out += row_num("<b>You are expected to owe</b>", "<b>" + money(t.patient) + "</b>", "owe");
    }
    if (t.at_risk != Money{}) out += row_num(words::at_risk_total, money(t.at_risk));
    if (t.balance_billing != Money{}) out += row_num(words::balance_billing_total, money(t.balance_billing));
    out += "</tbody>\n</table>\n</section>\n";
}

void rights(std::string& out, Estimate const& e) {
    out += "<section class=\"rights\">\n<h2>";
    out += e.self_pay ? "Your rights with a Good Faith Estimate" : "What this estimate means";
    out += "</h2>\n";
    out += std::string("<p><b>") + words::not_a_bill + "</b></p>\n";
    if (e.self_pay) {
        for (char const* p : words::gfe_rights) out += std::string("<p>") + p + "</p>\n";
    } else {
        out += std::string("<p>") + words::insured_decides + "</p>\n";
        if (e.evaluation.totals.at_risk != Money{}) out += std::string("<p>") + words::insured_at_risk + "</p>\n";
        out += std::string("<p>") + words::insured_appeal + "</p>\n";
    }
    out += "</section>\n";
}

void about(std::string& out, Estimate const& e) {
    Evaluation const& ev = e.evaluation;
    out += "<footer class=\"about\">\n<h2>About this estimate</h2>\n<table class=\"facts\">\n<tbody>\n";
    out += row("Date of the estimate", esc(e.date.iso()));
    std::string version = "<code>" + esc(ev.plan_id) + "</code>";
    if (!ev.plan_name.empty()) version += " &ldquo;" + esc(ev.plan_name) + "&rdquo;";
    out += row("Rules version", version);
    out += row("Rules SHA-256", "<code class=\"digest\">" + esc(e.rules.sha256) + "</code>");
    std::string files;
    for (RulesFileDigest const& f : e.rules.files) {
        files += "<code>" + esc(f.path) + "</code> <code class=\"digest\">" + esc(f.sha256) + "</code><br>";
    }
    if (!files.empty()) out += row("Rules files", "<small>" + files + "</small>");
    out += "</tbody>\n</table>\n<p><small>Made by covercheck from the coverage rules above. Money in US dollars. "
           "The rules SHA-256 is that of the files' SHA-256 digests, one per line, in the order listed.</small></p>\n"
           "</footer>\n";
}

}  // namespace

Estimate make_estimate(TreatmentPlan const& plan, Evaluation evaluation, PlanHeader const& header,
                       RulesFingerprint rules, Date date) {
    Estimate e;
    e.evaluation = std::move(evaluation);
    e.patient = plan.patient;
    e.provider = plan.provider;
    e.diagnoses = plan.diagnoses;
    e.self_pay = plan.self_pay;
    e.met_before = plan.met;
    e.payer = header.payer;
    e.deductible = header.deductible.in_network.individual;
    e.out_of_pocket_max = header.out_of_pocket_max.in_network.individual;
    e.rules = std::move(rules);
    e.date = date;
    return e;
}

std::string render_estimate_fragment(Estimate const& e) {
    std::string out = std::string("<article class=\"estimate") + (e.self_pay ? " self-pay" : "") + "\">\n";
    header(out, e);
    parties(out, e);
    services(out, e);
    notices(out, e);
    accumulators(out, e);
    totals(out, e);
    rights(out, e);
    about(out, e);
    out += "</article>\n";
    return out;
}

std::string estimate_html_style() {
    return R"(
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1a1a1a; background: #fff; margin: 24px auto; padding: 0 24px; max-width: 60rem; }
article.estimate + article.estimate { margin-top: 3em; border-top: 3px double #888; padding-top: 1em; }
h1 { font-size: 1.7em; margin: .2em 0 .1em; }
h2 { font-size: 1.15em; margin: 1.4em 0 .4em; padding-bottom: .15em; border-bottom: 2px solid #ccc; }
h3 { font-size: 1em; margin: 1em 0 .3em; }
p.meta { color: #444; margin: .2em 0; }
p.disclaimer { font-weight: 600; margin: .4em 0 1em; }
.clinic-note { white-space: pre-line; border-bottom: 1px solid #ccc; padding-bottom: .5em; margin-bottom: .5em; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 .8em; }
th, td { padding: .3em .5em; border-bottom: 1px solid #ddd; vertical-align: top; text-align: left; }
thead th { border-bottom: 2px solid #888; background: #f4f4f4; }
tfoot th, tfoot td { border-top: 2px solid #888; font-weight: 600; }
table.facts th { font-weight: 600; width: 14em; }
table.totals { width: auto; min-width: 60%; }
table.totals th { width: auto; font-weight: normal; }
tr.owe th, tr.owe td, td.owe { font-weight: 700; }
tr.line-note td { border-bottom: 1px solid #ddd; color: #444; font-size: .92em; padding-top: 0; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }
small { color: #555; }
code { font: .92em ui-monospace, "SFMono-Regular", Consolas, monospace; }
code.digest { word-break: break-all; }
section.rights p { margin: .4em 0; }
footer.about { margin-top: 1.5em; color: #444; font-size: .9em; }
@media print {
  body { font-size: 9.5pt; margin: 0; padding: 0; max-width: none; }
  article.estimate + article.estimate { break-before: page; page-break-before: always;
                                        margin-top: 0; border-top: none; padding-top: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead th { background: none; }
  section.totals, section.accumulators, footer.about { break-inside: avoid; page-break-inside: avoid; }
}
@page { margin: 14mm; }
)";
}

std::string render_estimates_html(std::vector<Estimate> const& estimates) {
    bool const one = estimates.size() == 1;
    char const* title = words::several_title;
    if (one) title = estimates.front().self_pay ? words::gfe_title : words::insured_title;
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    out += title;
    out += "</title>\n<style>";
    out += estimate_html_style();
    out += "</style>\n</head>\n<body>\n";
    for (Estimate const& e : estimates) out += render_estimate_fragment(e);
    if (estimates.empty()) out += "<p>No estimate: no treatment plan could be checked.</p>\n";
    out += "</body>\n</html>\n";
    return out;
}

std::string render_estimate_html(Estimate const& estimate) {
    return render_estimates_html(std::vector<Estimate>{estimate});
}

}  // namespace covercheck
