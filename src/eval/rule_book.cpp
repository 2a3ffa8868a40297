// Building a RuleBook: resolve names, flatten code sets, index benefits by code.

#include "covercheck/rule_book.hpp"

#include "eval/rule_book_data.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>

namespace covercheck {
namespace detail {
namespace {

/// Numeric ranges up to this many codes are expanded into the hash set; wider ones are checked
/// item by item (no real plan writes one).
constexpr long max_expanded_range = 5000;

bool all_digits(std::string const& text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

/// The codes of a small all-digit range, zero-padded to the width of its ends ("97161".."97163").
bool expand_range(CodeKind kind, CodeItem const& item, std::unordered_set<std::string>& into) {
    std::string const low = match_key(kind, item.first);
    std::string const high = match_key(kind, item.last);
    if (low.size() != high.size() || low.size() > 9 || !all_digits(low) || !all_digits(high)) return false;
    long const a = std::stol(low);
    long const b = std::stol(high);
    if (b < a || b - a >= max_expanded_range) return false;
    for (long n = a; n <= b; ++n) {
        std::string code = std::to_string(n);
        code.insert(0, low.size() - code.size(), '0');
        into.insert(std::move(code));
    }
    return true;
}

}  // namespace

WideItem::WideItem(CodeKind kind, CodeItem const& source)
    : item(source), low(match_key(kind, source.first)), high(match_key(kind, source.last)) {}

bool WideItem::matches(CodeKind kind, std::string const& key, std::string_view code) const {
    if (item.form == CodeItem::Form::range) return key.size() == low.size() && low <= key && key <= high;
    if (item.form == CodeItem::Form::prefix && kind != CodeKind::ndc) return key.compare(0, low.size(), low) == 0;
    return item_matches(kind, item, code);
}

namespace {

std::string upper_text(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

/// The line carries `modifier` (upper case), in any case; no allocation.
bool carries(std::vector<std::string> const& modifiers, std::string const& modifier) {
    return std::any_of(modifiers.begin(), modifiers.end(), [&](std::string const& m) {
        return m.size() == modifier.size() && std::equal(m.begin(), m.end(), modifier.begin(), [](char a, char b) {
                   return std::toupper(static_cast<unsigned char>(a)) == static_cast<unsigned char>(b);
               });
    });
}

}  // namespace

bool CodeMatcher::contains(std::string_view code, std::vector<std::string> const& modifiers, bool any_modifier) const {
    if (contains(code)) return true;
    if (qualified.empty() && wide_qualified.empty()) return false;
    std::string const key = match_key(kind, code);
    auto const it = qualified.find(key);
    if (it != qualified.end()) {
        for (std::string const& m : it->second) {
            if (any_modifier || carries(modifiers, m)) return true;
        }
    }
    return std::any_of(wide_qualified.begin(), wide_qualified.end(), [&](auto const& w) {
        return (any_modifier || carries(modifiers, w.second)) && w.first.matches(kind, key, code);
    });
}

void CodeIndex::find_qualified(CodeKind kind, std::string_view code, std::string const& key,
                               std::vector<std::string> const& modifiers, std::vector<int>& into) const {
    if (modifiers.empty() || (qualified.empty() && wide_qualified.empty())) return;
    std::size_t const start = into.size();
    auto const it = qualified.find(key);
    if (it != qualified.end()) {
        for (auto const& [m, benefit] : it->second) {
            if (carries(modifiers, m)) into.push_back(benefit);
        }
    }
    for (WideQualified const& w : wide_qualified) {
        if (w.kind == kind && carries(modifiers, w.modifier) && w.item.matches(kind, key, code)) into.push_back(w.benefit);
    }
    auto const first = into.begin() + static_cast<std::ptrdiff_t>(start);
    std::sort(first, into.end());
    into.erase(std::unique(first, into.end()), into.end());
}

std::vector<std::pair<std::string, int>> CodeIndex::modifiers_for(CodeKind kind, std::string_view code) const {
    std::vector<std::pair<std::string, int>> out;
    std::string const key = match_key(kind, code);
    auto add = [&](std::string const& m, int benefit) {
        if (std::none_of(out.begin(), out.end(), [&](auto const& e) { return e.first == m; })) out.emplace_back(m, benefit);
    };
    auto const it = qualified.find(key);
    if (it != qualified.end()) {
        for (auto const& [m, benefit] : it->second) add(m, benefit);
    }
    for (WideQualified const& w : wide_qualified) {
        if (w.kind == kind && w.item.matches(kind, key, code)) add(w.modifier, w.benefit);
    }
    std::stable_sort(out.begin(), out.end(), [](auto const& a, auto const& b) { return a.second < b.second; });
    return out;
}

bool CodeMatcher::contains(std::string_view code) const {
    std::string const key = match_key(kind, code);
    if (exact.count(key) != 0) return true;
    return std::any_of(wide.begin(), wide.end(), [&](WideItem const& w) { return w.matches(kind, key, code); });
}

void CodeIndex::find(CodeKind kind, std::string_view code, std::vector<int>& into) const {
    find(kind, code, match_key(kind, code), into);
}

void CodeIndex::find(CodeKind kind, std::string_view code, std::string const& key, std::vector<int>& into) const {
    std::size_t const start = into.size();
    auto const it = exact.find(key);
    if (it != exact.end()) into.insert(into.end(), it->second.begin(), it->second.end());
    bool wide_found = false;
    for (Wide const& w : wide) {
        if (w.kind == kind && w.item.matches(kind, key, code)) {
            into.push_back(w.benefit);
            wide_found = true;
        }
    }
    if (!wide_found) return;   // the exact list is in order and unique already
    auto const first = into.begin() + static_cast<std::ptrdiff_t>(start);
    std::sort(first, into.end());
    into.erase(std::unique(first, into.end()), into.end());
}

namespace {

bool same_modifier_text(std::string const& a, std::string const& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
           });
}

}  // namespace

FeeRate const* FeeTable::find(std::string_view code, std::vector<std::string> const& modifiers, Date date) const {
    if (effective && (date < effective->from || (effective->to && date > *effective->to))) return nullptr;
    auto const it = by_code.find(match_key(CodeKind::procedure, code));
    if (it == by_code.end()) return nullptr;
    FeeRate const* any = nullptr;
    for (FeeRate const& rate : it->second) {
        if ((rate.from && date < *rate.from) || (rate.to && date > *rate.to)) continue;
        if (rate.modifier.empty()) {
            if (any == nullptr) any = &rate;
            continue;
        }
        for (std::string const& m : modifiers) {
            if (same_modifier_text(m, rate.modifier)) return &rate;
        }
    }
    return any;
}

FeeTable const* RuleBookData::fees(std::string const& name) const {
    auto const it = fee_tables.find(name);
    return it == fee_tables.end() ? nullptr : &it->second;
}

std::string RuleBookData::set_title(std::string const& name) const {
    auto const it = set_titles.find(name);
    if (it != set_titles.end()) return it->second;
    std::string words = name;
    std::replace(words.begin(), words.end(), '_', ' ');
    return words;
}

CodeMatcher const* RuleBookData::set(std::string const& name) const {
    auto const it = sets.find(name);
    return it == sets.end() ? nullptr : &it->second;
}

}  // namespace detail

RuleBook RuleBook::build(std::vector<RulesFile> files) {
    auto data = std::make_shared<detail::RuleBookData>();

    std::map<std::string, CodeSet const*> written;
    for (RulesFile const& file : files) {
        if (file.plan) data->plan = *file.plan;
        for (CodeSet const& set : file.code_sets) {
            written.emplace(set.name, &set);
            if (!set.display_name.empty()) data->set_titles.emplace(set.name, set.display_name);
        }
        for (FeeSchedule const& fees : file.fee_schedules) {
            detail::FeeTable table;
            table.name = fees.name;
            table.display_name = fees.display_name;
            table.effective = fees.effective;
            for (FeeRate const& rate : fees.rates) table.by_code[match_key(CodeKind::procedure, rate.code)].push_back(rate);
            data->fee_tables.emplace(fees.name, std::move(table));
        }
        for (SharedLimit const& limit : file.shared_limits) data->shared_limits.emplace(limit.name, limit);
        for (Benefit const& benefit : file.benefits) {
            auto same = std::find_if(data->benefits.begin(), data->benefits.end(),
                                     [&](Benefit const& b) { return b.name == benefit.name; });
            if (same != data->benefits.end()) *same = benefit;   // a plan restates a base benefit
            else data->benefits.push_back(benefit);
        }
    }

    // Flatten every set, following references depth first (a cycle, already an error from the
    // validator, is cut where it closes).
    std::set<std::string> open;
    std::function<void(CodeSet const&, detail::CodeMatcher&, std::string const&)> add =
        [&](CodeSet const& set, detail::CodeMatcher& m, std::string const& modifier) {
        if (!open.insert(set.name).second) return;
        for (CodeItem const& item : set.items) {
            // `with modifier` on the item, or on the reference that reached this set.
            std::string const chosen_by = detail::upper_text(item.modifier.empty() ? modifier : item.modifier);
            if (!chosen_by.empty() && item.form != CodeItem::Form::reference) {
                std::unordered_set<std::string> codes;
                if (item.form == CodeItem::Form::exact) codes.insert(match_key(set.kind, item.first));
                bool const listed = item.form == CodeItem::Form::exact ||
                                    (item.form == CodeItem::Form::range && detail::expand_range(set.kind, item, codes));
                if (listed) {
                    for (std::string const& code : codes) {
                        std::vector<std::string>& mods = m.qualified[code];
                        if (std::find(mods.begin(), mods.end(), chosen_by) == mods.end()) mods.push_back(chosen_by);
                    }
                } else {
                    m.wide_qualified.emplace_back(detail::WideItem(set.kind, item), chosen_by);
                }
                if (m.examples.size() < 6) m.examples.push_back(item.first + " with " + chosen_by);
                continue;
            }
            switch (item.form) {
            case CodeItem::Form::exact:
                m.exact.insert(match_key(set.kind, item.first));
                if (m.examples.size() < 6) m.examples.push_back(item.first);
                break;
            case CodeItem::Form::range:
                if (!detail::expand_range(set.kind, item, m.exact)) m.wide.emplace_back(set.kind, item);
                if (m.examples.size() < 6) m.examples.push_back(item.first + "-" + item.last);
                break;
            case CodeItem::Form::prefix:
                m.wide.emplace_back(set.kind, item);
                if (m.examples.size() < 6) m.examples.push_back(item.first + "*");
                break;
            case CodeItem::Form::reference: {
                auto const it = written.find(item.first);
                if (it != written.end()) add(*it->second, m, chosen_by);
                break;
            }
            }
        }
        open.erase(set.name);
    };
    for (auto const& [name, set] : written) {
        detail::CodeMatcher m;
        m.kind = set->kind;
        add(*set, m, "");
        data->sets.emplace(name, std::move(m));
    }

    for (std::size_t i = 0; i < data->benefits.size(); ++i) {
        Benefit const& b = data->benefits[i];
        detail::CodeIndex& index = b.kind == Benefit::Kind::drug ? data->drugs : data->procedures;
        for (std::string const& name : b.code_sets) {
            detail::CodeMatcher const* m = data->set(name);
            if (m == nullptr) continue;
            for (std::string const& key : m->exact) {
                std::vector<int>& benefits = index.exact[key];
                // Benefits are added in order; a benefit naming two sets that share a code is listed once.
                if (benefits.empty() || benefits.back() != static_cast<int>(i)) benefits.push_back(static_cast<int>(i));
            }
            for (detail::WideItem const& item : m->wide) index.wide.push_back({m->kind, item, static_cast<int>(i)});
            for (auto const& [key, modifiers] : m->qualified) {
                auto& entries = index.qualified[key];
                for (std::string const& modifier : modifiers) entries.emplace_back(modifier, static_cast<int>(i));
            }
            for (auto const& [item, modifier] : m->wide_qualified) {
                index.wide_qualified.push_back({m->kind, item, modifier, static_cast<int>(i)});
            }
        }
    }

    RuleBook book;
    book.data_ = std::move(data);
    return book;
}

PlanHeader const& RuleBook::plan() const { return data_->plan; }
std::vector<Benefit> const& RuleBook::benefits() const { return data_->benefits; }

}  // namespace covercheck
