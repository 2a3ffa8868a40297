// The sections shared by treatment plans and native claims: XML elements and attributes to the
// TreatmentPlan model. Documented element by element in samples/README.md; keep the two in step.

#include "xml/elements.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <utility>

namespace covercheck::xml {
namespace {

/// Upper bound for visits, units and quantities: far above any real plan, far below overflow.
constexpr std::int64_t max_count = 1'000'000;
constexpr std::int64_t max_days_supply = 3650;

bool is_state_code(std::string const& s) {
    return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

bool listed(std::vector<char const*> const& names, std::string const& name) {
    return std::find_if(names.begin(), names.end(), [&](char const* n) { return name == n; }) != names.end();
}

}  // namespace

bool SectionReader::yes_no(pugi::xml_node node, char const* name) {
    std::optional<std::string> const value = r_.text(node, name, false);
    if (!value) return false;
    std::string const v = lower(*value);
    if (v == "yes" || v == "true") return true;
    if (v != "no" && v != "false") {
        r_.sink().error("CX-BAD-VALUE", r_.where(node, node.attribute(name)),
                        std::string("attribute '") + name + "' must be yes or no, found " + quoted(*value));
    }
    return false;
}

void SectionReader::read_root(pugi::xml_node root, std::vector<char const*> const& allowed, TreatmentPlan& plan) {
    std::string const root_name = root.name();
    plan.where = r_.where(root);
    r_.attributes(root, {"id", "plan", "self-pay"});
    r_.content(root, true);
    plan.id = r_.text(root, "id", true).value_or("");
    plan.plan_id = r_.text(root, "plan", true).value_or("");
    plan.self_pay = yes_no(root, "self-pay");
    std::set<std::string> seen;
    for (pugi::xml_node child : root.children()) {
        if (child.type() != pugi::node_element) continue;
        std::string const name = child.name();
        if (!listed(allowed, name)) {
            r_.unknown_element(child, allowed);
            continue;
        }
        if (!seen.insert(name).second) {
            r_.sink().error("CX-BAD-VALUE", r_.where(child),
                            "a second <" + name + "> element; <" + root_name + "> takes one",
                            "merge the two <" + name + "> elements into one");
        }
        if (name == "patient") patient(child, plan.patient);
        else if (name == "diagnoses") diagnoses(child, plan);
        else if (name == "benefit-period") benefit_period(child, plan);
        else if (name == "history") history(child, plan);
        else if (name == "authorizations") authorizations(child, plan);
        else services(child, plan);
    }
    if (seen.count("patient") == 0) {
        r_.sink().error("CX-MISSING", plan.where, "<" + root_name + "> needs a <patient> element",
                        "add <patient member-id=\"...\"/>");
    }
    if (seen.count("services") == 0) {
        r_.sink().error("CX-MISSING", plan.where, "<" + root_name + "> needs a <services> element",
                        "add <services> with the <service> and <drug> lines to check");
    }
}

template <typename Read>
void SectionReader::children(pugi::xml_node parent, std::vector<char const*> const& allowed, Read read) {
    for (pugi::xml_node child : parent.children()) {
        if (child.type() != pugi::node_element) continue;
        std::string const name = child.name();
        if (listed(allowed, name)) read(child, name);
        else r_.unknown_element(child, allowed);
    }
}

void SectionReader::patient(pugi::xml_node node, Patient& p) {
    r_.attributes(node, {"member-id", "birth-date", "sex", "state"});
    r_.content(node, false);
    p.member_id = r_.text(node, "member-id", true).value_or("");
    // PATIENT DATA: values of the patient's attributes are never quoted back in messages.
    p.birth_date = r_.date(node, "birth-date", false, /*quote=*/false);
    if (auto sex = r_.text(node, "sex", false)) {
        std::string const s = lower(*sex);
        if (s == "female" || s == "f") p.sex = Sex::female;
        else if (s == "male" || s == "m") p.sex = Sex::male;
        else if (s == "unknown" || s == "u") p.sex = Sex::unknown;
        else r_.sink().error("CX-BAD-VALUE", r_.where(node, node.attribute("sex")),
                             "attribute 'sex' must be female, male or unknown (or F, M, U)");
    }
    if (auto state = r_.text(node, "state", false)) {
        if (is_state_code(*state)) p.state = *state;
        else r_.sink().error("CX-BAD-VALUE", r_.where(node, node.attribute("state")),
                             "attribute 'state' must be a two-letter postal code in capitals, like IL");
    }
}

void SectionReader::diagnoses(pugi::xml_node node, TreatmentPlan& plan) {
    r_.attributes(node, {});
    r_.content(node, true);
    children(node, {"diagnosis"}, [&](pugi::xml_node d, std::string const&) {
        r_.attributes(d, {"code"});
        r_.content(d, false);
        if (auto code = r_.text(d, "code", true)) plan.diagnoses.push_back(*code);
    });
}

void SectionReader::benefit_period(pugi::xml_node node, TreatmentPlan& plan) {
    r_.attributes(node, {"deductible-met", "out-of-pocket-met"});
    r_.content(node, true);
    plan.met.deductible = r_.money(node, "deductible-met", false).value_or(Money{});
    plan.met.out_of_pocket = r_.money(node, "out-of-pocket-met", false).value_or(Money{});
    children(node, {"used"}, [&](pugi::xml_node u, std::string const&) {
        r_.attributes(u, {"benefit", "visits", "units", "days", "dollars"});
        r_.content(u, false);
        PriorUsage usage;
        usage.where = r_.where(u);
        usage.benefit = r_.text(u, "benefit", true).value_or("");
        usage.visits = r_.number(u, "visits", false, 0, max_count).value_or(0);
        usage.units = r_.number(u, "units", false, 0, max_count).value_or(0);
        usage.days = r_.number(u, "days", false, 0, max_count).value_or(0);
        usage.dollars = r_.money(u, "dollars", false).value_or(Money{});
        plan.prior_usage.push_back(std::move(usage));
    });
}

void SectionReader::history(pugi::xml_node node, TreatmentPlan& plan) {
    r_.attributes(node, {});
    r_.content(node, true);
    children(node, {"service", "fill"}, [&](pugi::xml_node child, std::string const& name) {
        r_.content(child, false);
        PastService s;
        s.where = r_.where(child);
        s.date = r_.date(child, "date", true).value_or(Date{});
        if (name == "service") {
            r_.attributes(child, {"date", "code", "units"});
            s.code = r_.text(child, "code", true).value_or("");
            s.units = r_.number(child, "units", false, 1, max_count).value_or(1);
        } else {
            r_.attributes(child, {"date", "drug", "quantity", "days-supply"});
            s.drug = r_.text(child, "drug", true).value_or("");
            s.units = r_.number(child, "quantity", false, 1, max_count).value_or(1);
            s.days_supply = static_cast<std::int32_t>(
                r_.number(child, "days-supply", false, 0, max_days_supply).value_or(0));
        }
        plan.history.push_back(std::move(s));
    });
}

void SectionReader::authorizations(pugi::xml_node node, TreatmentPlan& plan) {
    r_.attributes(node, {});
    r_.content(node, true);
    children(node, {"authorization"}, [&](pugi::xml_node a, std::string const&) { authorization(a, plan); });
}

void SectionReader::authorization(pugi::xml_node node, TreatmentPlan& plan) {
    r_.attributes(node, {"number", "codes", "units", "from", "to", "status"});
    r_.content(node, false);
    Authorization a;
    a.where = r_.where(node);
    a.number = r_.text(node, "number", true).value_or("");
    if (!a.number.empty() && !authorization_numbers_.insert(a.number).second) {
        r_.sink().error("CX-BAD-VALUE", r_.where(node, node.attribute("number")),
                        "authorization " + quoted(a.number) + " appears twice", "list each authorization once");
    }
    if (r_.text(node, "codes", true)) {
        a.codes = r_.list(node, "codes");
        if (a.codes.empty()) {
            r_.sink().error("CX-MISSING", r_.where(node, node.attribute("codes")),
                            "the attribute 'codes' of <authorization> lists no code");
        }
    }
    a.units = r_.number(node, "units", false, 0, max_count).value_or(0);
    std::optional<Date> const from = r_.date(node, "from", true);
    std::optional<Date> const to = r_.date(node, "to", true);
    if (from && to && *to < *from) {
        r_.sink().error("CX-BAD-VALUE", r_.where(node, node.attribute("to")),
                        "the authorization ends (" + to->iso() + ") before it starts (" + from->iso() + ")",
                        "swap 'from' and 'to'");
    }
    a.from = from.value_or(Date{});
    a.to = to.value_or(Date{});
    if (auto status = r_.text(node, "status", false)) {
        static std::array<std::pair<char const*, char const*>, 10> const statuses{{
            {"a1", "A1"}, {"a2", "A2"}, {"a3", "A3"}, {"a4", "A4"}, {"a6", "A6"},
            {"certified", "A1"}, {"partial", "A2"}, {"denied", "A3"}, {"pended", "A4"}, {"modified", "A6"}}};
        std::string const s = lower(*status);
        auto const it = std::find_if(statuses.begin(), statuses.end(), [&](auto const& st) { return s == st.first; });
        if (it != statuses.end()) {
            a.status = it->second;
        } else {
            r_.sink().error("CX-BAD-VALUE", r_.where(node, node.attribute("status")),
                            "attribute 'status' must be an X12 278 action code (A1, A2, A3, A4, A6) or one of "
                            "certified, partial, denied, pended, modified; found " + quoted(*status));
        }
    }
    plan.authorizations.push_back(std::move(a));
}

void SectionReader::services(pugi::xml_node node, TreatmentPlan& plan) {
    r_.attributes(node, {});
    r_.content(node, true);
    children(node, {"service", "drug"}, [&](pugi::xml_node child, std::string const& name) {
        r_.content(child, false);
        ServiceLine line;
        line.where = r_.where(child);
        if (name == "service") {
            r_.attributes(child, {"line", "date", "code", "modifiers", "units", "charge", "place", "network",
                                  "diagnoses", "authorization", "waiver"});
            line.code = r_.text(child, "code", true).value_or("");
            line.units = r_.number(child, "units", false, 1, max_count).value_or(1);
        } else {
            r_.attributes(child, {"line", "date", "drug", "code", "quantity", "days-supply", "modifiers", "charge",
                                  "place", "network", "diagnoses", "authorization", "waiver"});
            line.drug = r_.text(child, "drug", true).value_or("");
            line.code = r_.text(child, "code", false).value_or("");
            line.quantity = r_.number(child, "quantity", true, 1, max_count).value_or(0);
            line.days_supply = static_cast<std::int32_t>(
                r_.number(child, "days-supply", false, 0, max_days_supply).value_or(0));
            line.units = 1;
        }
        line.id = r_.text(child, "line", true).value_or("");
        if (!line.id.empty() && !line_ids_.insert(line.id).second) {
            r_.sink().error("CX-BAD-VALUE", r_.where(child, child.attribute("line")),
                            "line " + quoted(line.id) + " appears twice", "give every line its own number");
        }
        line.date = r_.date(child, "date", true).value_or(Date{});
        line.modifiers = r_.list(child, "modifiers");
        line.billed = r_.money(child, "charge", true).value_or(Money{});
        line.place_of_service = static_cast<int>(r_.number(child, "place", false, 1, 99).value_or(0));
        if (auto network = r_.text(child, "network", false)) {
            std::string const n = lower(*network);
            if (n == "in" || n == "out") {
                line.in_network = n == "in";
            } else {
                r_.sink().error("CX-BAD-VALUE", r_.where(child, child.attribute("network")),
                                "attribute 'network' must be in or out, found " + quoted(*network));
            }
        }
        line.diagnoses = r_.list(child, "diagnoses");
        line.authorization = r_.text(child, "authorization", false).value_or("");
        line.waiver_signed = yes_no(child, "waiver");
        plan.lines.push_back(std::move(line));
    });
}

}  // namespace covercheck::xml
