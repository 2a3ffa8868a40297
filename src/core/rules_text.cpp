// The words the rules language uses for parts of the model, for reports and messages.
#include "covercheck/rules.hpp"

#include <algorithm>
#include <cstdint>

namespace covercheck {

char const* keyword(CodeKind kind) {
    switch (kind) {
    case CodeKind::procedure: return "cpt";
    case CodeKind::diagnosis: return "icd10";
    case CodeKind::rxnorm: return "rxnorm";
    case CodeKind::ndc: return "ndc";
    case CodeKind::modifier: return "modifier";
    }
    return "cpt";
}

char const* to_string(LimitUnit unit) {
    switch (unit) {
    case LimitUnit::visits: return "visits";
    case LimitUnit::lines: return "lines";
    case LimitUnit::units: return "units";
    case LimitUnit::days: return "days";
    case LimitUnit::sessions: return "sessions";
    case LimitUnit::dollars: return "dollars";
    }
    return "visits";
}

std::string to_string(Window const& window) {
    switch (window.kind) {
    case Window::Kind::calendar_year: return "per calendar year";
    case Window::Kind::plan_year: return "per plan year";
    case Window::Kind::rolling: return "per rolling " + to_string(window.span);
    case Window::Kind::day: return "per day";
    case Window::Kind::lifetime: return "per lifetime";
    }
    return "per calendar year";
}

std::string to_string(Duration const& duration) {
    char const* unit = "days";
    switch (duration.unit) {
    case Duration::Unit::days: unit = "day"; break;
    case Duration::Unit::weeks: unit = "week"; break;
    case Duration::Unit::months: unit = "month"; break;
    case Duration::Unit::years: unit = "year"; break;
    }
    std::string out = std::to_string(duration.count) + " " + unit;
    if (duration.count != 1) out += 's';
    return out;
}

Date window_start(Duration const& span, Date end) {
    // The window holds `end` itself, so it begins one day after the same point a whole span
    // earlier: 90 days ending 2026-03-31 are 2026-01-01 .. 2026-03-31.
    // Spans longer than 200 years are taken as 200 years (a window that long holds every date a
    // plan can see), so huge counts cannot overflow the date arithmetic.
    constexpr std::int64_t max_days = 200 * 366;
    constexpr std::int64_t max_months = 200 * 12;
    std::int64_t const count = std::max<std::int64_t>(0, span.count);
    switch (span.unit) {
    case Duration::Unit::days: return end.plus_days(static_cast<std::int32_t>(1 - std::min(count, max_days)));
    case Duration::Unit::weeks: return end.plus_days(static_cast<std::int32_t>(1 - std::min(7 * count, max_days)));
    case Duration::Unit::months: return end.plus_months(static_cast<std::int32_t>(-std::min(count, max_months))).plus_days(1);
    case Duration::Unit::years:
        return end.plus_months(static_cast<std::int32_t>(-std::min(12 * count, max_months))).plus_days(1);
    }
    return end;
}

}  // namespace covercheck
