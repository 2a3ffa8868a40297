// FHIR R4 Claim to TreatmentPlan. Only the elements in the mapping table of
// samples/claims/README.md are read; FHIR defines hundreds more, which are ignored without a
// word (a FHIR document is not checked against the FHIR schema here).

#include "xml/fhir_claim.hpp"

#include <algorithm>
#include <limits>
#include <set>
#include <tuple>
#include <utility>

namespace covercheck::xml::fhir {
namespace {

constexpr std::string_view rxnorm_system = "http://www.nlm.nih.gov/research/umls/rxnorm";
constexpr std::string_view ndc_system = "http://hl7.org/fhir/sid/ndc";
constexpr std::int64_t max_count = 1'000'000;
constexpr std::int64_t max_days_supply = 3650;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string trimmed(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return std::string(text);
}

/// The `value` attribute of `node`, trimmed ("" when absent).
std::string value_of(pugi::xml_node node) { return trimmed(node.attribute("value").value()); }

/// The `value` attribute of the child `name` of `node`.
std::string child_value(pugi::xml_node node, char const* name) { return value_of(node.child(name)); }

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The codes of a CodeableConcept's codings, with their systems.
std::vector<std::pair<std::string, std::string>> codings(pugi::xml_node concept) {
    std::vector<std::pair<std::string, std::string>> out;
    for (pugi::xml_node coding : concept.children("coding")) {
        std::string code = child_value(coding, "code");
        if (!code.empty()) out.emplace_back(child_value(coding, "system"), std::move(code));
    }
    return out;
}

/// The first code of a CodeableConcept ("" if none).
std::string first_code(pugi::xml_node concept) {
    auto const all = codings(concept);
    return all.empty() ? std::string() : all.front().second;
}

bool is_drug_system(std::string const& system) { return system == rxnorm_system || system == ndc_system; }

/// A FHIR date or dateTime to a Date: the date part of a dateTime is taken. `partial` is set for
/// a valid partial date ("2014", "2014-08"), which gives no Date.
std::optional<Date> fhir_date(std::string const& text, bool& partial) {
    partial = false;
    std::string_view day = text;
    if (day.size() > 10 && day[10] == 'T') day = day.substr(0, 10);
    if (auto d = Date::parse(day)) return d;
    partial = (text.size() == 4 && all_digits(text)) ||
              (text.size() == 7 && all_digits(text.substr(0, 4)) && text[4] == '-' && all_digits(text.substr(5)));
    return std::nullopt;
}

Ref read_ref(pugi::xml_node node, Reader& r) {
    Ref ref;
    if (!node) return ref;
    ref.present = true;
    ref.where = r.where(node);
    ref.reference = child_value(node, "reference");
    ref.identifier = child_value(node.child("identifier"), "value");
    return ref;
}

/// The last path segment of a reference: "Patient/1" -> "1", "#p1" -> "p1".
std::string last_segment(std::string const& reference) {
    std::string r = reference;
    while (!r.empty() && r.back() == '/') r.pop_back();
    std::size_t const cut = r.find_last_of("/#:");
    return cut == std::string::npos ? r : r.substr(cut + 1);
}

/// Reads the items of a Claim into lines; the claim-level facts they need are passed in.
class ClaimItems {
public:
    ClaimItems(Reader& r, TreatmentPlan& plan) : r_(r), plan_(plan) {}

    std::string billable_start;
    pugi::xml_node billable_node;
    std::map<std::int64_t, std::string> diagnosis_codes;    ///< by sequence ("" = no code)
    std::map<std::int64_t, std::int32_t> days_supply;       ///< supportingInfo sequence -> days
    std::string pre_auth;

