// The spill form: LEB128 numbers and length-prefixed strings, a record prefixed by its length.

#include "batch/codec.hpp"

#include <stdexcept>

namespace covercheck::batch {
namespace {

void put_signed(std::string& out, std::int64_t value) {
    // Zig-zag, so small negative numbers stay short.
    put_number(out, (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63));
}

std::int64_t get_signed(std::string_view& in) {
    std::uint64_t const v = get_number(in);
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

void put_location(std::string& out, SourceLocation const& where) {
    put_string(out, where.file);
    put_signed(out, where.line);
    put_signed(out, where.column);
}

SourceLocation get_location(std::string_view& in) {
    SourceLocation where;
    where.file = std::string(get_string(in));
    where.line = static_cast<int>(get_signed(in));
    where.column = static_cast<int>(get_signed(in));
    return where;
}

void put_strings(std::string& out, std::vector<std::string> const& items) {
    put_number(out, items.size());
    for (std::string const& s : items) put_string(out, s);
}

std::vector<std::string> get_strings(std::string_view& in) {
    std::uint64_t const n = get_number(in);
    if (n > in.size()) throw std::runtime_error("spill record: bad list length");
    std::vector<std::string> items;
    items.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) items.emplace_back(get_string(in));
    return items;
}

void put_date(std::string& out, Date date) { put_signed(out, date.days()); }
Date get_date(std::string_view& in) { return Date::from_days(static_cast<std::int32_t>(get_signed(in))); }

void put_money(std::string& out, Money money) { put_signed(out, money.cents); }
Money get_money(std::string_view& in) { return Money{get_signed(in)}; }

template <typename T, typename Put>
void put_list(std::string& out, std::vector<T> const& items, Put put) {
    put_number(out, items.size());
    for (T const& item : items) put(item);
}

template <typename T, typename Get>
std::vector<T> get_list(std::string_view& in, Get get) {
    std::uint64_t const n = get_number(in);
    if (n > in.size()) throw std::runtime_error("spill record: bad list length");
    std::vector<T> items;
    items.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) items.push_back(get());
    return items;
}

void put_plan(std::string& out, TreatmentPlan const& p) {
    put_string(out, p.id);
    put_string(out, p.plan_id);
    put_string(out, p.patient.member_id);
    put_number(out, p.patient.birth_date ? 1 : 0);
    if (p.patient.birth_date) put_date(out, *p.patient.birth_date);
    put_number(out, static_cast<std::uint64_t>(p.patient.sex));
    put_string(out, p.patient.state);
    put_strings(out, p.diagnoses);
    put_money(out, p.met.deductible);
    put_money(out, p.met.out_of_pocket);
    put_list(out, p.prior_usage, [&](PriorUsage const& u) {
        put_string(out, u.benefit);
        put_signed(out, u.visits);
        put_signed(out, u.units);
        put_signed(out, u.days);
        put_money(out, u.dollars);
        put_location(out, u.where);
    });
    put_list(out, p.history, [&](PastService const& s) {
        put_date(out, s.date);
        put_string(out, s.code);
        put_string(out, s.drug);
        put_signed(out, s.units);
        put_signed(out, s.days_supply);
        put_location(out, s.where);
    });
    put_list(out, p.authorizations, [&](Authorization const& a) {
        put_string(out, a.number);
        put_strings(out, a.codes);
        put_signed(out, a.units);
        put_date(out, a.from);
        put_date(out, a.to);
        put_string(out, a.status);
        put_location(out, a.where);
    });
    put_list(out, p.lines, [&](ServiceLine const& l) {
        put_string(out, l.id);
        put_date(out, l.date);
        put_string(out, l.code);
        put_strings(out, l.modifiers);
        put_signed(out, l.units);
        put_money(out, l.billed);
        put_signed(out, l.place_of_service);
        put_number(out, l.in_network ? 1 : 0);
        put_strings(out, l.diagnoses);
        put_string(out, l.drug);
        put_signed(out, l.quantity);
        put_signed(out, l.days_supply);
        put_string(out, l.authorization);
        put_location(out, l.where);
    });
    put_number(out, p.proposed ? 1 : 0);
    put_location(out, p.where);
}

TreatmentPlan get_plan(std::string_view& in) {
    TreatmentPlan p;
    p.id = std::string(get_string(in));
    p.plan_id = std::string(get_string(in));
    p.patient.member_id = std::string(get_string(in));
    if (get_number(in) != 0) p.patient.birth_date = get_date(in);
    p.patient.sex = static_cast<Sex>(get_number(in));
    p.patient.state = std::string(get_string(in));
    p.diagnoses = get_strings(in);
    p.met.deductible = get_money(in);
    p.met.out_of_pocket = get_money(in);
    p.prior_usage = get_list<PriorUsage>(in, [&] {
        PriorUsage u;
        u.benefit = std::string(get_string(in));
        u.visits = get_signed(in);
        u.units = get_signed(in);
        u.days = get_signed(in);
        u.dollars = get_money(in);
        u.where = get_location(in);
        return u;
    });
    p.history = get_list<PastService>(in, [&] {
        PastService s;
        s.date = get_date(in);
        s.code = std::string(get_string(in));
        s.drug = std::string(get_string(in));
        s.units = get_signed(in);
        s.days_supply = static_cast<std::int32_t>(get_signed(in));
        s.where = get_location(in);
        return s;
    });
    p.authorizations = get_list<Authorization>(in, [&] {
        Authorization a;
        a.number = std::string(get_string(in));
        a.codes = get_strings(in);
        a.units = get_signed(in);
        a.from = get_date(in);
        a.to = get_date(in);
        a.status = std::string(get_string(in));
        a.where = get_location(in);
        return a;
    });
    p.lines = get_list<ServiceLine>(in, [&] {
        ServiceLine l;
        l.id = std::string(get_string(in));
        l.date = get_date(in);
        l.code = std::string(get_string(in));
        l.modifiers = get_strings(in);
        l.units = get_signed(in);
        l.billed = get_money(in);
        l.place_of_service = static_cast<int>(get_signed(in));
        l.in_network = get_number(in) != 0;
        l.diagnoses = get_strings(in);
        l.drug = std::string(get_string(in));
        l.quantity = get_signed(in);
        l.days_supply = static_cast<std::int32_t>(get_signed(in));
        l.authorization = std::string(get_string(in));
        l.where = get_location(in);
        return l;
    });
    p.proposed = get_number(in) != 0;
    p.where = get_location(in);
    return p;
}

}  // namespace

