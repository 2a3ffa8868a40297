// generate_claims: synthetic native claim XML for tests and benchmarks (issue 4, part 4).
//
// Writes realistic claims in covercheck's native claim format (a <claims> root holding <claim>
// elements, each with the sections of a treatment plan: samples/README.md, samples/claims/) for
// fictional members of the sample plans, at any size. Each member has one plan, one of the seed's
// conditions and a course of care over 2026 (office visits, therapy courses, injections, spinal
// cord stimulation, drug fills, ...); each claim is one visit date of one member. A member's
// claims are shuffled across the output files, so readers that accumulate by member are
// exercised. Usage and options: tests/tools/README.md, or --help.
//
// Standard library only: it does not link covercheck_lib, so it builds in seconds.
//
// Determinism: every random choice comes from std::mt19937_64 raw outputs reduced with our own
// modulo arithmetic (std::uniform_int_distribution's output differs between standard libraries),
// no floating point is used and ties are broken explicitly, so one seed and one set of options
// give the same bytes with every compiler and library.
//
// Memory: claims are formatted into a window of a few thousand, shuffled and appended to the
// files; nothing else grows with --claims, so a million claims stream in bounded memory.

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr char const* usage_text =
    R"(generate_claims: writes synthetic covercheck claim XML for tests and benchmarks.

usage: generate_claims --out DIR [options]

  --claims N      how many claims to write (default 1000); a claim is one visit date
  --members M     how many members they belong to (default: claims / 12, at least 1)
  --plans A,B,..  plan ids, as in the rules files' `plan "ID" {` headers
                  (default: every plan in --rules)
  --files F       how many files: DIR/claims-00001.xml ... each holding about N/F claims under
                  a <claims> root (default 10, at most N); 0 writes one claim per file, with a
                  <claim> root
  --seed S        the random seed (default 1); the same seed and options give the same bytes
  --broken P      percent of claims given a realistic defect: a bad date, negative units, a
                  missing code or a misspelt attribute (default 0; decimals allowed, e.g. 0.5)
  --rules DIR     where to read the plan ids from (default: the source tree's rules/)
  --out DIR       the folder to write to (created if missing; files of the same names are
                  overwritten, others are left alone)
  --stats         also print, to stderr, how many lines fall in each kind of service
  --help          this text

A one-line summary (claims, members, files, bytes) goes to stderr. Exit codes: 0 done,
1 a file could not be written, 2 a usage mistake (unknown option, bad number, unknown plan id).
)";

#ifndef GENERATE_CLAIMS_RULES_DIR
#define GENERATE_CLAIMS_RULES_DIR "rules"
#endif

/// A mistake on the command line: exit code 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// =============================================================================================
// Random choices

/// A value and how often it is chosen relative to the others in its list.
template <class T>
struct Weighted {
    T value;
    int weight;
};

using CodeChoices = std::initializer_list<Weighted<std::string_view>>;
using NumberChoices = std::initializer_list<Weighted<int>>;

/// The only source of randomness: std::mt19937_64 raw outputs reduced by our own modulo
/// arithmetic, so that a seed gives the same claims with every standard library.
class Random {
public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}

    /// A number in [0, n), n > 0. The raw output modulo n: the bias is below n / 2^64, and no n
    /// here is large.
    std::uint64_t below(std::uint64_t n) { return engine_() % n; }
    /// A number in [lo, hi]; lo <= hi.
    int between(int lo, int hi) {
        return lo + static_cast<int>(below(static_cast<std::uint64_t>(static_cast<std::int64_t>(hi) - lo) + 1U));
    }
    /// True `p` times in 100.
    bool percent(int p) { return below(100) < static_cast<std::uint64_t>(p); }
    /// True `ppm` times in a million.
    bool per_million(std::uint64_t ppm) { return below(1'000'000) < ppm; }

    /// One of the values, in proportion to the weights; at least one weight is positive.
    std::string_view code(CodeChoices choices) { return pick(choices.begin(), choices.end()); }
    int number(NumberChoices choices) { return pick(choices.begin(), choices.end()); }
    template <class T>
    T const& from(std::vector<Weighted<T>> const& choices) {
        return pick_ref(choices.data(), choices.data() + choices.size());
    }
    /// An index in proportion to `weights` (at least one positive).
    std::size_t index(int const* weights, std::size_t count) {
        std::uint64_t total = 0;
        for (std::size_t i = 0; i < count; ++i) total += static_cast<std::uint64_t>(weights[i]);
        std::uint64_t ticket = below(total);
        for (std::size_t i = 0; i < count; ++i) {
            auto const w = static_cast<std::uint64_t>(weights[i]);
            if (ticket < w) return i;
            ticket -= w;
        }
        return count - 1;  // unreachable
    }

private:
    template <class T>
    T const& pick_ref(Weighted<T> const* first, Weighted<T> const* last) {
        std::uint64_t total = 0;
        for (auto const* c = first; c != last; ++c) total += static_cast<std::uint64_t>(c->weight);
        std::uint64_t ticket = below(total);
        for (auto const* c = first; c != last; ++c) {
            auto const w = static_cast<std::uint64_t>(c->weight);
            if (ticket < w) return c->value;
            ticket -= w;
        }
        return (last - 1)->value;  // unreachable
    }
    template <class T>
    T pick(Weighted<T> const* first, Weighted<T> const* last) {
        return pick_ref(first, last);
    }

    std::mt19937_64 engine_;
};

/// SplitMix64's finalizer: a well-mixed 64-bit hash, for seeds and per-member weights that must
/// not depend on the order of the draws.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31U);
}

// =============================================================================================
// Text: dates, money, numbers

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm; years >= 1).
int days_from_civil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    int const era = y / 400;
    int const yoe = y - era * 400;
    int const doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct Civil {
    int year;
    int month;
    int day;
};

