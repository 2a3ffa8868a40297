// The words the rules language uses for parts of the model, for reports and messages.
#include "covercheck/rules.hpp"

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
    switch (span.unit) {
    case Duration::Unit::days: return end.plus_days(1 - span.count);
    case Duration::Unit::weeks: return end.plus_days(1 - 7 * span.count);
    case Duration::Unit::months: return end.plus_months(-span.count).plus_days(1);
    case Duration::Unit::years: return end.plus_months(-12 * span.count).plus_days(1);
    }
    return end;
}

}  // namespace covercheck
