// The rules-language grammar (Boost.Spirit X3). The only file that includes X3.
//
// Shape of the language (rules/README.md has the whole story):
//   - one statement or clause per line; a line break ends it, a comma lets a list go on;
//   - `#` comments and blanks are skipped, line breaks are not;
//   - every keyword is a whole word (`limitless` is not `limit`);
//   - values are captured as written (leaves with their offset); lower.cpp checks them, so
//     `$40.5` gets a precise "cents are two digits" message rather than a parse failure.
//
// Building the tree: every node rule starts with a `begin` action that resets the node it
// fills (so an alternative that failed half-way leaves nothing behind), then adds leaves with
// `arg(role)` and sub-nodes with `child`. Every operand after `>` is a named rule, named for
// the reader: its name becomes "expected <name>".
//
// Error recovery: `clause_line` and `statement_line` have on_error handlers that record the
// error, move past the broken line (or to the next top-level statement), and retry.

#include "dsl/grammar.hpp"

#include "core/edit_distance.hpp"

#include <boost/spirit/home/x3.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <string>

namespace covercheck::dsl {

ast::leaf const* ast::node::arg(char const* role) const {
    for (auto const& a : args) {
        if (a.role == role) return &a;
    }
    return nullptr;
}

namespace {

namespace x3 = boost::spirit::x3;
using iterator = char const*;

// ASCII character classes as plain ranges. X3's own (digit, blank, ...) classify with
// the `standard` encoding, which asserts on bytes above 127: a UTF-16 or Latin-1 file would
// abort a build with assertions on. Ranges compare bytes and never assert.
auto const blank = x3::char_(" \t");
auto const digit = x3::char_('0', '9');
auto const lower = x3::char_('a', 'z');
auto const upper = x3::char_('A', 'Z');
auto const alpha = lower | upper;
auto const alnum = alpha | digit;

// ---------------------------------------------------------------------------------------------
// Parse state shared with actions and error handlers through the X3 context.

struct parse_state {
    iterator begin = nullptr;
    iterator end = nullptr;
    std::vector<syntax_error> errors;
    int depth = 0;  ///< current nesting of conditions (parentheses, `not`)
};

/// Conditions nest at most this deep: the parser recurses, and a hostile file must not run
/// it out of stack.
constexpr int max_depth = 64;
struct state_tag;

template <typename Context>
parse_state& state_of(Context const& context) {
    return x3::get<state_tag>(context).get();
}

template <typename Context>
std::size_t offset_of(Context const& context, iterator it) {
    return static_cast<std::size_t>(it - state_of(context).begin);
}

// ---------------------------------------------------------------------------------------------
// Tree-building actions.

/// Resets the rule's node and names it; the offset is where the matched text starts.
struct begin {
    char const* kind;
    template <typename Context>
    void operator()(Context& context) const {
        auto const& range = x3::_attr(context);
        ast::node& node = x3::_val(context);
        node = ast::node{};
        node.kind = kind;
        node.offset = offset_of(context, range.begin());
    }
};

/// Adds the matched text as a leaf with a role.
struct arg {
    char const* role;
    template <typename Context>
    void operator()(Context& context) const {
        auto const& range = x3::_attr(context);
        x3::_val(context).args.push_back(
            ast::leaf{role, offset_of(context, range.begin()), std::string(range.begin(), range.end())});
    }
};

/// Adds a sub-node.
struct child_action {
    template <typename Context>
    void operator()(Context& context) const {
        x3::_val(context).children.push_back(std::move(x3::_attr(context)));
    }
};
constexpr child_action child{};

/// Adds the leaves of a sub-node to this node (for named parts such as a PA trigger).
struct merge_action {
    template <typename Context>
    void operator()(Context& context) const {
        auto& from = x3::_attr(context).args;
        auto& to = x3::_val(context).args;
        to.insert(to.end(), from.begin(), from.end());
    }
};
constexpr merge_action merge{};

// ---------------------------------------------------------------------------------------------
// Lexical pieces.

using x3::char_;
using x3::eoi;
using x3::eol;
using x3::eps;
using x3::lexeme;
using x3::lit;
using x3::raw;

/// Every keyword of the language, for "did you mean" hints.
constexpr char const* keywords[] = {
    "include", "plan", "codes", "shared", "limit", "benefit", "drug", "name", "payer",
    "effective", "from", "to", "period", "calendar", "year", "starting", "deductible",
    "individual", "family", "in", "out", "of", "network", "out-of-pocket", "maximum",
    "coinsurance", "copay", "per", "visit", "day", "fill", "admission", "after", "no", "charge",
    "not", "covered", "excluded", "toward", "state", "tier", "prior", "authorization",
    "required", "above", "documentation", "visits", "units", "days", "sessions", "rolling",
    "lifetime", "months", "weeks", "years", "then", "modifier", "requires", "supply", "at",
    "most", "when", "unless", "and", "or", "diagnosis", "age", "least", "under", "sex", "female",
    "male", "place", "service", "on", "before", "within", "trial", "for", "source", "fee", "schedule",
    "rate", "rates", "allowed", "amount", "with", "lines"};

/// A whole-word keyword: `limit` does not match the start of `limitless` or `limit-x`.
auto kw(char const* word) {
    return lexeme[lit(word) >> !(alnum | char_("_-"))];
}

/// Commits to `subject`: if it does not match, parsing stops here with "expected <name>".
/// (X3's own `a > b` names `b` by its type unless `b` is a rule; this names it for people and
/// lets the actions inside `subject` fill the enclosing rule's node.)
template <typename Subject>
struct must_parser : x3::unary_parser<Subject, must_parser<Subject>> {
    using base_type = x3::unary_parser<Subject, must_parser<Subject>>;
    static bool const is_pass_through_unary = true;
    char const* name;

