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

bool CodeMatcher::contains(std::string_view code) const {
    std::string const key = match_key(kind, code);
    if (exact.count(key) != 0) return true;
    return std::any_of(wide.begin(), wide.end(), [&](WideItem const& w) { return w.matches(kind, key, code); });
}

void CodeIndex::find(CodeKind kind, std::string_view code, std::vector<int>& into) const {
    std::size_t const start = into.size();
    std::string const key = match_key(kind, code);
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
        for (CodeSet const& set : file.code_sets) written.emplace(set.name, &set);
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
    std::function<void(CodeSet const&, detail::CodeMatcher&)> add = [&](CodeSet const& set, detail::CodeMatcher& m) {
        if (!open.insert(set.name).second) return;
        for (CodeItem const& item : set.items) {
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
                if (it != written.end()) add(*it->second, m);
                break;
            }
            }
        }
        open.erase(set.name);
    };
    for (auto const& [name, set] : written) {
        detail::CodeMatcher m;
        m.kind = set->kind;
        add(*set, m);
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
        }
    }

    RuleBook book;
    book.data_ = std::move(data);
    return book;
}

PlanHeader const& RuleBook::plan() const { return data_->plan; }
std::vector<Benefit> const& RuleBook::benefits() const { return data_->benefits; }

}  // namespace covercheck