/// The inverse of days_from_civil, for days after 0001-03-01.
Civil civil_from_days(int z) {
    z += 719468;
    int const era = z / 146097;
    int const doe = z - era * 146097;
    int const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int const mp = (5 * doy + 2) / 153;
    int const d = doy - (153 * mp + 2) / 5 + 1;
    int const m = mp < 10 ? mp + 3 : mp - 9;
    return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

int const jan_1_2026 = days_from_civil(2026, 1, 1);
constexpr int last_day_2026 = 364;  // day numbers below count from 2026-01-01 = day 0

void put_int(std::string& out, long long value) {
    char buffer[24];
    auto const result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void put_padded(std::string& out, long long value, int width) {
    char buffer[24];
    auto const result = std::to_chars(buffer, buffer + sizeof buffer, value);
    for (auto n = result.ptr - buffer; n < width; ++n) out += '0';
    out.append(buffer, result.ptr);
}

/// `day` counts from 2026-01-01 (negative: 2025, above 364: 2027).
void put_date(std::string& out, int day) {
    Civil const c = civil_from_days(jan_1_2026 + day);
    put_padded(out, c.year, 4);
    out += '-';
    put_padded(out, c.month, 2);
    out += '-';
    put_padded(out, c.day, 2);
}

/// "$1,850.00" from 185000 cents (cents >= 0).
void put_money(std::string& out, std::int64_t cents) {
    std::string digits = std::to_string(cents / 100);
    out += '$';
    auto const n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i != 0 && (n - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    out += '.';
    put_padded(out, cents % 100, 2);
}

int digit_count(std::uint64_t n) {
    int digits = 1;
    while (n >= 10) {
        n /= 10;
        ++digits;
    }
    return digits;
}

// =============================================================================================
// Plans: read from the rules files' headers

enum class PlanKind { commercial, medicare, medicaid };

struct Plan {
    std::string id;
    PlanKind kind = PlanKind::commercial;
    std::string state;        ///< the plan's `state XX`, or empty
    std::string auth_prefix;  ///< how its authorization numbers start
};

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

/// What kind of payer a plan is, from its id and `name` ("Medicare ...", "... Medicaid ...").
PlanKind plan_kind(std::string const& id, std::string const& name) {
    std::string const text = lower(id + " " + name);
    if (text.find("medicare") != std::string::npos || text.find("mcr") != std::string::npos) {
        return PlanKind::medicare;
    }
    if (text.find("medicaid") != std::string::npos || text.find("statecare") != std::string::npos) {
        return PlanKind::medicaid;
    }
    return PlanKind::commercial;
}

std::string auth_prefix(Plan const& plan) {
    if (plan.kind == PlanKind::medicare) return "UTN-";  // Medicare's unique tracking number
    std::string prefix;
    for (char c : plan.id) {
        if (prefix.size() == 3 || !((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) break;
        prefix += c;
    }
    if (prefix.empty()) prefix = "PA";
    return prefix + (plan.kind == PlanKind::medicaid ? "-278-" : "-PA-");
}

/// Every plan header (`plan "ID" {` at the start of a line) in the .rules files of `dir`, in file
/// name order, with its `name` and `state` clauses. Base files (no header) give none.
std::vector<Plan> read_plans(fs::path const& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() == ".rules" && it->is_regular_file(ec)) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    std::vector<Plan> plans;
    for (auto const& file : files) {
        std::ifstream in(file);
        std::string line;
        bool in_header = false;
        std::string name;
        while (std::getline(in, line)) {
            std::string_view const text = trim(line);
            if (!in_header) {
                if (text.substr(0, 6) != "plan \"") continue;
                auto const close = text.find('"', 6);
                if (close == std::string_view::npos) continue;
                plans.push_back(Plan{std::string(text.substr(6, close - 6)), PlanKind::commercial, "", ""});
                in_header = true;
                name.clear();
            } else if (!text.empty() && text.front() == '}') {
                Plan& plan = plans.back();
                plan.kind = plan_kind(plan.id, name);
                plan.auth_prefix = auth_prefix(plan);
                in_header = false;
            } else if (text.substr(0, 5) == "name ") {
                name = std::string(text.substr(5));
            } else if (text.substr(0, 6) == "state ") {
                std::string_view state = trim(text.substr(6));
                if (state.size() >= 2) plans.back().state = std::string(state.substr(0, 2));
            }
        }
        if (in_header) {  // a header cut short: keep the id, guess the rest from it
            plans.back().kind = plan_kind(plans.back().id, name);
            plans.back().auth_prefix = auth_prefix(plans.back());
        }
    }
    return plans;
}

// =============================================================================================
// What is billed: kinds of service, conditions, drugs, programs of care

/// The kind of service a line is, for --stats.
enum class Kind : std::size_t {
    office,
    therapy,
    acupuncture,
    chiropractic,
    psychology,
    biofeedback,
    epidural,
    facet,
    nerve_block,
    stimulator,
    ketamine,
    capsaicin,
    drug_fill,
    unknown_code,
    count,
};

constexpr std::array<char const*, static_cast<std::size_t>(Kind::count)> kind_names = {
    "office visit (99203-99215)",
    "physical therapy (97110-97164, GP)",
    "acupuncture (97810-97814)",
    "chiropractic (98940-98943)",
    "psychological evaluation, CBT (90791, 90832-90837, 96158)",
    "biofeedback (90901)",
    "epidural injection (62320-62323, 64479-64484)",
    "facet injection or ablation (64490-64495, 64633-64636)",
    "nerve or sympathetic block (64400-64450, 64510, 64520)",
    "spinal cord stimulator (63650, 63655, 63685)",
    "ketamine infusion (J3490, 96365, 96366 + drug)",
    "capsaicin 8% patch (J7336)",
    "drug fill (RxNorm)",
    "code no rule mentions",
};

/// Programs of care a member can get; each makes a run of visits.
enum Program : std::size_t {
    p_office,
    p_therapy,
    p_acupuncture,
    p_chiropractic,
    p_psychology,
    p_biofeedback,
    p_epidural,
    p_facet,
    p_nerve_block,
    p_sympathetic,
    p_stimulator,
    p_ketamine,
    p_capsaicin,
    p_drugs,
    program_count,
};
using ProgramWeights = std::array<int, program_count>;

/// At most this many visits of a program in a year (spinal cord stimulation: evaluation, trial,
/// implant) unless the member has more claims than all of their programs can hold.
constexpr ProgramWeights program_cap = {12, 60, 24, 30, 30, 12, 4, 6, 8, 6, 3, 14, 4, 40};
/// How a member's visits are shared among their programs: a therapy course takes many visits,
/// an injection series few.
constexpr ProgramWeights program_intensity = {2, 8, 6, 6, 4, 3, 1, 1, 2, 2, 1, 3, 1, 8};

enum class Drug : std::size_t {
    gabapentin,
    pregabalin,
    duloxetine,
    venlafaxine,
    amitriptyline,
    nortriptyline,
    carbamazepine,
    tramadol,
    oxycodone,
    lidocaine_patch,
};

struct DrugInfo {
    std::vector<Weighted<std::string_view>> rxnorm;  ///< codes as in rules/base/drug-codes.rules
    std::vector<Weighted<int>> quantity;             ///< units for 30 days
    std::vector<Weighted<int>> first_quantity;       ///< an opioid's first, 7-day fill; else empty
    int unit_cents;                                  ///< retail price of one tablet or patch
    bool maintenance;                                ///< may be filled for 90 days
};

DrugInfo const& drug_info(Drug drug) {
    static std::array<DrugInfo, 10> const table = {{
        {{{"25480", 1}}, {{90, 45}, {180, 35}, {270, 20}}, {}, 28, true},
        {{{"187832", 1}}, {{60, 65}, {90, 35}}, {}, 310, true},
        {{{"72625", 1}}, {{30, 75}, {60, 25}}, {}, 150, true},
        {{{"39786", 1}}, {{30, 70}, {60, 30}}, {}, 120, true},
        {{{"704", 1}}, {{30, 1}}, {}, 40, true},
        {{{"7531", 1}}, {{30, 70}, {60, 30}}, {}, 50, true},
        {{{"2002", 1}}, {{60, 40}, {90, 30}, {120, 30}}, {}, 60, true},
        {{{"10689", 1}}, {{120, 50}, {90, 30}, {60, 20}}, {{28, 70}, {21, 30}}, 25, false},
        {{{"7804", 1}}, {{120, 45}, {90, 35}, {60, 20}}, {{28, 60}, {20, 40}}, 65, false},
        // Lidocaine 5% patch: generic and Lidoderm (1745091), Lidoderm (1011705), or the
        // ingredient (6387), as plans of care often code it; 180 a month runs past every limit.
        {{{"1745091", 70}, {"1011705", 20}, {"6387", 10}}, {{30, 40}, {60, 25}, {90, 27}, {180, 8}}, {}, 345,
         false},
    }};
    return table[static_cast<std::size_t>(drug)];
}

enum class Condition {
    diabetic,
    post_herpetic,
    chemotherapy,
    failed_back,
    crps,
    low_back,
    radiculopathy,
    multiple_sclerosis,
    alcoholic,
    trigeminal,
};

/// One of the seed's conditions: its diagnosis codes (ICD-10-CM, from docs/domain.md and
/// rules/base/diagnosis-codes.rules), who has it and how it is treated.
struct ConditionInfo {
    Condition id;
    int weight;  ///< share of members
    std::vector<Weighted<std::string_view>> primary;
    std::vector<Weighted<std::string_view>> secondary;  ///< an added diagnosis, sometimes
    int secondary_percent;
    int female_percent;
    ProgramWeights programs;  ///< how likely each program is (office visits come always)
    std::vector<Weighted<Drug>> drugs;
};

//                                   off  PT acu chi psy bio esi fac nrv sym scs ket cap drg
std::vector<ConditionInfo> const& conditions() {
    using D = Drug;
    static std::vector<ConditionInfo> const table = {
        {Condition::diabetic, 22, {{"E11.42", 70}, {"E11.40", 15}, {"E10.42", 15}}, {{"G89.29", 1}}, 15, 48,
         {0, 3, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 2, 8},
         {{D::gabapentin, 35}, {D::duloxetine, 25}, {D::pregabalin, 20}, {D::amitriptyline, 10},
          {D::tramadol, 5}, {D::venlafaxine, 5}}},
        {Condition::post_herpetic, 10, {{"B02.29", 55}, {"B02.23", 25}, {"B02.22", 20}}, {}, 0, 58,
         {0, 0, 1, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 8},
         {{D::lidocaine_patch, 35}, {D::gabapentin, 30}, {D::pregabalin, 20}, {D::nortriptyline, 10},
          {D::tramadol, 5}}},
        {Condition::chemotherapy, 8, {{"G62.0", 1}}, {}, 0, 60,
         {0, 5, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 6},
         {{D::duloxetine, 45}, {D::gabapentin, 30}, {D::pregabalin, 20}, {D::venlafaxine, 5}}},
        {Condition::failed_back, 10, {{"M96.1", 1}}, {{"M54.17", 50}, {"M54.16", 30}, {"G89.4", 20}}, 60, 45,
         {0, 3, 0, 1, 2, 0, 3, 2, 0, 0, 4, 0, 0, 5},
         {{D::gabapentin, 30}, {D::oxycodone, 25}, {D::tramadol, 20}, {D::duloxetine, 15}, {D::pregabalin, 10}}},
        {Condition::crps, 6,
         {{"G90.521", 25}, {"G90.522", 20}, {"G90.511", 20}, {"G90.512", 15}, {"G90.50", 10}, {"G90.59", 10}},
         {}, 0, 75,
         {0, 5, 0, 0, 2, 1, 0, 0, 0, 4, 2, 3, 0, 5},
         {{D::gabapentin, 35}, {D::pregabalin, 25}, {D::amitriptyline, 15}, {D::duloxetine, 15},
          {D::nortriptyline, 10}}},
        {Condition::low_back, 20, {{"M54.50", 60}, {"M54.59", 25}, {"M54.51", 15}}, {{"G89.29", 1}}, 20, 52,
         {0, 5, 4, 4, 2, 1, 0, 3, 0, 0, 0, 0, 0, 3},
         {{D::duloxetine, 35}, {D::tramadol, 30}, {D::gabapentin, 15}, {D::oxycodone, 10}, {D::amitriptyline, 10}}},
        {Condition::radiculopathy, 14, {{"M54.16", 40}, {"M54.17", 30}, {"M51.16", 15}, {"M54.12", 15}}, {}, 0, 47,
         {0, 5, 1, 2, 0, 0, 6, 0, 0, 0, 1, 0, 0, 5},
         {{D::gabapentin, 40}, {D::pregabalin, 25}, {D::tramadol, 15}, {D::oxycodone, 10}, {D::duloxetine, 10}}},
        // G35 was retired on 2025-10-01 (now G35.A-G35.D); some clinics still bill it.
        {Condition::multiple_sclerosis, 5, {{"G35.A", 45}, {"G35.D", 40}, {"G35", 15}}, {{"G89.29", 1}}, 50, 74,
         {0, 5, 0, 0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 6},
         {{D::gabapentin, 35}, {D::pregabalin, 20}, {D::duloxetine, 20}, {D::nortriptyline, 15},
          {D::carbamazepine, 10}}},
        {Condition::alcoholic, 2, {{"G62.1", 1}}, {}, 0, 30,
         {0, 3, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 6},
         {{D::gabapentin, 50}, {D::amitriptyline, 30}, {D::duloxetine, 20}}},
        {Condition::trigeminal, 3, {{"G50.0", 1}}, {}, 0, 65,
         {0, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 0, 8},
         {{D::carbamazepine, 70}, {D::gabapentin, 20}, {D::pregabalin, 10}}},
    };
    return table;
}

/// Billed charges in cents, per unit, at a typical clinic; each member's providers charge these
/// times their own factor.
std::int64_t base_price(std::string_view code) {
    static constexpr std::pair<std::string_view, std::int64_t> prices[] = {
        {"99203", 21000},  {"99204", 28500},  {"99213", 13500},  {"99214", 19500},  {"99215", 26500},
        {"97110", 7500},   {"97112", 8000},   {"97116", 7000},   {"97140", 7000},   {"97530", 8500},
        {"97161", 15000},  {"97162", 18000},  {"97163", 22000},  {"97164", 12000},  {"97810", 7000},
        {"97811", 4500},   {"97813", 8000},   {"97814", 5000},   {"98940", 6500},   {"98941", 8500},
        {"98942", 10500},  {"98943", 6000},   {"90791", 27500},  {"90832", 11000},  {"90834", 16000},
        {"90837", 21000},  {"96158", 9500},   {"96159", 4500},   {"90901", 12000},  {"62320", 115000},
        {"62321", 170000}, {"62322", 120000}, {"62323", 185000}, {"64479", 165000}, {"64480", 62000},
        {"64483", 160000}, {"64484", 60000},  {"64490", 98000},  {"64491", 52000},  {"64493", 95000},
        {"64494", 50000},  {"64495", 48000},  {"64633", 330000}, {"64634", 110000}, {"64635", 340000},
        {"64636", 115000}, {"64400", 60000},  {"64405", 42000},  {"64450", 55000},  {"64510", 125000},
        {"64520", 135000}, {"63650", 340000}, {"63655", 2450000}, {"63685", 2100000}, {"J3490", 9500},
        {"96365", 42000},  {"96366", 17000},  {"J7336", 480},    {"97124", 6500},   {"97014", 3500},
        {"20560", 6500},   {"20561", 8500},   {"20552", 18000},  {"20553", 21000},  {"64999", 90000},
        {"72148", 125000}, {"95910", 65000},
    };
    for (auto const& [c, cents] : prices) {
        if (c == code) return cents;
    }
    return 10000;
}

// =============================================================================================
// Members and their courses of care

struct Member {
    std::string id;
    Plan const* plan = nullptr;
    ConditionInfo const* condition = nullptr;
    std::vector<std::string> diagnoses;  ///< the first is the primary one
    int age = 0;
    int birth_day = 0;  ///< counted from 2026-01-01
    bool has_birth_date = true;
    std::string_view sex;  ///< empty: left out
    std::string state;     ///< empty: left out
    int price_permille = 1000;

    std::string_view primary() const { return diagnoses.front(); }
    bool is(Condition c) const { return condition->id == c; }
    bool medicare() const { return plan->kind == PlanKind::medicare; }
    bool medicaid() const { return plan->kind == PlanKind::medicaid; }
    bool commercial() const { return plan->kind == PlanKind::commercial; }
};

struct Authorization {
    std::string number;
    std::string_view codes;
    int units = 0;
    int from = 0;  ///< days from 2026-01-01
    int to = 0;
    std::string_view status;
};

struct Line {
    Kind kind = Kind::office;
    bool drug_line = false;  ///< a <drug> line
    std::string_view code;   ///< CPT/HCPCS; empty for a pharmacy fill
    std::string_view drug;   ///< RxNorm, for a <drug> line
    std::string_view modifiers;
    int units = 1;  ///< a service's units, a drug's quantity
    int days_supply = 0;
    std::int64_t charge = 0;  ///< cents
    int place = 0;            ///< 0: left out
    std::array<std::string_view, 2> diagnoses{};
    int auth = -1;  ///< index into the member's authorizations, or -1
    bool cite_auth = false;
};

struct Visit {
    int day = 0;    ///< days from 2026-01-01
    int order = 0;  ///< the order it was made in, to break ties on a day
    bool out_of_network = false;
    std::vector<Line> lines;
};

/// The members' profiles, one at a time, from the course stream.
class MemberFactory {
public:
    MemberFactory(std::vector<Plan> const& plans, std::size_t member_count)
        : plans_(plans), id_width_(std::max(6, digit_count(member_count))) {
        for (auto const& c : conditions()) condition_weights_.push_back(c.weight);
    }

    Member make(std::size_t index, Random& rng) const {
        Member m;
        m.id = "M";
        put_padded(m.id, static_cast<long long>(index + 1), id_width_);
        m.plan = &plans_[rng.below(plans_.size())];
        m.condition = &conditions()[rng.index(condition_weights_.data(), condition_weights_.size())];
        m.diagnoses.emplace_back(rng.from(m.condition->primary));
        if (!m.condition->secondary.empty() && rng.percent(m.condition->secondary_percent)) {
            m.diagnoses.emplace_back(rng.from(m.condition->secondary));
        }
        m.age = age(m, rng);
        m.birth_day = -(m.age * 365 + m.age / 4) - rng.between(1, 364);
        m.has_birth_date = !rng.percent(1);
        m.sex = rng.percent(1) ? "" : rng.percent(m.condition->female_percent) ? "female" : "male";
        m.state = state(*m.plan, rng);
        m.price_permille = rng.between(800, 1300);
        return m;
    }

private:
    static int age(Member const& m, Random& rng) {
        switch (m.plan->kind) {
        case PlanKind::medicare: return rng.percent(8) ? rng.between(40, 64) : rng.between(65, 92);
        case PlanKind::medicaid: return rng.percent(6) ? rng.between(12, 18) : rng.between(19, 64);
        case PlanKind::commercial: break;
        }
        return rng.percent(4) ? rng.between(13, 21) : rng.between(22, 64);
    }

    static std::string state(Plan const& plan, Random& rng) {
        if (rng.percent(1)) return "";
        if (!plan.state.empty()) {
            int const home_percent = plan.kind == PlanKind::medicaid ? 99 : 84;
            if (rng.percent(home_percent)) return plan.state;
            if (plan.state == "IL") return std::string(rng.code({{"WI", 35}, {"IN", 30}, {"MO", 20}, {"IA", 15}}));
            if (plan.state == "WI") return std::string(rng.code({{"IL", 40}, {"MN", 35}, {"MI", 25}}));
        }
        return std::string(rng.code({{"CA", 16}, {"TX", 12}, {"FL", 12}, {"NY", 9}, {"PA", 6}, {"IL", 6},
                                     {"OH", 6}, {"GA", 5}, {"NC", 5}, {"MI", 5}, {"AZ", 5}, {"WI", 4},
                                     {"WA", 5}}));
    }

    std::vector<Plan> const& plans_;
    int id_width_;
    std::vector<int> condition_weights_;
};

/// Builds one member's visits for the year: chooses their programs of care, shares the member's
/// claim count among them and lays each program's visits out over 2026.
class CourseBuilder {
public:
    CourseBuilder(Random& rng, Member const& member, std::vector<Visit>& visits, std::vector<Authorization>& auths)
        : rng_(rng), m_(member), visits_(visits), auths_(auths) {}

    void build(int claims) {
        visits_.clear();
        auths_.clear();
        ProgramWeights const alloc = allocate(claims);
        int const care_start = rng_.between(0, 180);
        for (std::size_t p = 0; p < program_count; ++p) {
            if (alloc[p] == 0) continue;
            int const start = p == p_office ? care_start : care_start + rng_.between(7, 45);
            switch (static_cast<Program>(p)) {
            case p_office: office(alloc[p], start); break;
            case p_therapy: therapy(alloc[p], start); break;
            case p_acupuncture: acupuncture(alloc[p], start); break;
            case p_chiropractic: chiropractic(alloc[p], start); break;
            case p_psychology: psychology(alloc[p], start); break;
            case p_biofeedback: biofeedback(alloc[p], start); break;
            case p_epidural: epidural(alloc[p], start); break;
            case p_facet: facet(alloc[p], start); break;
            case p_nerve_block: nerve_block(alloc[p], start); break;
            case p_sympathetic: sympathetic(alloc[p], start); break;
            case p_stimulator: stimulator(alloc[p], start); break;
            case p_ketamine: ketamine(alloc[p], start); break;
            case p_capsaicin: capsaicin(alloc[p], start); break;
            case p_drugs: drugs(alloc[p], start); break;
            case program_count: break;
            }
        }
        std::stable_sort(visits_.begin(), visits_.end(), [](Visit const& a, Visit const& b) {
            return a.day != b.day ? a.day < b.day : a.order < b.order;
        });
        for (Visit& v : visits_) finish(v);
    }

private:
    // --- sharing the claims among programs ---------------------------------------------------

    ProgramWeights allocate(int claims) {
        ProgramWeights weights = m_.condition->programs;
        if (m_.medicare()) {
            // Part B: acupuncture only for chronic low back pain (NCD 30.3.3); drugs are mostly a
            // Part D matter, so fewer fills reach a Part B claim.
            if (!m_.is(Condition::low_back)) weights[p_acupuncture] = 0;
            for (std::size_t p = 0; p < program_count; ++p) weights[p] *= p == p_drugs ? 1 : 4;
        }
        std::vector<std::size_t> chosen = {p_office};
        int const extra = rng_.number({{1, 35}, {2, 45}, {3, 20}});
        for (int i = 0; i < extra; ++i) {
            ProgramWeights open = weights;
            for (std::size_t p : chosen) open[p] = 0;
            if (std::all_of(open.begin(), open.end(), [](int w) { return w == 0; })) break;
            chosen.push_back(rng_.index(open.data(), open.size()));
        }
        for (std::size_t i = chosen.size(); i > 1; --i) std::swap(chosen[i - 1], chosen[rng_.below(i)]);

        ProgramWeights cap = program_cap;
        if (rng_.percent(10)) cap[p_epidural] = 5;  // one more than the 4 a year most plans allow
        ProgramWeights alloc{};
        int remaining = claims;
        for (std::size_t p : chosen) {
            if (remaining == 0) break;
            alloc[p] = 1;
            --remaining;
        }
        for (; remaining > 0; --remaining) {
            ProgramWeights open{};
            bool any = false;
            for (std::size_t p : chosen) {
                if (alloc[p] < cap[p]) {
                    open[p] = program_intensity[p];
                    any = true;
                }
            }
            if (any) {
                ++alloc[rng_.index(open.data(), open.size())];
            } else {  // more claims than the programs hold: more of an open-ended one
                std::size_t p = p_office;
                if (std::find(chosen.begin(), chosen.end(), p_drugs) != chosen.end()) p = p_drugs;
                else if (std::find(chosen.begin(), chosen.end(), p_therapy) != chosen.end()) p = p_therapy;
                ++alloc[p];
            }
        }
        return alloc;
    }

    // --- days ----------------------------------------------------------------------------------

    /// Squeezes increasing days into 2026: a course that would run past December 31 starts
    /// earlier, then, if it must, is compressed (more visits than days share days).
    static void fit_into_year(std::vector<int>& days) {
        if (days.empty() || days.back() <= last_day_2026) return;
        int const shift = std::min(days.front(), days.back() - last_day_2026);
        for (int& d : days) d -= shift;
        if (days.back() <= last_day_2026) return;
        std::int64_t const first = days.front();
        std::int64_t const span = days.back() - first;
        for (int& d : days) d = static_cast<int>(first + (d - first) * (last_day_2026 - first) / span);
    }

    /// `k` visit days from `start`, `gap_lo` to `gap_hi` days apart (a day of jitter each),
    /// fitted into 2026.
    std::vector<int> schedule(int k, int start, int gap_lo, int gap_hi) {
        std::vector<int> days;
        days.reserve(static_cast<std::size_t>(k));
        int const gap = rng_.between(gap_lo, gap_hi);
        int day = start;
        for (int i = 0; i < k; ++i) {
            days.push_back(day);
            day += gap >= 4 ? gap + rng_.between(-1, 1) : gap;
        }
        fit_into_year(days);
        return days;
    }

    // --- lines ---------------------------------------------------------------------------------

    Visit& visit(int day) {
        Visit& v = visits_.emplace_back();
        v.day = day;
        v.order = static_cast<int>(visits_.size());
        return v;
    }

    std::int64_t price(std::string_view code) const { return base_price(code) * m_.price_permille / 1000; }

    Line& service(Visit& v, Kind kind, std::string_view code, int units, int place) {
        Line& line = v.lines.emplace_back();
        line.kind = kind;
        line.code = code;
        line.units = units;
        line.charge = price(code) * units;
        line.place = place;
        if (!rng_.percent(10)) line.diagnoses[0] = m_.primary();
        return line;
    }

    Line& fill(Visit& v, std::string_view drug, int quantity, int days_supply, int unit_cents) {
        Line& line = v.lines.emplace_back();
        line.kind = Kind::drug_fill;
        line.drug_line = true;
        line.drug = drug;
        line.units = quantity;
        line.days_supply = days_supply;
        line.charge = std::int64_t{unit_cents} * quantity * m_.price_permille / 1000;
        if (!rng_.percent(20)) line.diagnoses[0] = m_.primary();
        return line;
    }

    int procedure_place() { return rng_.number({{22, 55}, {24, 30}, {11, 15}}); }

    /// An authorization on file, `percent` times in 100: -1 otherwise. Mostly certified; some
    /// partial, modified, pended or denied, as X12 278 responses come back.
    int authorize(int percent, std::string_view codes, int units, int from, int to) {
        if (!rng_.percent(percent)) return -1;
        Authorization a;
        a.codes = codes;
        a.status = rng_.code({{"A1", 80}, {"A6", 5}, {"A2", 5}, {"A4", 5}, {"A3", 5}});
        a.units = units;
        if (a.status == "A2") a.units = units == 0 ? 6 : std::max(1, units * 2 / 3);
        a.from = from;
        a.to = to;
        do {
            a.number = m_.plan->auth_prefix;
            put_int(a.number, rng_.between(1'000'000, 9'999'999));
        } while (std::any_of(auths_.begin(), auths_.end(),
                             [&](Authorization const& other) { return other.number == a.number; }));
        auths_.push_back(std::move(a));
        return static_cast<int>(auths_.size()) - 1;
    }

    /// Links the line to an authorization on file (auth >= 0); the number is written on 60% of
    /// such lines. Returns the line, for chaining.
    Line& attach(Line& line, int auth) {
        if (auth >= 0) {
            line.auth = auth;
            line.cite_auth = rng_.percent(60);
        }
        return line;
    }

    /// The share of a plan's members whose provider files an authorization for a service that
    /// needs one.
    int pa_percent() const { return m_.medicaid() ? 75 : m_.commercial() ? 65 : 40; }

    // --- programs ------------------------------------------------------------------------------

    void office(int k, int start) {
        auto const days = schedule(k, start, 28, 56);
        int const place = rng_.percent(10) ? 22 : 11;
        for (std::size_t i = 0; i < days.size(); ++i) {
            Visit& v = visit(days[i]);
            std::string_view code = rng_.code({{"99213", 55}, {"99214", 38}, {"99215", 7}});
            if (i == 0 && rng_.percent(35)) code = rng_.code({{"99204", 60}, {"99203", 40}});
            service(v, Kind::office, code, 1, place);
        }
    }

    void therapy(int k, int start) {
        auto const days = schedule(k, start, 2, 4);
        int const place = rng_.percent(20) ? 22 : 11;
        bool const no_modifier_course = rng_.percent(2);  // the GP left off a whole course
        int auth = -1;
        if (m_.medicaid()) {
            auth = authorize(75, "97110 97112 97140 97530", rng_.number({{12, 30}, {24, 40}, {0, 30}}), start - 3,
                             start + 120);
        } else if (m_.commercial() && k > 12) {
            int const from = days[12] - rng_.between(0, 7);
            auth = authorize(60, "97110 97112 97116 97140 97530", rng_.number({{0, 30}, {24, 35}, {36, 35}}), from,
                             from + 180);
        }
        for (std::size_t i = 0; i < days.size(); ++i) {
            Visit& v = visit(days[i]);
            std::string_view modifiers = no_modifier_course || rng_.percent(1) ? "" : "GP";
            if (m_.medicare() && i >= 14 && !modifiers.empty() && rng_.percent(75)) modifiers = "GP KX";
            if (i == 0) {
                service(v, Kind::therapy, rng_.code({{"97161", 40}, {"97162", 45}, {"97163", 15}}), 1, place)
                    .modifiers = modifiers;
                attach(service(v, Kind::therapy, "97110", rng_.between(1, 2), place), auth).modifiers = modifiers;
                continue;
            }
            if (k >= 16 && i == days.size() / 2 && rng_.percent(30)) {
                service(v, Kind::therapy, "97164", 1, place).modifiers = modifiers;
            }
            // 1-4 lines a visit, the re-evaluation included.
            int const room = 4 - static_cast<int>(v.lines.size());
            int const count = std::min(rng_.number({{1, 10}, {2, 45}, {3, 40}, {4, 5}}), room);
            std::string_view used[4];
            for (int n = 0; n < count; ++n) {
                std::string_view code;
                do {
                    code = rng_.code({{"97110", 35}, {"97112", 25}, {"97140", 20}, {"97530", 15}, {"97116", 5}});
                } while (std::find(used, used + n, code) != used + n);
                used[n] = code;
                int const units = code == "97110" ? rng_.between(1, 3) : rng_.between(1, 2);
                attach(service(v, Kind::therapy, code, units, place), auth).modifiers = modifiers;
            }
        }
    }

    void acupuncture(int k, int start) {
        auto const days = schedule(k, start, 3, 7);
        bool const electrical = rng_.percent(45);
        for (int day : days) {
            Visit& v = visit(day);
            service(v, Kind::acupuncture, electrical ? "97813" : "97810", 1, 11);
            if (rng_.percent(55)) service(v, Kind::acupuncture, electrical ? "97814" : "97811", rng_.between(1, 2), 11);
        }
    }

    void chiropractic(int k, int start) {
        auto const days = schedule(k, start, 3, 10);
        for (int day : days) {
            Visit& v = visit(day);
            Line& line = service(v, Kind::chiropractic, rng_.code({{"98940", 55}, {"98941", 38}, {"98942", 7}}), 1, 11);
            if (m_.medicare()) {  // Part B: active treatment of a subluxation, modifier AT
                line.modifiers = rng_.percent(92) ? "AT" : "";
                line.diagnoses = {"M99.03", m_.primary()};
            } else if (rng_.percent(30)) {
                line.diagnoses = {"M99.03", m_.primary()};
            }
            if (rng_.percent(8)) service(v, Kind::chiropractic, "98943", 1, 11);
        }
    }

    void psychology(int k, int start) {
        auto const days = schedule(k, start, 7, 14);
        int auth = -1;
        if (m_.medicaid() && k > 12) auth = authorize(60, "90832 90834 90837", 0, days[12] - 5, days[12] + 180);
        for (std::size_t i = 0; i < days.size(); ++i) {
            Visit& v = visit(days[i]);
            int const place = rng_.number({{11, 80}, {10, 20}});  // 10: telehealth in the patient's home
            if (i == 0) {
                service(v, Kind::psychology, "90791", 1, place);
                continue;
            }
            std::string_view const code = rng_.code({{"90834", 50}, {"90832", 22}, {"90837", 13}, {"96158", 15}});
            attach(service(v, Kind::psychology, code, 1, place), i >= 12 ? auth : -1);
            if (code == "96158" && rng_.percent(50)) service(v, Kind::psychology, "96159", rng_.between(1, 2), place);
        }
    }

    void biofeedback(int k, int start) {
        auto const days = schedule(k, start, 6, 8);
        bool const reeducation = m_.is(Condition::multiple_sclerosis) && rng_.percent(80);
        int auth = -1;
        if (reeducation && m_.commercial()) auth = authorize(50, "90901", 10, start - 7, start + 120);
        for (int day : days) {
            Visit& v = visit(day);
            Line& line = attach(service(v, Kind::biofeedback, "90901", 1, 11), auth);
            if (reeducation) line.diagnoses = {rng_.code({{"M62.81", 60}, {"M62.830", 40}}), m_.primary()};
        }
    }

    /// The radicular diagnosis an injection is billed with.
    std::string_view spine_diagnosis() {
        if (m_.is(Condition::failed_back) && m_.diagnoses.size() > 1 && rng_.percent(70)) return m_.diagnoses[1];
        return m_.primary();
    }

    void epidural(int k, int start) {
        auto const days = schedule(k, start, 21, 60);
        bool const cervical = m_.primary() == "M54.12";
        std::string_view const code =
            cervical ? rng_.code({{"62321", 55}, {"64479", 40}, {"62320", 5}})
                     : rng_.code({{"62323", 55}, {"64483", 40}, {"62322", 5}});
        std::string_view const add_on = code == "64479" ? "64480" : code == "64483" ? "64484" : "";
        int const place = procedure_place();
        int auth = -1;
        if (!m_.medicare()) {
            std::string_view const codes = cervical ? "62321 64479 64480" : "62323 64483 64484";
            int const from = start - rng_.between(0, 10);
            auth = authorize(pa_percent(), codes, rng_.number({{3, 50}, {4, 30}, {2, 20}}), from, from + 180);
        }
        for (int day : days) {
            Visit& v = visit(day);
            std::string_view const dx = spine_diagnosis();
            Line& line = attach(service(v, Kind::epidural, code, 1, place), auth);
            if (!line.diagnoses[0].empty()) line.diagnoses[0] = dx;
            if (!add_on.empty() && rng_.percent(40)) {
                Line& extra = attach(service(v, Kind::epidural, add_on, 1, place), auth);
                if (!extra.diagnoses[0].empty()) extra.diagnoses[0] = dx;
            }
        }
    }

    void facet(int k, int start) {
        bool const cervical = m_.primary() == "M54.12" || rng_.percent(10);
        int const place = procedure_place();
        // Two diagnostic medial branch blocks, then radiofrequency ablation; repeated later.
        std::vector<int> days;
        int day = start;
        for (int i = 0; i < k; ++i) {
            days.push_back(day);
            day += i == 0 ? rng_.between(14, 28) : i == 1 ? rng_.between(21, 42) : i == 2 ? rng_.between(150, 200)
                                                                                  : rng_.between(14, 28);
        }
        fit_into_year(days);
        bool const needs_pa = !m_.medicare() || place == 22;
        int const percent = needs_pa ? pa_percent() : 0;
        int const block_auth =
            authorize(percent, cervical ? "64490 64491" : "64493 64494", 0, start - 5, start + 120);
        int const ablation_auth =
            k > 2 ? authorize(percent, cervical ? "64633 64634" : "64635 64636", 0, days[2] - 10, days[2] + 300) : -1;
        for (std::size_t i = 0; i < days.size(); ++i) {
            Visit& v = visit(days[i]);
            bool const ablation = i == 2 || i == 5;
            int const auth = ablation ? ablation_auth : block_auth;
            std::string_view first = cervical ? (ablation ? "64633" : "64490") : (ablation ? "64635" : "64493");
            std::string_view second = cervical ? (ablation ? "64634" : "64491") : (ablation ? "64636" : "64494");
            attach(service(v, Kind::facet, first, 1, place), auth);
            if (rng_.percent(75)) attach(service(v, Kind::facet, second, 1, place), auth);
            if (!ablation && rng_.percent(5)) service(v, Kind::facet, cervical ? "64492" : "64495", 1, place);
        }
    }

    void nerve_block(int k, int start) {
        auto const days = schedule(k, start, 14, 42);
        bool const trigeminal = m_.is(Condition::trigeminal) || m_.primary() == "B02.22";
        std::string_view const code = trigeminal ? "64400" : rng_.code({{"64450", 60}, {"64405", 40}});
        int const place = rng_.percent(60) ? 11 : 22;
        int auth = -1;
        if (m_.medicaid() || (m_.commercial() && k > 4)) {
            auth = authorize(m_.medicaid() ? 75 : 50, trigeminal ? "64400" : "64405 64450", 0, start - 5, start + 240);
        }
        for (int day : days) attach(service(visit(day), Kind::nerve_block, code, 1, place), auth);
    }

    void sympathetic(int k, int start) {
        auto const days = schedule(k, start, 7, 21);
        std::string_view const dx = m_.primary();
        std::string_view code = rng_.code({{"64510", 50}, {"64520", 50}});
        if (dx.substr(0, 5) == "G90.5" && dx.size() > 5) code = dx[5] == '1' ? "64510" : "64520";  // upper/lower limb
        int const place = rng_.percent(60) ? 22 : 24;
        int auth = -1;
        if (!m_.medicare()) auth = authorize(m_.medicaid() ? 75 : 50, code, 0, start - 5, start + 180);
        for (int day : days) attach(service(visit(day), Kind::nerve_block, code, 1, place), auth);
    }

    void stimulator(int k, int start) {
        // A psychological evaluation, then a trial with percutaneous leads, then the implant.
        int const trial_day = start + rng_.between(14, 60);
        int const implant_day = trial_day + rng_.between(28, 60);
        std::vector<int> days = {start, trial_day, implant_day};
        days.resize(static_cast<std::size_t>(std::min(k, 3)));
        fit_into_year(days);
        int const place = procedure_place();
        int const trial_percent = m_.medicare() ? (place == 22 ? 60 : 0) : m_.medicaid() ? 85 : 75;
        int const trial_auth = days.size() > 1 ? authorize(trial_percent, "63650", 2, days[1] - 14, days[1] + 60) : -1;
        bool const paddle = rng_.percent(30);
        int implant_auth = -1;
        if (days.size() > 2 && !m_.medicare()) {
            implant_auth = authorize(m_.medicaid() ? 70 : 55, paddle ? "63655 63685" : "63685 63650", 0,
                                     days[2] - 14, days[2] + 60);
        }
        service(visit(days[0]), Kind::psychology, "90791", 1, 11);
        if (days.size() > 1) attach(service(visit(days[1]), Kind::stimulator, "63650", 2, place), trial_auth);
        if (days.size() > 2) {
            Visit& v = visit(days[2]);
            // The trial's authorization number is often written on the implant claim.
            int const auth = implant_auth >= 0 && !rng_.percent(25) ? implant_auth : trial_auth;
            if (paddle) attach(service(v, Kind::stimulator, "63655", 1, 22), auth);
            else attach(service(v, Kind::stimulator, "63650", 2, 22), auth);
            attach(service(v, Kind::stimulator, "63685", 1, 22), auth);
        }
    }

    void ketamine(int k, int start) {
        // A loading series every 2-3 days, then boosters every 3-6 weeks.
        std::vector<int> days;
        int day = start;
        for (int i = 0; i < k; ++i) {
            days.push_back(day);
            day += i < 4 ? rng_.between(2, 3) : rng_.between(21, 42);
        }
        fit_into_year(days);
        // Ketamine injection as rules/base/drug-codes.rules lists it.
        std::string_view const drug = rng_.code(
            {{"238082", 30}, {"238083", 15}, {"238084", 15}, {"206967", 15}, {"206970", 15}, {"206972", 10}});
        int const place = rng_.percent(50) ? 11 : 22;
        for (int d : days) {
            Visit& v = visit(d);
            auto add = [&](std::string_view code, int quantity) {
                Line& line = v.lines.emplace_back();
                line.kind = Kind::ketamine;
                line.drug_line = true;
                line.code = code;
                line.drug = drug;
                line.units = quantity;
                line.days_supply = 1;
                line.charge = price(code) * quantity;
                line.place = place;
                if (!rng_.percent(10)) line.diagnoses[0] = m_.primary();
            };
            add("J3490", 1);
            add("96365", 1);
            if (rng_.percent(80)) add("96366", rng_.between(1, 3));
        }
    }

    void capsaicin(int k, int start) {
        auto days = schedule(k, start, 88, 100);
        if (days.size() > 1 && rng_.percent(5)) days[1] = days[0] + rng_.between(45, 60);  // too soon
        int auth = -1;
        if (!m_.medicare()) {
            auth = authorize(pa_percent(), "J7336", rng_.percent(50) ? 1120 : 0, start - 5, start + 365);
        }
        for (int day : days) {
            // 5 patches of 280 cm2 run past the 1120 cm2 a day the label allows.
            int const patches = rng_.number({{1, 25}, {2, 30}, {3, 20}, {4, 20}, {5, 5}});
            attach(service(visit(day), Kind::capsaicin, "J7336", 280 * patches, 11), auth);
        }
    }

    /// A drug's fill authorization: what each plan asks a PA for (StateCare: pregabalin, lidocaine
    /// patches, oxycodone; Acme: lidocaine patches outside post-herpetic neuralgia).
    int drug_auth(Drug drug, std::string_view rxnorm, int from) {
        bool needs = false;
        if (m_.medicaid()) needs = drug == Drug::pregabalin || drug == Drug::lidocaine_patch || drug == Drug::oxycodone;
        if (m_.commercial()) needs = drug == Drug::lidocaine_patch && !m_.is(Condition::post_herpetic);
        if (!needs) return -1;
        return authorize(60, rxnorm, 0, from - 5, from + 365);
    }

    void drugs(int k, int start) {
        auto const& choices = m_.condition->drugs;
        int streams = k <= 5 ? 1 : rng_.number({{1, 40}, {2, 45}, {3, 15}});
        std::vector<Drug> taken;
        for (int s = 0; s < streams; ++s) {
            Drug d = rng_.from(choices);
            if (std::find(taken.begin(), taken.end(), d) != taken.end()) continue;
            taken.push_back(d);
        }
        streams = static_cast<int>(taken.size());
        for (int s = 0; s < streams; ++s) {
            int const fills = k / streams + (s < k % streams ? 1 : 0);
            drug_stream(taken[static_cast<std::size_t>(s)], fills, s == 0 ? start : start + rng_.between(0, 60));
        }
    }

    void drug_stream(Drug drug, int fills, int start) {
        DrugInfo const* info = &drug_info(drug);
        bool const opioid = !info->first_quantity.empty();
        // Some switch from gabapentin to pregabalin after two or three fills (step therapy met).
        int switch_at = -1;
        bool const pregabalin_possible = std::any_of(m_.condition->drugs.begin(), m_.condition->drugs.end(),
                                                     [](auto const& w) { return w.value == Drug::pregabalin; });
        if (drug == Drug::gabapentin && fills >= 4 && pregabalin_possible && rng_.percent(35)) {
            switch_at = rng_.between(2, 3);
        }
        bool const ninety = info->maintenance && switch_at < 0 && rng_.percent(15);
        int quantity = rng_.from(info->quantity);
        std::string_view rxnorm = rng_.from(info->rxnorm);
        int auth = drug_auth(drug, rxnorm, start);
        int day = start;
        for (int i = 0; i < fills; ++i) {
            if (i == switch_at) {
                drug = Drug::pregabalin;
                info = &drug_info(drug);
                quantity = rng_.from(info->quantity);
                rxnorm = rng_.from(info->rxnorm);
                auth = drug_auth(drug, rxnorm, day);
            }
            int q = quantity;
            int supply = 30;
            if (opioid && i == 0 && rng_.percent(85)) {  // a new opioid patient: 7 days
                q = rng_.from(info->first_quantity);
                supply = 7;
            } else if (ninety) {
                q = quantity * 3;
                supply = 90;
            }
            Visit& v = visit(day);
            attach(fill(v, rxnorm, q, supply, info->unit_cents), auth);
            day += supply == 7 ? rng_.between(6, 10) : supply + rng_.between(-4, 6);
        }
        // Refills past December 31 are pulled into the year.
        std::vector<int> days;
        auto const first = visits_.size() - static_cast<std::size_t>(fills);
        for (std::size_t i = first; i < visits_.size(); ++i) days.push_back(visits_[i].day);
        fit_into_year(days);
        for (std::size_t i = first; i < visits_.size(); ++i) visits_[i].day = days[i - first];
    }

    // --- what every claim gets -----------------------------------------------------------------

    /// Out of network (5% of claims) and, on 3.7% of the lines that are not drugs (3% of all
    /// lines), a real code that no rule of the sample plans mentions. The spinal cord stimulation
    /// work-up (evaluation, trial, implant) keeps its codes, so its sequence stays whole.
    void finish(Visit& v) {
        v.out_of_network = rng_.percent(5);
        for (Line& line : v.lines) {
            if (line.drug_line || line.kind == Kind::stimulator || line.code == "90791") continue;
            if (rng_.below(1000) >= 37) continue;
            switch (line.kind) {
            case Kind::therapy:
            case Kind::acupuncture:
            case Kind::chiropractic:
            case Kind::biofeedback:  // massage, unattended e-stim, dry needling
                line.code = rng_.code({{"97124", 30}, {"97014", 25}, {"20560", 25}, {"20561", 20}});
                break;
            case Kind::office:
            case Kind::psychology:  // nerve conduction study, lumbar MRI, trigger points
                line.code = rng_.code({{"95910", 30}, {"72148", 30}, {"20552", 40}});
                line.modifiers = "";
                break;
            default:  // trigger point injections, unlisted nervous system procedure, imaging
                line.code = rng_.code({{"20552", 35}, {"20553", 25}, {"64999", 15}, {"72148", 15}, {"95910", 10}});
                line.modifiers = "";
                break;
            }
            line.kind = Kind::unknown_code;
            line.units = 1;
            line.charge = price(line.code);
            line.auth = -1;
            line.cite_auth = false;
        }
    }

    Random& rng_;
    Member const& m_;
    std::vector<Visit>& visits_;
    std::vector<Authorization>& auths_;
};

// =============================================================================================
// Defects, for error-path tests (--broken)

enum class Defect { none, bad_date, negative_units, missing_code, misspelt_attribute };

struct DefectPlan {
    Defect kind = Defect::none;
    std::size_t line = 0;  ///< the line it is on
    int variant = 0;
};

/// One realistic defect, `ppm` claims in a million. It draws from a stream of its own, so
/// --broken changes which claims get a defect, never the claims themselves.
DefectPlan plan_defect(Random& rng, std::uint64_t ppm, std::size_t lines) {
    DefectPlan d;
    if (!rng.per_million(ppm)) return d;
    d.kind = static_cast<Defect>(rng.number({{1, 30}, {2, 25}, {3, 25}, {4, 20}}));
    d.line = static_cast<std::size_t>(rng.below(lines));
    d.variant = rng.between(0, 4);
    return d;
}

constexpr std::array<std::string_view, 5> bad_dates = {"2026-02-30", "03/14/2026", "2026-13-04", "2026-4-7",
                                                       "2026-06-31"};

// =============================================================================================
// Formatting a claim

void put_attr(std::string& out, std::string_view name, std::string_view value) {
    out += ' ';
    out += name;
    out += "=\"";
    out += value;
    out += '"';
}

void put_attr_int(std::string& out, std::string_view name, long long value) {
    out += ' ';
    out += name;
    out += "=\"";
    put_int(out, value);
    out += '"';
}

/// One <claim>: indented under <claims>, or at the left margin when it is the file's root.
void write_claim(std::string& out, bool standalone, int id_width, std::uint64_t number, Member const& m,
                 Visit const& v, std::vector<Authorization> const& auths, DefectPlan const& defect) {
    std::string_view const in = standalone ? "" : "  ";
    out += in;
    out += "<claim id=\"CLM-";
    put_padded(out, static_cast<long long>(number), id_width);
    out += "\" plan=\"";
    out += m.plan->id;
    out += "\">\n";

    out += in;
    out += "  <patient";
    put_attr(out, "member-id", m.id);
    if (m.has_birth_date) {
        out += " birth-date=\"";
        put_date(out, m.birth_day);
        out += '"';
    }
    if (!m.sex.empty()) put_attr(out, "sex", m.sex);
    if (!m.state.empty()) put_attr(out, "state", m.state);
    out += "/>\n";

    // The member's diagnoses, then any a line adds (M99.03 for a chiropractic line, ...).
    std::array<std::string_view, 16> dx{};
    std::size_t dx_count = 0;
    auto add_dx = [&](std::string_view code) {
        if (code.empty() || dx_count == dx.size()) return;
        if (std::find(dx.begin(), dx.begin() + static_cast<std::ptrdiff_t>(dx_count), code) !=
            dx.begin() + static_cast<std::ptrdiff_t>(dx_count)) {
            return;
        }
        dx[dx_count++] = code;
    };
    for (auto const& d : m.diagnoses) add_dx(d);
    for (auto const& line : v.lines) {
        for (auto code : line.diagnoses) add_dx(code);
    }
    out += in;
    out += "  <diagnoses>";
    for (std::size_t i = 0; i < dx_count; ++i) {
        out += "<diagnosis code=\"";
        out += dx[i];
        out += "\"/>";
    }
    out += "</diagnoses>\n";

    std::array<int, 8> used{};
    std::size_t used_count = 0;
    for (auto const& line : v.lines) {
        if (line.auth < 0 || used_count == used.size()) continue;
        if (std::find(used.begin(), used.begin() + static_cast<std::ptrdiff_t>(used_count), line.auth) ==
            used.begin() + static_cast<std::ptrdiff_t>(used_count)) {
            used[used_count++] = line.auth;
        }
    }
    if (used_count > 0) {
        out += in;
        out += "  <authorizations>\n";
        for (std::size_t i = 0; i < used_count; ++i) {
            Authorization const& a = auths[static_cast<std::size_t>(used[i])];
            out += in;
            out += "    <authorization";
            put_attr(out, "number", a.number);
            put_attr(out, "codes", a.codes);
            put_attr_int(out, "units", a.units);
            out += " from=\"";
            put_date(out, a.from);
            out += "\" to=\"";
            put_date(out, a.to);
            out += '"';
            put_attr(out, "status", a.status);
            out += "/>\n";
        }
        out += in;
        out += "  </authorizations>\n";
    }

    out += in;
    out += "  <services>\n";
    for (std::size_t i = 0; i < v.lines.size(); ++i) {
        Line const& line = v.lines[i];
        Defect const fault = defect.line == i ? defect.kind : Defect::none;
        // A misspelt attribute: 'diagnosis' for 'diagnoses', 'unit'/'qty' for the amount,
        // 'netwrok' for 'network'.
        int misspelt = -1;
        if (fault == Defect::misspelt_attribute) {
            misspelt = defect.variant % 3;
            if (misspelt == 0 && line.diagnoses[0].empty()) misspelt = 2;
        }
        out += in;
        out += line.drug_line ? "    <drug" : "    <service";
        put_attr_int(out, "line", static_cast<long long>(i + 1));
        out += " date=\"";
        if (fault == Defect::bad_date) out += bad_dates[static_cast<std::size_t>(defect.variant) % bad_dates.size()];
        else put_date(out, v.day);
        out += '"';
        bool const drop_code = fault == Defect::missing_code;
        if (!line.code.empty() && !(drop_code && !line.drug_line)) put_attr(out, "code", line.code);
        if (line.drug_line && !drop_code) put_attr(out, "drug", line.drug);
        if (!line.modifiers.empty()) put_attr(out, "modifiers", line.modifiers);
        long long const amount = fault == Defect::negative_units ? -line.units : line.units;
        if (line.drug_line) {
            put_attr_int(out, misspelt == 1 ? "qty" : "quantity", amount);
            put_attr_int(out, "days-supply", line.days_supply);
        } else if (amount != 1 || misspelt == 1) {
            put_attr_int(out, misspelt == 1 ? "unit" : "units", amount);
        }
        out += " charge=\"";
        put_money(out, line.charge);
        out += '"';
        if (line.place != 0) put_attr_int(out, "place", line.place);
        put_attr(out, misspelt == 2 ? "netwrok" : "network", v.out_of_network ? "out" : "in");
        if (!line.diagnoses[0].empty()) {
            out += misspelt == 0 ? " diagnosis=\"" : " diagnoses=\"";
            out += line.diagnoses[0];
            if (!line.diagnoses[1].empty() && line.diagnoses[1] != line.diagnoses[0]) {
                out += ' ';
                out += line.diagnoses[1];
            }
            out += '"';
        }
        if (line.cite_auth) put_attr(out, "authorization", auths[static_cast<std::size_t>(line.auth)].number);
        out += "/>\n";
    }
    out += in;
    out += "  </services>\n";
    out += in;
    out += "</claim>\n";
}

// =============================================================================================
// The output files

/// Collects formatted claims in a window, shuffles each full window and deals its claims to the
/// files in turn, so a member's visits land in several files and out of date order, while memory
/// stays bounded by the window. Files are opened per window, so any number of them works.
class ClaimFiles {
public:
    /// `files` 0: one claim per file, the <claim> its root.
    ClaimFiles(fs::path dir, std::uint64_t files, std::uint64_t claims, std::uint64_t seed)
        : dir_(std::move(dir)),
          files_(files),
          name_width_(std::max(5, digit_count(files == 0 ? claims : files))),
          window_claims_(std::max<std::uint64_t>(8192, 16 * files)),
          shuffle_(mix(seed + 0x5EED5EEDULL)) {
        header_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<!-- Synthetic claims from tests/tools/generate_claims (seed " +
                  std::to_string(seed) + "): fictional members, not patient data. -->\n";
        if (files_ != 0) {
            header_ += "<claims>\n";
            staged_.resize(files_);
            started_.assign(files_, false);
        }
        starts_.push_back(0);
    }

    bool standalone() const { return files_ == 0; }
    /// Format one claim at the end of this, then call end_claim().
    std::string& text() { return window_; }

    void end_claim() {
        starts_.push_back(window_.size());
        if (starts_.size() - 1 >= window_claims_ || window_.size() >= (std::size_t{32} << 20U)) flush();
    }

    /// Writes what is left and closes every <claims> root.
    void finish() {
        flush();
        if (standalone()) return;
        for (std::uint64_t f = 0; f < files_; ++f) {
            if (started_[f]) write(path(f + 1), "ab", "</claims>\n", "");
            else write(path(f + 1), "wb", header_, "</claims>\n");
        }
    }

    std::uint64_t bytes() const { return bytes_; }
    std::uint64_t files_written() const { return standalone() ? dealt_ : files_; }

private:
    void flush() {
        std::size_t const count = starts_.size() - 1;
        if (count == 0) return;
        order_.resize(count);
        for (std::size_t i = 0; i < count; ++i) order_[i] = i;
        for (std::size_t i = count; i > 1; --i) std::swap(order_[i - 1], order_[shuffle_.below(i)]);
        for (std::size_t i : order_) {
            std::string_view const claim(window_.data() + starts_[i], starts_[i + 1] - starts_[i]);
            if (standalone()) {
                write(path(++dealt_), "wb", header_, claim);
            } else {
                staged_[dealt_++ % files_] += claim;
            }
        }
        if (!standalone()) {
            for (std::uint64_t f = 0; f < files_; ++f) {
                if (staged_[f].empty()) continue;
                if (started_[f]) write(path(f + 1), "ab", staged_[f], "");
                else write(path(f + 1), "wb", header_, staged_[f]);
                started_[f] = true;
                staged_[f].clear();
            }
        }
        window_.clear();
        starts_.assign(1, 0);
    }

    fs::path path(std::uint64_t number) const {
        std::string name = "claims-";
        put_padded(name, static_cast<long long>(number), name_width_);
        name += ".xml";
        return dir_ / name;
    }

    void write(fs::path const& file, char const* mode, std::string_view a, std::string_view b) {
        std::FILE* f = std::fopen(file.c_str(), mode);
        if (f == nullptr) throw std::runtime_error("cannot write " + file.string() + ": " + std::strerror(errno));
        bool ok = std::fwrite(a.data(), 1, a.size(), f) == a.size();
        ok = ok && std::fwrite(b.data(), 1, b.size(), f) == b.size();
        ok = std::fclose(f) == 0 && ok;
        if (!ok) throw std::runtime_error("cannot write " + file.string() + ": " + std::strerror(errno));
        bytes_ += a.size() + b.size();
    }

    fs::path dir_;
    std::uint64_t files_;
    int name_width_;
    std::uint64_t window_claims_;
    Random shuffle_;
    std::string header_;
    std::string window_;
    std::vector<std::size_t> starts_;  ///< claim i is window_[starts_[i], starts_[i + 1])
    std::vector<std::size_t> order_;
    std::vector<std::string> staged_;  ///< per file, the claims of this window
    std::vector<bool> started_;        ///< the file has its header
    std::uint64_t dealt_ = 0;          ///< claims written so far
    std::uint64_t bytes_ = 0;
};

// =============================================================================================
// The command line

struct Options {
    std::uint64_t claims = 1000;
    std::uint64_t members = 0;  ///< 0: claims / 12
    std::vector<std::string> plans;
    std::uint64_t files = 10;
    std::uint64_t seed = 1;
    std::uint64_t broken_ppm = 0;  ///< --broken, in claims per million
    fs::path rules;
    fs::path out;
    bool stats = false;
    bool help = false;
};

std::uint64_t parse_count(std::string_view text, std::string_view option, std::uint64_t lo, std::uint64_t hi) {
    std::uint64_t value = 0;
    auto const [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() || value < lo || value > hi) {
        throw UsageError("--" + std::string(option) + " needs a whole number from " + std::to_string(lo) + " to " +
                         std::to_string(hi) + ", found '" + std::string(text) + "'");
    }
    return value;
}

/// A percent with up to four decimals ("2", "0.5") as parts per million.
std::uint64_t parse_percent(std::string_view text) {
    auto const dot = text.find('.');
    std::string_view const whole = text.substr(0, dot);
    std::string_view const fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    auto const fail = [&] {
        return UsageError("--broken needs a percent from 0 to 100 (decimals allowed, e.g. 0.5), found '" +
                          std::string(text) + "'");
    };
    if (whole.empty() || fraction.size() > 4 || (dot != std::string_view::npos && fraction.empty())) throw fail();
    std::uint64_t value = 0;
    for (std::string_view part : {whole, fraction}) {
        for (char c : part) {
            if (c < '0' || c > '9' || value > 1'000'000'000ULL) throw fail();
            value = value * 10 + static_cast<std::uint64_t>(c - '0');
        }
    }
    for (std::size_t i = fraction.size(); i < 4; ++i) value *= 10;
    if (value > 1'000'000) throw fail();
    return value;
}

Options parse_options(int argc, char** argv) {
    Options o;
    o.rules = fs::exists(GENERATE_CLAIMS_RULES_DIR) ? fs::path(GENERATE_CLAIMS_RULES_DIR) : fs::path("rules");
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        std::string_view value;
        bool has_value = false;
        if (auto const eq = arg.find('='); arg.substr(0, 2) == "--" && eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            has_value = true;
        }
        auto next = [&]() -> std::string_view {
            if (has_value) return value;
            if (i + 1 >= argc) throw UsageError(std::string(arg) + " needs a value");
            return argv[++i];
        };
        auto const flag = [&] {
            if (has_value) throw UsageError(std::string(arg) + " takes no value");
        };
        if (arg == "--help" || arg == "-h") {
            flag();
            o.help = true;
        } else if (arg == "--stats") {
            flag();
            o.stats = true;
        } else if (arg == "--claims") {
            o.claims = parse_count(next(), "claims", 1, 1'000'000'000);
        } else if (arg == "--members") {
            o.members = parse_count(next(), "members", 1, 100'000'000);
        } else if (arg == "--files") {
            o.files = parse_count(next(), "files", 0, 100'000);
        } else if (arg == "--seed") {
            o.seed = parse_count(next(), "seed", 0, UINT64_MAX);
        } else if (arg == "--broken") {
            o.broken_ppm = parse_percent(next());
        } else if (arg == "--rules") {
            o.rules = fs::path(std::string(next()));
        } else if (arg == "--out") {
            o.out = fs::path(std::string(next()));
        } else if (arg == "--plans") {
            std::string_view list = next();
            while (!list.empty()) {
                auto const comma = list.find(',');
                std::string_view const id = trim(list.substr(0, comma));
                if (!id.empty() && std::find(o.plans.begin(), o.plans.end(), id) == o.plans.end()) {
                    o.plans.emplace_back(id);
                }
                list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
            }
            if (o.plans.empty()) throw UsageError("--plans needs at least one plan id");
        } else {
            throw UsageError("unknown option '" + std::string(arg) + "'");
        }
    }
    if (!o.help && o.out.empty()) throw UsageError("--out DIR is required");
    return o;
}

/// The plans named by --plans, checked against the rules headers; every plan there by default.
std::vector<Plan> choose_plans(Options const& o) {
    std::vector<Plan> const known = read_plans(o.rules);
    if (o.plans.empty()) {
        if (known.empty()) {
            throw UsageError("found no `plan \"ID\" {` header in " + o.rules.string() +
                             "/*.rules; name the folder with --rules or the plans with --plans");
        }
        return known;
    }
    std::vector<Plan> plans;
    for (auto const& id : o.plans) {
        auto const it = std::find_if(known.begin(), known.end(), [&](Plan const& p) { return p.id == id; });
        if (it != known.end()) {
            plans.push_back(*it);
        } else if (known.empty()) {  // nothing to check against: take the id as given
            Plan p{id, plan_kind(id, ""), "", ""};
            p.auth_prefix = auth_prefix(p);
            plans.push_back(std::move(p));
        } else {
            std::string names;
            for (auto const& p : known) names += (names.empty() ? "" : ", ") + p.id;
            throw UsageError("unknown plan id '" + id + "'; the plans in " + o.rules.string() + " are " + names);
        }
    }
    if (known.empty()) {
        std::fprintf(stderr, "generate_claims: note: no plan headers in %s; plan ids not checked\n",
                     o.rules.string().c_str());
    }
    return plans;
}

/// How many claims a member gets relative to the others: most have a few visits, some a long
/// course (a hash, so the first pass needs no random stream).
std::uint64_t member_weight(std::uint64_t seed, std::uint64_t member) {
    std::uint64_t const h = mix(mix(seed ^ 0x3779B97F4A7C15ULL) + member) % 100;
    return h < 35 ? 3 : h < 75 ? 8 : h < 95 ? 16 : 30;
}

void put_share(std::string& out, std::uint64_t part, std::uint64_t whole) {
    std::uint64_t const permille = whole == 0 ? 0 : (part * 1000 + whole / 2) / whole;
    put_int(out, static_cast<long long>(part));
    out += " (";
    put_int(out, static_cast<long long>(permille / 10));
    out += '.';
    put_int(out, static_cast<long long>(permille % 10));
    out += "%)";
}

int run(int argc, char** argv) {
    Options const o = parse_options(argc, argv);
    if (o.help) {
        std::fputs(usage_text, stdout);
        return 0;
    }
    std::vector<Plan> const plans = choose_plans(o);
    std::uint64_t const members = o.members != 0 ? o.members : std::max<std::uint64_t>(1, o.claims / 12);
    if (o.claims / members > 2000) {
        throw UsageError("at most 2000 claims per member on average (a year of care); raise --members");
    }
    std::uint64_t files_wanted = o.files;
    if (files_wanted > o.claims) {  // an empty <claims> is an error to the claim reader
        std::fprintf(stderr, "generate_claims: note: %llu claims fill only %llu files\n",
                     static_cast<unsigned long long>(o.claims), static_cast<unsigned long long>(o.claims));
        files_wanted = o.claims;
    }
    std::error_code ec;
    fs::create_directories(o.out, ec);
    if (!fs::is_directory(o.out)) {
        throw std::runtime_error("cannot create the folder " + o.out.string() + (ec ? ": " + ec.message() : ""));
    }

    // Pass 1: the members' weights, so that claim counts add up to exactly --claims.
    std::uint64_t total_weight = 0;
    for (std::uint64_t m = 0; m < members; ++m) total_weight += member_weight(o.seed, m);

    // Pass 2: each member's course, formatted claim by claim and streamed to the files.
    Random course(mix(o.seed));
    Random defects(mix(o.seed ^ 0xD1FEC7D1FEC7ULL));
    MemberFactory const factory(plans, static_cast<std::size_t>(members));
    ClaimFiles files(o.out, files_wanted, o.claims, o.seed);
    int const id_width = std::max(6, digit_count(o.claims));
    std::vector<Visit> visits;
    std::vector<Authorization> auths;
    std::array<std::uint64_t, static_cast<std::size_t>(Kind::count)> kinds{};
    std::uint64_t cumulative = 0, assigned = 0, claim_number = 0, lines = 0, with_claims = 0;
    std::uint64_t out_of_network = 0, broken = 0, with_auths = 0;
    for (std::uint64_t m = 0; m < members; ++m) {
        cumulative += member_weight(o.seed, m);
        std::uint64_t const upto = o.claims * cumulative / total_weight;  // < 2^64: see the limits
        auto const count = static_cast<int>(upto - assigned);
        assigned = upto;
        if (count == 0) continue;
        ++with_claims;
        Member const member = factory.make(static_cast<std::size_t>(m), course);
        CourseBuilder(course, member, visits, auths).build(count);
        for (Visit const& v : visits) {
            DefectPlan const defect = plan_defect(defects, o.broken_ppm, v.lines.size());
            write_claim(files.text(), files.standalone(), id_width, ++claim_number, member, v, auths, defect);
            files.end_claim();
            lines += v.lines.size();
            for (Line const& line : v.lines) ++kinds[static_cast<std::size_t>(line.kind)];
            out_of_network += v.out_of_network ? 1 : 0;
            broken += defect.kind != Defect::none ? 1 : 0;
            with_auths += std::any_of(v.lines.begin(), v.lines.end(), [](Line const& l) { return l.auth >= 0; });
        }
    }
    files.finish();

    std::string summary = "generate_claims: ";
    put_int(summary, static_cast<long long>(claim_number));
    summary += " claims (";
    put_int(summary, static_cast<long long>(lines));
    summary += " lines) for ";
    put_int(summary, static_cast<long long>(with_claims));
    summary += " members in ";
    put_int(summary, static_cast<long long>(files.files_written()));
    summary += " files, ";
    put_int(summary, static_cast<long long>(files.bytes()));
    summary += " bytes, in " + o.out.string() + " (seed " + std::to_string(o.seed) + ")\n";
    std::fputs(summary.c_str(), stderr);
    if (o.stats) {
        std::string s;
        for (std::size_t k = 0; k < kinds.size(); ++k) {
            s += "  ";
            s += kind_names[k];
            s += ": ";
            put_share(s, kinds[k], lines);
            s += " lines\n";
        }
        s += "  claims out of network: ";
        put_share(s, out_of_network, claim_number);
        s += "\n  claims with an authorization on file: ";
        put_share(s, with_auths, claim_number);
        s += "\n  claims with a defect (--broken): ";
        put_share(s, broken, claim_number);
        s += "\n";
        std::fputs(s.c_str(), stderr);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (UsageError const& e) {
        std::fprintf(stderr, "generate_claims: %s (see --help)\n", e.what());
        return 2;
    } catch (std::exception const& e) {
        std::fprintf(stderr, "generate_claims: %s\n", e.what());
        return 1;
    }
}