    constexpr must_parser(Subject const& inner, char const* what) : base_type(inner), name(what) {}

    template <typename It, typename Context, typename RContext, typename Attribute>
    bool parse(It& first, It const& last, Context const& context, RContext& rcontext,
               Attribute& attribute) const {
        if (this->subject.parse(first, last, context, rcontext, attribute)) return true;
        It where = first;
        x3::skip_over(where, last, context);
        boost::throw_exception(x3::expectation_failure<It>(where, name));
    }
};

/// Counts the nesting of conditions and stops the parse past max_depth.
template <typename Subject>
struct nesting_parser : x3::unary_parser<Subject, nesting_parser<Subject>> {
    using base_type = x3::unary_parser<Subject, nesting_parser<Subject>>;
    static bool const is_pass_through_unary = true;

    constexpr explicit nesting_parser(Subject const& inner) : base_type(inner) {}

    template <typename It, typename Context, typename RContext, typename Attribute>
    bool parse(It& first, It const& last, Context const& context, RContext& rcontext,
               Attribute& attribute) const {
        parse_state& state = state_of(context);
        if (state.depth >= max_depth) {
            boost::throw_exception(x3::expectation_failure<It>(first, "conditions nested at most 64 deep"));
        }
        ++state.depth;
        struct leave {
            parse_state& s;
            ~leave() { --s.depth; }
        } const guard{state};
        return this->subject.parse(first, last, context, rcontext, attribute);
    }
};

template <typename Parser>
auto nested(Parser const& p) {
    return nesting_parser<typename x3::extension::as_parser<Parser>::value_type>(x3::as_parser(p));
}

template <typename Parser>
auto must(char const* name, Parser const& p) {
    return must_parser<typename x3::extension::as_parser<Parser>::value_type>(x3::as_parser(p), name);
}

auto const list_sep = lit(',') >> *eol;

// Values: captured loosely here and checked precisely in lower.cpp.
auto const money = lexeme[lit('$') >> digit >> *(digit | lit(',')) >> -(lit('.') >> *digit)];
auto const percent = lexeme[+digit >> -(lit('.') >> *digit) >> lit('%')];
auto const date = lexeme[x3::repeat(4)[digit] >> lit('-') >> x3::repeat(1, 2)[digit] >> lit('-') >>
                         x3::repeat(1, 2)[digit] >> !alnum];
auto const count = lexeme[+digit >> !(alpha | char_("_.%$"))];
auto const name = lexeme[(lower | char_('_')) >> *(lower | digit | char_('_')) >>
                         !(upper | char_(".-"))];
auto const quoted = lexeme[lit('"') >> *((lit('\\') >> (char_ - eol)) | (char_ - char_("\"\\\r\n"))) >>
                           must("a closing quote on the same line", lit('"'))];
auto const code_item = lexeme[(alnum | char_('_')) >> *(alnum | char_("._*-"))];
auto const modifier_code = lexeme[+(upper | digit) >> !alnum];
auto const state_code = lexeme[x3::repeat(2)[upper] >> !alnum];
auto const code_kind = kw("cpt") | kw("hcpcs") | kw("icd10") | kw("rxnorm") | kw("ndc") | kw("modifier");
auto const duration_unit = kw("days") | kw("day") | kw("weeks") | kw("week") | kw("months") |
                           kw("month") | kw("years") | kw("year");
auto const duration = lexeme[+digit] >> duration_unit;
auto const count_unit = kw("visits") | kw("visit") | kw("lines") | kw("line") | kw("units") | kw("unit") |
                        kw("days") | kw("day") | kw("sessions") | kw("session");
auto const quantity = lexeme[+digit] >> count_unit;
auto const window = kw("per") >>
    must("'calendar year', 'plan year', 'benefit period', 'day', 'lifetime' or 'rolling 90 days'",
         (kw("calendar") >> kw("year")) | (kw("plan") >> kw("year")) | (kw("benefit") >> kw("period")) |
         kw("day") | kw("lifetime") |
         (kw("rolling") >> must("a duration like 90 days or 12 months", lexeme[+digit] >> duration_unit)));
auto const month_name = kw("January") | kw("February") | kw("March") | kw("April") | kw("May") |
                        kw("June") | kw("July") | kw("August") | kw("September") | kw("October") |
                        kw("November") | kw("December");
auto const period_spec = (kw("calendar") >> kw("year")) |
                         (kw("plan") >> kw("year") >> kw("starting") >> month_name);
auto const network = (kw("in") >> kw("network")) | (kw("out") >> kw("of") >> kw("network"));
auto const after_deductible = kw("after") >> kw("deductible");
auto const per_unit = kw("visit") | kw("day") | kw("fill") | kw("admission");
auto const past_action = (kw("not") >> kw("covered")) | (kw("prior") >> kw("authorization")) |
                         (kw("modifier") >> modifier_code);
auto const date_op = (kw("on") >> kw("or") >> kw("after")) | kw("before");

// Committed captures: "expected <words>" when missing.
auto money_arg(char const* role) { return must("a dollar amount like $40.00", raw[money][arg{role}]); }
auto percent_arg(char const* role) { return must("a percentage like 20%", raw[percent][arg{role}]); }
auto date_arg(char const* role) { return must("a date like 2026-01-01", raw[date][arg{role}]); }
auto count_arg(char const* role) { return must("a whole number", raw[count][arg{role}]); }
auto name_arg(char const* role) { return must("a name like physical_therapy", raw[name][arg{role}]); }
auto text_arg(char const* role) { return must("text in double quotes", raw[quoted][arg{role}]); }
auto duration_arg(char const* role) {
    return must("a duration like 90 days or 12 months", raw[duration][arg{role}]);
}
auto window_arg(char const* role) {
    return must("a window like 'per calendar year' or 'per rolling 90 days'", raw[window][arg{role}]);
}
auto state_list() {
    return must("a two-letter state like IL", raw[state_code][arg{"state"}]) % list_sep;
}
auto word(char const* what, char const* w) { return must(what, kw(w)); }

auto const end_of_line = must("the end of the line", +eol | &lit('}') | eoi);
auto const open_brace = must("'{' at the end of the line", lit('{') >> +eol);


/// The first words of a top-level statement: where recovery resumes, and what a block
/// missing its '}' runs into.
auto const top_keyword = ((kw("plan") | kw("benefit") | kw("drug")) >> lit('"')) | kw("codes") |
                         kw("include") | (kw("shared") >> kw("limit")) | (kw("fee") >> kw("schedule"));

/// Records "expected <name>" at the current position and succeeds: for a mistake the parser
/// can step over without losing the block it is in (a missing '}').
struct report_parser : x3::parser<report_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    char const* name;