    void item(pugi::xml_node node) {
        ServiceLine line;
        line.where = r_.where(node);
        // sequence -> line id
        pugi::xml_node const sequence = node.child("sequence");
        if (auto n = whole_number(sequence, "sequence", 1, std::numeric_limits<std::int32_t>::max(), true)) {
            line.id = std::to_string(*n);
            if (!ids_.insert(line.id).second) {
                r_.sink().error("CX-BAD-VALUE", value_where(sequence), "item " + line.id + " appears twice",
                                "give every item its own sequence");
            }
        } else if (!sequence) {
            r_.sink().error("CX-MISSING", line.where, "an item needs a <sequence>", "");
        }
        std::string const name = line.id.empty() ? std::string("an item") : "item " + line.id;

        // productOrService -> code or drug
        pugi::xml_node const product = node.child("productOrService");
        for (auto const& [system, code] : codings(product)) {
            if (is_drug_system(system)) {
                if (line.drug.empty()) line.drug = code;
            } else if (line.code.empty()) {
                line.code = code;
            }
        }
        if (line.code.empty() && line.drug.empty()) {
            r_.sink().error("CX-MISSING", product ? r_.where(product) : line.where,
                            name + " needs a productOrService coding with a code",
                            "e.g. <productOrService><coding><code value=\"97110\"/></coding></productOrService>");
        }
        bool const is_drug = !line.drug.empty();

        for (pugi::xml_node modifier : node.children("modifier")) {
            for (auto& coding : codings(modifier)) line.modifiers.push_back(std::move(coding.second));
        }

        // quantity -> units (a drug's quantity)
        pugi::xml_node const quantity_node = node.child("quantity");
        std::optional<Decimal> quantity;
        std::int64_t count = 1;
        if (quantity_node) {
            pugi::xml_node const value = quantity_node.child("value");
            quantity = decimal(value, "quantity");
            if (quantity) {
                if (auto n = whole_in_range(*quantity, value, "quantity", 1, max_count)) count = *n;
            }
        }
        if (is_drug) {
            line.quantity = count;
            line.units = 1;
        } else {
            line.units = count;
        }

        // date
        pugi::xml_node date_node = node.child("servicedDate");
        if (!date_node) date_node = node.child("servicedPeriod").child("start");
        if (!date_node && !billable_start.empty()) date_node = billable_node;
        if (date_node) {
            line.date = date(date_node, "service date").value_or(Date{});
        } else {
            r_.sink().error("CX-MISSING", line.where,
                            name + " needs a servicedDate (or servicedPeriod, or the claim's billablePeriod)");
        }

        // place of service
        std::string const place = first_code(node.child("locationCodeableConcept"));
        if (all_digits(place) && place.size() <= 2 && place != "0" && place != "00") {
            line.place_of_service = std::stoi(place);
        }

        // charge: net, else unitPrice x quantity x factor
        if (pugi::xml_node const net = node.child("net")) {
            if (auto cents = money(net, name + " net")) line.billed = Money{*cents};
        } else if (pugi::xml_node const unit_price = node.child("unitPrice")) {
            std::optional<Decimal> amount = amount_of(unit_price, name + " unitPrice");
            if (amount && quantity) amount = multiply(*amount, *quantity);
            if (amount && node.child("factor")) {
                std::optional<Decimal> const factor = decimal(node.child("factor"), "factor");
                amount = factor ? multiply(*amount, *factor) : std::nullopt;
            }
            if (amount) {
                std::optional<std::int64_t> const cents = to_cents(*amount);
                if (cents && *cents >= 0 && *cents <= max_money.cents) {
                    line.billed = Money{*cents};
                } else {
                    r_.sink().error("CX-BAD-MONEY", r_.where(unit_price),
                                    name + ": unitPrice x quantity x factor is not a whole number of cents from $0 to "
                                           "$10,000,000,000.00",
                                    "give the item's net amount");
                }
            }
        } else {
            r_.sink().error("CX-MISSING", line.where, name + " needs a net amount (or a unitPrice)", "");
        }

        // diagnoses linked by sequence
        for (pugi::xml_node link : node.children("diagnosisSequence")) {
            auto const n = whole_number(link, "diagnosisSequence", 1, std::numeric_limits<std::int32_t>::max(), false);
            if (!n) continue;
            auto const it = diagnosis_codes.find(*n);
            if (it == diagnosis_codes.end()) {
                r_.sink().error("CL-BAD-REFERENCE", value_where(link),
                                name + " links diagnosis " + std::to_string(*n) + ", which the claim does not have",
                                "link a diagnosis sequence listed under <diagnosis>");
            } else if (!it->second.empty()) {
                line.diagnoses.push_back(it->second);
            }
        }
        // days' supply from linked supporting information
        for (pugi::xml_node link : node.children("informationSequence")) {
            std::string const v = value_of(link);
            if (!all_digits(v) || v.size() > 9) continue;
            auto const it = days_supply.find(std::stoll(v));
            if (it != days_supply.end()) line.days_supply = it->second;
        }
        line.authorization = pre_auth;
        plan_.lines.push_back(std::move(line));
    }