void put_number(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

std::uint64_t get_number(std::string_view& in) {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (in.empty()) throw std::runtime_error("spill record: cut short");
        auto const byte = static_cast<unsigned char>(in.front());
        in.remove_prefix(1);
        value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) return value;
    }
    throw std::runtime_error("spill record: bad number");
}

void put_string(std::string& out, std::string_view text) {
    put_number(out, text.size());
    out.append(text);
}

std::string_view get_string(std::string_view& in) {
    std::uint64_t const n = get_number(in);
    if (n > in.size()) throw std::runtime_error("spill record: string past the end");
    std::string_view const text = in.substr(0, n);
    in.remove_prefix(n);
    return text;
}

void encode(ReadClaim const& claim, std::string& out) {
    std::string body;
    put_number(body, claim.sequence);
    put_string(body, claim.claim_id);
    put_location(body, claim.where);
    put_list(body, claim.diagnostics, [&](Diagnostic const& d) {
        put_number(body, static_cast<std::uint64_t>(d.severity));
        put_string(body, d.code);
        put_location(body, d.where);
        put_string(body, d.message);
        put_string(body, d.hint);
    });
    put_number(body, claim.claim ? 1 : 0);
    if (claim.claim) put_plan(body, *claim.claim);
    put_string(out, body);
}

bool decode(std::string_view& in, ReadClaim& claim) {
    if (in.empty()) return false;
    std::string_view body = get_string(in);
    claim = ReadClaim{};
    claim.sequence = get_number(body);
    claim.claim_id = std::string(get_string(body));
    claim.where = get_location(body);
    claim.diagnostics = get_list<Diagnostic>(body, [&] {
        Diagnostic d;
        d.severity = static_cast<Severity>(get_number(body));
        d.code = std::string(get_string(body));
        d.where = get_location(body);
        d.message = std::string(get_string(body));
        d.hint = std::string(get_string(body));
        return d;
    });
    if (get_number(body) != 0) claim.claim = get_plan(body);
    if (!body.empty()) throw std::runtime_error("spill record: trailing bytes");
    return true;
}

}  // namespace covercheck::batch