    constexpr explicit report_parser(char const* what) : name(what) {}

    template <typename It, typename Context, typename RContext, typename Attribute>
    bool parse(It& first, It const& last, Context const& context, RContext&, Attribute&) const {
        It where = first;
        x3::skip_over(where, last, context);
        auto& state = state_of(context);
        state.errors.push_back(syntax_error{offset_of(context, where), name, {}});
        return true;
    }
};

/// A block ends with '}'. When the next statement (or the end of the file) comes first, the
/// '}' is reported missing and the block is kept, so its clauses are still checked.
auto const close_brace = lit('}') | (&(top_keyword | eoi) >> report_parser("'}' closing the block"));

/// Moves a sub-node into this rule's node.
struct adopt_action {
    template <typename Context>
    void operator()(Context& context) const {
        x3::_val(context) = std::move(x3::_attr(context));
    }
};
constexpr adopt_action adopt{};

// ---------------------------------------------------------------------------------------------
// Rules. Node rules have attribute ast::node.

// Conditions (recursive, so declared and defined with BOOST_SPIRIT_DEFINE).
x3::rule<struct condition_id, ast::node> const condition = "a condition";
x3::rule<struct and_expr_id, ast::node> const and_expr = "a condition";
x3::rule<struct unary_id, ast::node> const unary = "a condition";

auto const a_condition = "a condition such as 'diagnosis in chronic_pain', 'age at least 18' or 'not (...)'";

auto const not_expr = x3::rule<struct not_id, ast::node>{"not"} =
    raw[kw("not")][begin{"not"}] >> must(a_condition, unary[child]);
auto const paren_expr = x3::rule<struct paren_id, ast::node>{"("} =
    lit('(') >> must(a_condition, condition[adopt]) >> must("')'", lit(')'));

auto const atom = x3::rule<struct atom_id, ast::node>{"a condition"} =
      (raw[kw("diagnosis")][begin{"diagnosis_in"}] >> word("'in'", "in") >> name_arg("set"))
    | (raw[kw("drug")][begin{"drug_in"}] >> word("'in'", "in") >> name_arg("set"))
    | (raw[kw("modifier")][begin{"modifier"}] >>
       must("a modifier like KX or 'in' and a set name",
            (kw("in") >> name_arg("set")) | raw[modifier_code][arg{"code"}]))
    | (raw[kw("age")][begin{"age"}] >>
       must("'at least 18', 'under 65' or '18 to 64'",
            (kw("at") >> word("'least'", "least") >> count_arg("min")) |
            (kw("under") >> count_arg("under")) |
            (raw[count][arg{"min"}] >> word("'to'", "to") >> count_arg("max"))))
    | (raw[kw("sex")][begin{"sex"}] >> must("female or male", raw[kw("female") | kw("male")][arg{"sex"}]))
    | (raw[kw("place") >> kw("of") >> kw("service")][begin{"place"}] >> (count_arg("pos") % list_sep))
    | (raw[kw("in") >> kw("network")][begin{"in_network"}])
    | (raw[kw("out") >> kw("of") >> kw("network")][begin{"out_of_network"}])
    | (raw[kw("state")][begin{"state"}] >> state_list())
    | (raw[kw("service")][begin{"service_date"}] >>
       must("'on or after' or 'before'", raw[date_op][arg{"op"}]) >> date_arg("date"))
    | (raw[kw("prior") >> kw("service")][begin{"prior_service"}] >> word("'in'", "in") >>
       name_arg("set") >> word("'within'", "within") >> duration_arg("within"))
    | (raw[kw("trial") >> kw("of")][begin{"trial_of"}] >> name_arg("set") >>
       must("'for at least'", kw("for") >> kw("at") >> kw("least")) >> count_arg("days") >>
       must("'days'", kw("days") | kw("day")) >> word("'within'", "within") >> duration_arg("within"));

auto const condition_def = raw[eps][begin{"or"}] >> (and_expr[child] % kw("or"));
auto const and_expr_def = raw[eps][begin{"and"}] >> (unary[child] % kw("and"));
auto const unary_def = nested(not_expr | paren_expr | atom);
BOOST_SPIRIT_DEFINE(condition, and_expr, unary)

// Clauses: one line of a plan or benefit block.
using clause_rule = x3::rule<struct clause_id, ast::node>;

auto const copay = clause_rule{"copay"} =
    raw[kw("copay")][begin{"copay"}] >> money_arg("amount") >>
    -(kw("per") >> must("visit, day, fill or admission", raw[per_unit][arg{"per"}])) >>
    -raw[after_deductible][arg{"after"}];
auto const coinsurance = clause_rule{"coinsurance"} =
    raw[kw("coinsurance")][begin{"coinsurance"}] >> percent_arg("rate") >>
    -raw[after_deductible][arg{"after"}];
auto const no_charge = clause_rule{"no charge"} =
    raw[kw("no") >> kw("charge")][begin{"no_charge"}] >> -raw[after_deductible][arg{"after"}];
/// `allowed amount [140% of] fee schedule NAME`.
auto const allowed_amount = clause_rule{"allowed amount"} =
    raw[kw("allowed") >> kw("amount")][begin{"allowed"}] >>
    -(raw[percent][arg{"percent"}] >> word("'of'", "of")) >>
    must("'fee schedule' and the schedule's name, or a percentage like 140% of fee schedule ...",
         kw("fee") >> kw("schedule")) >>
    name_arg("schedule");

/// `with modifier GO` after a code: only lines carrying the modifier.
auto with_modifier(char const* role) {
    return kw("with") >> word("'modifier'", "modifier") >>
           must("a modifier like GO", raw[modifier_code][arg{role}]);
}

auto const out_of_network_share = clause_rule{"out of network"} =
    raw[kw("not") >> kw("covered")][begin{"not_covered"}] | copay[adopt] | coinsurance[adopt] |
    no_charge[adopt] | allowed_amount[adopt];

auto const limit_term = x3::rule<struct limit_term_id, ast::node>{"limit"} =
    raw[eps][begin{"term"}] >>
    must("a limit like 20 visits or $2,410.00", raw[money | quantity][arg{"amount"}]) >>
    window_arg("window") >>
    -(kw("then") >> must("'not covered', 'prior authorization' or 'modifier KX'",
                         raw[past_action][arg{"then"}]));

auto const amounts = -kw("individual") >> money_arg("individual") >>
                     -(kw("family") >> money_arg("family"));

auto const clause = clause_rule{"a clause"} =
      (raw[kw("covered")][begin{"covered"}])
    | (raw[kw("excluded")][begin{"excluded"}] >> text_arg("reason"))
    | (raw[kw("not") >> kw("covered")][begin{"not_covered"}] >> text_arg("reason"))
    | (raw[kw("not") >> kw("toward")][begin{"not_toward_oop"}] >>
       must("'out-of-pocket maximum'", kw("out-of-pocket") >> kw("maximum")))
    | (raw[kw("source")][begin{"source"}] >> text_arg("text"))
    | (raw[kw("name")][begin{"name"}] >> text_arg("text"))
    | (raw[kw("payer")][begin{"payer"}] >> text_arg("text"))
    | (raw[kw("effective")][begin{"effective"}] >> -kw("from") >> date_arg("from") >>
       -(kw("to") >> date_arg("to")))
    | (raw[kw("benefit") >> kw("period")][begin{"period"}] >>
       must("'calendar year' or 'plan year starting <month>'", raw[period_spec][arg{"spec"}]))
    | (raw[kw("deductible")][begin{"deductible"}] >> -raw[network][arg{"network"}] >> amounts)
    | (raw[kw("out-of-pocket") >> kw("maximum")][begin{"oop_max"}] >> -raw[network][arg{"network"}] >> amounts)
    | copay[adopt]
    | coinsurance[adopt]
    | no_charge[adopt]
    | (raw[kw("out") >> kw("of") >> kw("network")][begin{"out_of_network"}] >>
       must("a cost share (copay, coinsurance or no charge), 'not covered' or 'allowed amount ...'",
            out_of_network_share[child]))
    | (raw[kw("state")][begin{"state"}] >> state_list())
    | (raw[kw("tier")][begin{"tier"}] >> count_arg("tier"))
    | allowed_amount[adopt]
    | (raw[kw("rates")][begin{"rates"}] >> text_arg("path"))
    | (raw[kw("rate")][begin{"rate"}] >>
       must("a code like 97110", raw[code_item][arg{"code"}]) >> -with_modifier("modifier") >>
       money_arg("amount") >> -(kw("from") >> date_arg("from")) >> -(kw("to") >> date_arg("to")))
    | (raw[kw("prior") >> kw("authorization")][begin{"prior_auth"}] >>
       must("'required', 'after 12 visits per calendar year' or 'above $1,000.00'",
            raw[kw("required")][arg{"required"}] |
            (kw("after") >> must("a count like 12 visits", raw[quantity][arg{"count"}]) >> window_arg("window")) |
            (kw("above") >> money_arg("amount"))) >>
       -(kw("documentation") >> (text_arg("documentation") % list_sep)))
    | (raw[kw("limit") >> kw("shared")][begin{"limit_shared"}] >> name_arg("name"))
    | (raw[kw("limit")][begin{"limit"}] >> (limit_term[child] % list_sep))
    | (raw[kw("requires")][begin{"requires"}] >> must(a_condition, condition[child]))
    | (raw[kw("supply")][begin{"supply"}] >> must("'at most'", kw("at") >> kw("most")) >>
       count_arg("days") >> must("'days'", kw("days") | kw("day")));

auto const guard = x3::rule<struct guard_id, ast::node>{"when or unless"} =
      (raw[kw("when")][begin{"when"}] >> must(a_condition, condition[child]))
    | (raw[kw("unless")][begin{"unless"}] >> must(a_condition, condition[child]));

// ---------------------------------------------------------------------------------------------
// Error recovery.

/// The start of the line after the one holding `it`.
iterator next_line(iterator it, iterator last) {
    while (it != last && *it != '\n' && *it != '\r') ++it;
    if (it != last && *it == '\r') ++it;
    if (it != last && *it == '\n') ++it;
    return it;
}

/// Skips blanks.
iterator skip_blanks(iterator it, iterator last) {
    while (it != last && (*it == ' ' || *it == '\t')) ++it;
    return it;
}

/// True when the line starting at `it` opens a top-level statement.
bool starts_statement(iterator it, iterator last) {
    return x3::phrase_parse(it, last, top_keyword, blank);
}

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

/// A hint for the text at an error: a near-miss keyword, or a common value mistake.
std::string hint_at(iterator where, iterator last) {
    iterator word_end = where;
    while (word_end != last && is_word_char(*word_end)) ++word_end;
    std::string const word(where, word_end);
    if (word.empty()) {
        if (where != last && *where == ';') return "a line break ends a clause: remove the ';'";
        return {};
    }
    if (word == "year" || word == "years" || word == "annually") {
        return "say which year: 'per calendar year', 'per plan year' or 'per rolling 12 months'";
    }
    if (std::all_of(word.begin(), word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
        iterator after = skip_blanks(word_end, last);
        if (std::string(after, std::min(last, after + 7)) == "percent") {
            return "write a percentage with the percent sign: " + word + "%";
        }
        if (after != last && *after == '.') return "write money with a dollar sign, like $" + word + ".00";
        return {};
    }
    std::string best;
    std::size_t best_distance = 3;
    for (char const* candidate : keywords) {
        std::size_t const d = edit_distance(word, candidate);
        if (d < best_distance && d > 0 && d <= std::max<std::size_t>(1, word.size() / 4)) {
            best_distance = d;
            best = candidate;
        }
    }
    return best.empty() ? std::string() : "did you mean '" + best + "'?";
}

template <typename Exception, typename Context>
void record(Exception const& x, Context const& context) {
    auto& state = state_of(context);
    iterator const where = skip_blanks(x.where(), state.end);
    state.errors.push_back(syntax_error{offset_of(context, where), x.which(), hint_at(where, state.end)});
}

/// Inside a block: report, skip the broken line, parse the next one as a clause.
struct clause_line_id {
    template <typename Exception, typename Context>
    x3::error_handler_result on_error(iterator& first, iterator const& last, Exception const& x,
                                      Context const& context) {
        record(x, context);
        iterator const resume = next_line(x.where(), last);
        bool const progress = resume > first;
        first = resume;
        return progress && resume != last ? x3::error_handler_result::retry : x3::error_handler_result::fail;
    }
};

/// At the top level: report, skip to the next line that opens a statement, retry there.
struct statement_line_id {
    template <typename Exception, typename Context>
    x3::error_handler_result on_error(iterator& first, iterator const& last, Exception const& x,
                                      Context const& context) {
        record(x, context);
        // The error may sit at the very start of a statement (a block missing its '}' runs
        // into the next `benefit "..."`): resume there, but always make progress.
        iterator line = x.where();
        while (line > first && line[-1] != '\n' && line[-1] != '\r') --line;
        if (line <= first || !starts_statement(line, last)) line = next_line(x.where(), last);
        while (line != last && !starts_statement(line, last)) line = next_line(line, last);
        first = line;
        return line == last ? x3::error_handler_result::fail : x3::error_handler_result::retry;
    }
};

auto const clause_line = x3::rule<clause_line_id, ast::node>{"a clause"} =
      (clause[adopt] >> -guard[child] >> end_of_line)
    | (!(lit('}') | eoi | top_keyword) >>
       must("a clause such as covered, excluded, copay, coinsurance, limit, prior authorization or requires",
            !eps));

auto const block = open_brace >> *clause_line[child] >> close_brace;

auto const statement = x3::rule<struct statement_id, ast::node>{"a statement"} =
      (raw[kw("include")][begin{"include"}] >> text_arg("path"))
    | (raw[kw("codes")][begin{"codes"}] >> name_arg("name") >> -raw[quoted][arg{"display"}] >>
       must("'=' (or a display name in double quotes, then '=')", lit('=')) >>
       must("a code kind: cpt, hcpcs, icd10, rxnorm, ndc or modifier", raw[code_kind][arg{"kind"}]) >>
       ((must("a code like 97110, a range like 97161-97163, or a code set name", raw[code_item][arg{"item"}]) >>
         -with_modifier("item_modifier")) %
        list_sep))
    | (raw[kw("fee") >> kw("schedule")][begin{"fee_schedule"}] >> name_arg("name") >> block)
    | (raw[kw("shared") >> kw("limit")][begin{"shared_limit"}] >> name_arg("name") >>
       (limit_term[child] % list_sep))
    | (raw[kw("plan")][begin{"plan"}] >> text_arg("id") >> block)
    | (raw[kw("benefit")][begin{"benefit"}] >> text_arg("name") >>
       must("'codes' and the names of the benefit's code sets", kw("codes")) >> (name_arg("codes") % list_sep) >>
       -(kw("with") >> word("'drug'", "drug") >> name_arg("drug")) >> block)
    | (raw[kw("drug")][begin{"drug"}] >> text_arg("name") >>
       must("'codes' and the names of the drug's code sets", kw("codes")) >> (name_arg("codes") % list_sep) >>
       block);

auto const statement_line = x3::rule<statement_line_id, ast::node>{"a statement"} =
      (statement[adopt] >> must("the end of the line", +eol | eoi | &top_keyword))
    | (!eoi >> must("a statement: plan, codes, shared limit, benefit, drug, fee schedule or include", !eps));

auto const file = x3::rule<struct file_id, ast::node>{"a rules file"} =
    raw[eps][begin{"file"}] >> *eol >> *statement_line[child] >> must("the end of the file", eoi);

auto const skipper = blank | (lit('#') >> *(char_ - eol));

}  // namespace

syntax_result parse_syntax(std::string_view text) {
    parse_state state;
    state.begin = text.data();
    state.end = text.data() + text.size();
    syntax_result result;
    iterator first = state.begin;
    // The context is `with<state_tag>` around the skipper's phrase-parse context; every rule
    // here is defined in this one file, so there is no separate instantiation to keep in step.
    auto const parser = x3::with<state_tag>(std::ref(state))[file];
    try {
        x3::phrase_parse(first, state.end, parser, skipper, result.root);
    } catch (x3::expectation_failure<iterator> const& x) {
        // Only `> eoi` at the very end can get here: everything else recovers line by line.
        state.errors.push_back(syntax_error{static_cast<std::size_t>(x.where() - state.begin), x.which(), {}});
    }
    result.errors = std::move(state.errors);
    std::sort(result.errors.begin(), result.errors.end(),
              [](syntax_error const& a, syntax_error const& b) { return a.offset < b.offset; });
    return result;
}

}  // namespace covercheck::dsl