    /// Where a value-holding element's `value` attribute is (the element when it has none).
    SourceLocation value_where(pugi::xml_node node) const { return r_.where(node, node.attribute("value")); }

    /// A whole number in the element's value attribute, reported as `what`.
    std::optional<std::int64_t> whole_number(pugi::xml_node node, char const* what, std::int64_t low, std::int64_t high,
                                             bool required) {
        if (!node) return std::nullopt;
        std::string const v = value_of(node);
        if (v.empty()) {
            if (required) r_.sink().error("CX-MISSING", r_.where(node), "<" + std::string(what) + "> needs a value");
            return std::nullopt;
        }
        std::optional<Decimal> const d = parse_decimal(v);
        if (!d || !to_whole(*d)) {
            r_.sink().error("CX-BAD-NUMBER", value_where(node),
                            "expected a whole number in <" + std::string(what) + ">, found " + quoted(v));
            return std::nullopt;
        }
        return whole_in_range(*d, node, what, low, high);
    }

    std::optional<std::int64_t> whole_in_range(Decimal d, pugi::xml_node node, char const* what, std::int64_t low,
                                               std::int64_t high) {
        std::optional<std::int64_t> const n = to_whole(d);
        if (!n) {
            r_.sink().error("CX-BAD-NUMBER", value_where(node),
                            "expected a whole number in <" + std::string(what) + ">, found " + quoted(value_of(node)));
            return std::nullopt;
        }
        if (*n < low || *n > high) {
            r_.sink().error("CX-BAD-VALUE", value_where(node),
                            "<" + std::string(what) + "> must be from " + std::to_string(low) + " to " +
                                std::to_string(high) + ", found " + quoted(value_of(node)));
            return std::nullopt;
        }
        return n;
    }

    std::optional<Decimal> decimal(pugi::xml_node node, char const* what) {
        std::string const v = value_of(node);
        if (v.empty()) {
            r_.sink().error("CX-MISSING", r_.where(node), "<" + std::string(what) + "> needs a value");
            return std::nullopt;
        }
        std::optional<Decimal> const d = parse_decimal(v);
        if (!d) {
            r_.sink().error("CX-BAD-NUMBER", value_where(node),
                            "expected a number in <" + std::string(what) + ">, found " + quoted(v));
        }
        return d;
    }

    /// A Money element's value as a decimal, its currency checked (US dollars only).
    std::optional<Decimal> amount_of(pugi::xml_node money_node, std::string const& what) {
        pugi::xml_node const currency = money_node.child("currency");
        std::string const c = value_of(currency);
        if (!c.empty() && c != "USD") {
            r_.sink().error("CL-CURRENCY", value_where(currency),
                            what + " is in " + quoted(c) + "; covercheck counts US dollars (USD) only");
            return std::nullopt;
        }
        pugi::xml_node const value = money_node.child("value");
        if (!value) {
            r_.sink().error("CX-MISSING", r_.where(money_node), what + " needs a <value>");
            return std::nullopt;
        }
        std::optional<Decimal> const d = parse_decimal(value_of(value));
        if (!d) {
            r_.sink().error("CX-BAD-MONEY", value_where(value),
                            "expected an amount like 135.57 in " + what + ", found " + quoted(value_of(value)));
        }
        return d;
    }

    /// A Money element in whole cents, from $0 to the most covercheck counts.
    std::optional<std::int64_t> money(pugi::xml_node money_node, std::string const& what) {
        std::optional<Decimal> const d = amount_of(money_node, what);
        if (!d) return std::nullopt;
        std::optional<std::int64_t> const cents = to_cents(*d);
        if (!cents || *cents < 0 || *cents > max_money.cents) {
            r_.sink().error("CX-BAD-MONEY", value_where(money_node.child("value")),
                            what + " must be whole cents from $0 to $10,000,000,000.00, found " +
                                quoted(value_of(money_node.child("value"))));
            return std::nullopt;
        }
        return cents;
    }

    /// A date or dateTime in the element's value attribute.
    std::optional<Date> date(pugi::xml_node node, std::string const& what) {
        std::string const v = value_of(node);
        if (v.empty()) {
            r_.sink().error("CX-MISSING", r_.where(node),
                            "the " + what + " <" + std::string(node.name()) + "> needs a value");
            return std::nullopt;
        }
        bool partial = false;
        std::optional<Date> const d = fhir_date(v, partial);
        if (!d) {
            r_.sink().error("CX-BAD-DATE", value_where(node),
                            "expected a date like 2026-03-01 in <" + std::string(node.name()) + ">, found " + quoted(v),
                            partial ? "a service needs its day, not only its year or month" : "");
        }
        return d;
    }

private:
    Reader& r_;
    TreatmentPlan& plan_;
    std::set<std::string> ids_;
};

}  // namespace

// ---- resources ------------------------------------------------------------------------------

Kept read_patient(pugi::xml_node node, Reader& reader) {
    Kept k;
    k.type = "Patient";
    k.id = child_value(node, "id");
    k.where = reader.where(node);
    PatientFacts& p = k.patient;
    for (pugi::xml_node identifier : node.children("identifier")) {
        std::string value = child_value(identifier, "value");
        if (value.empty()) continue;
        auto const types = codings(identifier.child("type"));
        bool const member = std::any_of(types.begin(), types.end(), [](auto const& c) { return c.second == "MB"; });
        if (p.member_id.empty() || member) p.member_id = std::move(value);
        if (member) break;
    }
    pugi::xml_node const birth = node.child("birthDate");
    p.birth_date = value_of(birth);
    if (birth) p.birth_date_where = reader.where(birth, birth.attribute("value"));
    std::string const gender = child_value(node, "gender");
    p.sex = gender == "female" ? Sex::female : gender == "male" ? Sex::male : Sex::unknown;
    for (pugi::xml_node address : node.children("address")) {
        std::string const state = child_value(address, "state");
        if (state.size() == 2 && std::all_of(state.begin(), state.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
            p.state = state;
            break;
        }
    }
    return k;
}

Kept read_coverage(pugi::xml_node node, Reader& reader) {
    Kept k;
    k.type = "Coverage";
    k.id = child_value(node, "id");
    k.where = reader.where(node);
    for (pugi::xml_node c : node.children("class")) {
        auto const types = codings(c.child("type"));
        bool const is_plan = std::any_of(types.begin(), types.end(), [](auto const& t) { return t.second == "plan"; });
        std::string value = child_value(c, "value");
        if (is_plan && !value.empty()) {
            k.coverage.plan = std::move(value);
            break;
        }
    }
    return k;
}

// ---- the claim ------------------------------------------------------------------------------

ClaimDraft read_claim(pugi::xml_node claim, Document const& document, LineIndex const& lines,
                      std::string const& fallback_id) {
    ClaimDraft draft;
    Sink sink(draft.diagnostics);
    Reader r(document, lines, sink);
    TreatmentPlan& plan = draft.plan;
    plan.where = r.where(claim);

    plan.id = child_value(claim, "id");
    if (plan.id.empty()) plan.id = child_value(claim.child("identifier"), "value");
    // Claim.use: a preauthorization or predetermination proposes services; Claim.status: a
    // cancelled claim, or one entered in error, bills nothing.
    std::string const use = child_value(claim, "use");
    plan.proposed = use == "preauthorization" || use == "predetermination";
    std::string const status = child_value(claim, "status");
    if (status == "cancelled" || status == "entered-in-error") {
        sink.error("CL-NOT-SERVICES", r.where(claim.child("status")),
                   "the Claim's status is " + status + ": it bills nothing, so it is not checked", "");
    }
    if (plan.id.empty()) plan.id = fallback_id;
    if (plan.id.empty()) {
        sink.error("CX-MISSING", plan.where, "the Claim has no id and no identifier", "add <id value=\"...\"/>");
    }

    for (pugi::xml_node contained : claim.children("contained")) {
        pugi::xml_node const resource = contained.first_child();
        std::string const type = resource.name();
        if (type != "Patient" && type != "Coverage") continue;
        Kept k = type == "Patient" ? read_patient(resource, r) : read_coverage(resource, r);
        if (!k.id.empty()) draft.contained.emplace("#" + k.id, std::move(k));
    }

    draft.patient = read_ref(claim.child("patient"), r);
    if (!draft.patient.present) {
        sink.error("CX-MISSING", plan.where, "the Claim has no <patient>",
                   "add <patient><reference value=\"...\"/></patient>");
    }

    // The focal insurance, else the first.
    pugi::xml_node insurance;
    for (pugi::xml_node i : claim.children("insurance")) {
        if (!insurance) insurance = i;
        if (child_value(i, "focal") == "true") {
            insurance = i;
            break;
        }
    }
    draft.coverage = read_ref(insurance.child("coverage"), r);

    ClaimItems items(r, plan);
    items.pre_auth = child_value(insurance, "preAuthRef");
    items.billable_node = claim.child("billablePeriod").child("start");
    items.billable_start = value_of(items.billable_node);

    for (pugi::xml_node d : claim.children("diagnosis")) {
        pugi::xml_node const sequence = d.child("sequence");
        auto const n = items.whole_number(sequence, "sequence", 1, std::numeric_limits<std::int32_t>::max(), true);
        std::string const code = first_code(d.child("diagnosisCodeableConcept"));
        if (!sequence) sink.error("CX-MISSING", r.where(d), "a <diagnosis> needs a <sequence>");
        if (code.empty()) {
            sink.warning("CL-UNSUPPORTED", r.where(d),
                         "a diagnosis without a diagnosisCodeableConcept code (a diagnosisReference is not "
                         "followed); it is ignored",
                         "give the ICD-10-CM code in <diagnosisCodeableConcept>");
        } else {
            plan.diagnoses.push_back(code);
        }
        if (n && !items.diagnosis_codes.emplace(*n, code).second) {
            sink.error("CX-BAD-VALUE", items.value_where(sequence), "diagnosis " + std::to_string(*n) + " appears twice",
                       "give every diagnosis its own sequence");
        }
    }

    for (pugi::xml_node info : claim.children("supportingInfo")) {
        bool days = false;
        for (char const* concept : {"code", "category"}) {
            for (auto const& c : codings(info.child(concept))) days = days || c.second == "dayssupply";
        }
        if (!days) continue;
        std::string const seq = child_value(info, "sequence");
        std::optional<Decimal> const d = parse_decimal(child_value(info.child("valueQuantity"), "value"));
        std::optional<std::int64_t> const n = d ? to_whole(*d) : std::nullopt;
        if (all_digits(seq) && seq.size() <= 9 && n && *n >= 0 && *n <= max_days_supply) {
            items.days_supply[std::stoll(seq)] = static_cast<std::int32_t>(*n);
        }
    }

    for (pugi::xml_node item : claim.children("item")) items.item(item);

    // Insurance.preAuthRef is the payer's reference of an authorization the provider obtained:
    // it is on file for the claim's own services and dates (its units are not stated).
    if (!items.pre_auth.empty() && !plan.lines.empty()) {
        Authorization a;
        a.number = items.pre_auth;
        a.from = plan.lines.front().date;
        a.to = a.from;
        for (ServiceLine const& line : plan.lines) {
            a.from = std::min(a.from, line.date);
            a.to = std::max(a.to, line.date);
            for (std::string const* code : {&line.code, &line.drug}) {
                if (!code->empty() && std::find(a.codes.begin(), a.codes.end(), *code) == a.codes.end()) a.codes.push_back(*code);
            }
        }
        a.status = "A1";
        a.where = r.where(insurance.child("preAuthRef"));
        plan.authorizations.push_back(std::move(a));
    }
    sink.finish();
    return draft;
}

// ---- references -----------------------------------------------------------------------------

bool is_contained(std::string const& reference) { return !reference.empty() && reference.front() == '#'; }

std::vector<std::string> keys_of(std::string const& full_url, std::string const& type, std::string const& id) {
    std::vector<std::string> keys;
    if (!full_url.empty()) keys.push_back(full_url);
    if (!id.empty()) keys.push_back(type + "/" + id);
    return keys;
}

std::vector<std::string> lookup_keys(std::string const& reference) {
    std::vector<std::string> keys;
    if (reference.empty()) return keys;
    keys.push_back(reference);
    // ".../Patient/1" or ".../Patient/1/_history/2" -> "Patient/1"
    std::string r = reference;
    std::size_t const history = r.find("/_history/");
    if (history != std::string::npos) r.resize(history);
    std::size_t const last = r.rfind('/');
    if (last != std::string::npos && last > 0) {
        std::size_t const before = r.rfind('/', last - 1);
        std::string const tail = r.substr(before == std::string::npos ? 0 : before + 1);
        if (tail != reference) keys.push_back(tail);
    }
    return keys;
}

void resolve(ClaimDraft& draft, Kept* patient, Kept* coverage) {
    TreatmentPlan& plan = draft.plan;
    Patient& p = plan.patient;
    std::size_t const before = draft.diagnostics.size();
    if (patient != nullptr) {
        patient->used = true;
        PatientFacts const& facts = patient->patient;
        p.member_id = facts.member_id;
        p.sex = facts.sex;
        p.state = facts.state;
        if (!facts.birth_date.empty()) {
            bool partial = false;
            p.birth_date = fhir_date(facts.birth_date, partial);
            if (!p.birth_date && !partial) {
                // PATIENT DATA: the value is not quoted.
                draft.diagnostics.push_back({Severity::error, "CX-BAD-DATE", facts.birth_date_where,
                                             "expected a date like 2026-03-01 in the patient's <birthDate>",
                                             "write dates as year-month-day"});
            }
        }
    }
    if (p.member_id.empty()) p.member_id = draft.patient.identifier;
    if (p.member_id.empty()) p.member_id = last_segment(draft.patient.reference);
    if (p.member_id.empty() && draft.patient.present) {
        draft.diagnostics.push_back({Severity::error, "CX-MISSING", draft.patient.where,
                                     "the Claim's <patient> gives no member id (no identifier and no reference)",
                                     "give <identifier><value value=\"...\"/></identifier>"});
    }
    if (coverage != nullptr) {
        coverage->used = true;
        plan.plan_id = coverage->coverage.plan;
    }
    if (plan.plan_id.empty()) plan.plan_id = draft.coverage.identifier;
    if (draft.diagnostics.size() == before) return;
    std::stable_sort(draft.diagnostics.begin(), draft.diagnostics.end(), [](Diagnostic const& a, Diagnostic const& b) {
        return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
    });
}

// ---- decimals -------------------------------------------------------------------------------

std::optional<Decimal> parse_decimal(std::string_view text) {
    std::string const t = trimmed(text);
    std::string_view s = t;
    bool negative = false;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    Decimal d;
    bool any_digit = false;
    bool point = false;
    int significant = 0;
    while (!s.empty()) {
        char const c = s.front();
        if (c >= '0' && c <= '9') {
            any_digit = true;
            if (d.digits != 0 || c != '0') ++significant;
            if (significant > 18) return std::nullopt;
            d.digits = d.digits * 10 + (c - '0');
            if (point) ++d.scale;
        } else if (c == '.' && !point) {
            point = true;
        } else {
            break;
        }
        s.remove_prefix(1);
    }
    if (!any_digit) return std::nullopt;
    if (!s.empty()) {
        if (s.front() != 'e' && s.front() != 'E') return std::nullopt;
        s.remove_prefix(1);
        bool exp_negative = false;
        if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
            exp_negative = s.front() == '-';
            s.remove_prefix(1);
        }
        if (s.empty() || s.size() > 4 || !all_digits(s)) return std::nullopt;
        int const exponent = std::stoi(std::string(s));
        d.scale += exp_negative ? exponent : -exponent;
    }
    if (negative) d.digits = -d.digits;
    // Normalize: no trailing zeros in the digits while the scale allows; a whole number with a
    // negative scale is multiplied out when it fits.
    while (d.scale > 0 && d.digits % 10 == 0 && d.digits != 0) {
        d.digits /= 10;
        --d.scale;
    }
    if (d.digits == 0) d.scale = 0;
    while (d.scale < 0) {
        if (d.digits > std::numeric_limits<std::int64_t>::max() / 10 ||
            d.digits < std::numeric_limits<std::int64_t>::min() / 10) {
            return std::nullopt;
        }
        d.digits *= 10;
        ++d.scale;
    }
    if (d.scale > 36) return std::nullopt;
    return d;
}

std::optional<Decimal> multiply(Decimal a, Decimal b) {
    Decimal out;
    if (__builtin_mul_overflow(a.digits, b.digits, &out.digits)) return std::nullopt;
    out.scale = a.scale + b.scale;
    while (out.scale > 0 && out.digits % 10 == 0 && out.digits != 0) {
        out.digits /= 10;
        --out.scale;
    }
    if (out.digits == 0) out.scale = 0;
    return out;
}

std::optional<std::int64_t> to_cents(Decimal d) {
    if (d.scale > 2) return std::nullopt;   // normalized: a scale above 2 means fractions of a cent
    std::int64_t cents = d.digits;
    for (int i = d.scale; i < 2; ++i) {
        if (__builtin_mul_overflow(cents, std::int64_t{10}, &cents)) return std::nullopt;
    }
    return cents;
}

std::optional<std::int64_t> to_whole(Decimal d) {
    if (d.scale > 0) return std::nullopt;
    return d.digits;
}

}  // namespace covercheck::xml::fhir
