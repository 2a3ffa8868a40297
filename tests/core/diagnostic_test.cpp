#include "covercheck/diagnostic.hpp"

#include <gtest/gtest.h>

#include <string>

namespace covercheck {
namespace {

Diagnostic at(int line, int column, std::string message = "expected a dollar amount like $40.00",
              std::string hint = "") {
    Diagnostic d;
    d.code = "CC-SYNTAX";
    d.where = SourceLocation{"rules/acme.rules", line, column};
    d.message = std::move(message);
    d.hint = std::move(hint);
    return d;
}

TEST(diagnostic_test, location_to_string) {
    EXPECT_EQ(to_string(SourceLocation{"a.rules", 3, 7}), "a.rules:3:7");
    EXPECT_EQ(to_string(SourceLocation{"a.rules", 3, 0}), "a.rules:3");
    EXPECT_EQ(to_string(SourceLocation{"a.rules", 0, 0}), "a.rules");
    EXPECT_EQ(to_string(SourceLocation{"a.rules", 0, 5}), "a.rules");
}

TEST(diagnostic_test, severity_to_string) {
    EXPECT_STREQ(to_string(Severity::error), "error");
    EXPECT_STREQ(to_string(Severity::warning), "warning");
    EXPECT_STREQ(to_string(Severity::note), "note");
}

TEST(diagnostic_test, has_errors_ignores_warnings_and_notes) {
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(has_errors(diagnostics));
    diagnostics.push_back(at(1, 1));
    diagnostics.back().severity = Severity::warning;
    diagnostics.push_back(at(2, 1));
    diagnostics.back().severity = Severity::note;
    EXPECT_FALSE(has_errors(diagnostics));
    diagnostics.push_back(at(3, 1));
    EXPECT_TRUE(has_errors(diagnostics));
}

TEST(diagnostic_test, render_text_matches_the_header_example) {
    std::string const source = "plan \"X\" {\n  copay $40.5 per visit\n}\n";
    EXPECT_EQ(render_text(at(2, 9, "expected a dollar amount like $40.00", "write cents with two digits: $40.50"),
                          source),
              "rules/acme.rules:2:9: error CC-SYNTAX: expected a dollar amount like $40.00\n"
              "      copay $40.5 per visit\n"
              "            ^\n"
              "  hint: write cents with two digits: $40.50\n");
}

TEST(diagnostic_test, render_text_first_and_last_columns) {
    std::string const source = "abc\n";
    EXPECT_EQ(render_text(at(1, 1, "m"), source), "rules/acme.rules:1:1: error CC-SYNTAX: m\n    abc\n    ^\n");
    EXPECT_EQ(render_text(at(1, 4, "m"), source), "rules/acme.rules:1:4: error CC-SYNTAX: m\n    abc\n       ^\n");
    // Past the end of the line (e.g. "expected ... before the end of the line").
    EXPECT_EQ(render_text(at(1, 6, "m"), source), "rules/acme.rules:1:6: error CC-SYNTAX: m\n    abc\n         ^\n");
}

TEST(diagnostic_test, render_text_keeps_tabs_in_the_caret_line) {
    std::string const source = "\tlimit\t12 visitz\n";
    EXPECT_EQ(render_text(at(1, 11, "m"), source),
              "rules/acme.rules:1:11: error CC-SYNTAX: m\n"
              "    \tlimit\t12 visitz\n"
              "    \t     \t   ^\n");
}

TEST(diagnostic_test, render_text_counts_code_points_not_bytes) {
    // "é" is two bytes and "→" three; each is one column.
    std::string const source = "benefit \"Caf\xC3\xA9 \xE2\x86\x92 x\" bogus\n";
    // "bogus" starts at column 20: the caret sits after 4 + 19 blanks.
    EXPECT_EQ(render_text(at(1, 20, "m"), source),
              "rules/acme.rules:1:20: error CC-SYNTAX: m\n"
              "    benefit \"Caf\xC3\xA9 \xE2\x86\x92 x\" bogus\n" +
                  std::string(23, ' ') + "^\n");
}

TEST(diagnostic_test, render_text_strips_crlf_line_ends) {
    std::string const source = "one\r\ntwo words\r\nthree\r\n";
    EXPECT_EQ(render_text(at(2, 5, "m"), source),
              "rules/acme.rules:2:5: error CC-SYNTAX: m\n    two words\n        ^\n");
}

TEST(diagnostic_test, render_text_last_line_without_newline) {
    EXPECT_EQ(render_text(at(2, 2, "m"), "one\ntwo"),
              "rules/acme.rules:2:2: error CC-SYNTAX: m\n    two\n     ^\n");
}

TEST(diagnostic_test, render_text_empty_line) {
    EXPECT_EQ(render_text(at(2, 1, "m"), "one\n\nthree\n"),
              "rules/acme.rules:2:1: error CC-SYNTAX: m\n    \n    ^\n");
}

TEST(diagnostic_test, render_text_leaves_out_what_it_cannot_show) {
    std::string const source = "one\ntwo\n";
    // A line beyond the text: no source line, no caret.
    EXPECT_EQ(render_text(at(3, 1, "m"), source), "rules/acme.rules:3:1: error CC-SYNTAX: m\n");
    EXPECT_EQ(render_text(at(99, 1, "m"), source), "rules/acme.rules:99:1: error CC-SYNTAX: m\n");
    // Column unknown: the line without a caret.
    EXPECT_EQ(render_text(at(2, 0, "m"), source), "rules/acme.rules:2: error CC-SYNTAX: m\n    two\n");
    // Line unknown: the header only.
    EXPECT_EQ(render_text(at(0, 0, "m", "h"), source), "rules/acme.rules: error CC-SYNTAX: m\n  hint: h\n");
    // No source text.
    EXPECT_EQ(render_text(at(1, 1, "m"), ""), "rules/acme.rules:1:1: error CC-SYNTAX: m\n");
}

TEST(diagnostic_test, render_text_warning) {
    Diagnostic d = at(1, 1, "m");
    d.severity = Severity::warning;
    d.code = "CC-UNUSED";
    EXPECT_EQ(render_text(d, ""), "rules/acme.rules:1:1: warning CC-UNUSED: m\n");
}

TEST(diagnostic_test, render_json_is_one_line_with_all_keys) {
    Diagnostic d = at(4, 12, "unknown unit \"visitz\"", "did you mean 'visits'?");
    EXPECT_EQ(render_json(d),
              "{\"severity\":\"error\",\"code\":\"CC-SYNTAX\",\"file\":\"rules/acme.rules\",\"line\":4,"
              "\"column\":12,\"message\":\"unknown unit \\\"visitz\\\"\",\"hint\":\"did you mean 'visits'?\"}");
    d.severity = Severity::note;
    d.hint.clear();
    d.message = "two\nlines";
    EXPECT_EQ(render_json(d),
              "{\"severity\":\"note\",\"code\":\"CC-SYNTAX\",\"file\":\"rules/acme.rules\",\"line\":4,"
              "\"column\":12,\"message\":\"two\\nlines\",\"hint\":\"\"}");
}

TEST(diagnostic_test, json_quote_escapes) {
    EXPECT_EQ(json_quote(""), "\"\"");
    EXPECT_EQ(json_quote("plain"), "\"plain\"");
    EXPECT_EQ(json_quote("say \"hi\""), "\"say \\\"hi\\\"\"");
    EXPECT_EQ(json_quote("C:\\rules"), "\"C:\\\\rules\"");
    EXPECT_EQ(json_quote("a\nb\tc\rd"), "\"a\\nb\\tc\\rd\"");
    EXPECT_EQ(json_quote(std::string("\x01\x1f\x7f", 3)), "\"\\u0001\\u001f\\u007f\"");
    EXPECT_EQ(json_quote(std::string("nul\0here", 8)), "\"nul\\u0000here\"");
    EXPECT_EQ(json_quote("\b\f"), "\"\\b\\f\"");
    EXPECT_EQ(json_quote("/"), "\"/\"");
}

TEST(diagnostic_test, json_quote_passes_utf8_through) {
    EXPECT_EQ(json_quote("caf\xC3\xA9 \xE2\x86\x92 \xF0\x9F\x92\x8A"), "\"caf\xC3\xA9 \xE2\x86\x92 \xF0\x9F\x92\x8A\"");
}

TEST(diagnostic_test, json_quote_replaces_bytes_that_are_not_utf8) {
    // Each byte outside well-formed UTF-8 becomes U+FFFD, so the JSON stays valid.
    EXPECT_EQ(json_quote("Physioth\xE9rapie"), "\"Physioth\\ufffdrapie\"");         // Latin-1
    EXPECT_EQ(json_quote("\x80x"), "\"\\ufffdx\"");                                  // stray continuation
    EXPECT_EQ(json_quote("\xC0\xAF"), "\"\\ufffd\\ufffd\"");                        // overlong '/'
    EXPECT_EQ(json_quote("\xED\xA0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");            // a surrogate
    EXPECT_EQ(json_quote("\xF4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); // above U+10FFFF
    EXPECT_EQ(json_quote("end \xE2\x80"), "\"end \\ufffd\\ufffd\"");                 // cut off
    EXPECT_EQ(json_quote("\xE2\x80\x93 \xF4\x8F\xBF\xBF"), "\"\xE2\x80\x93 \xF4\x8F\xBF\xBF\"");   // en dash, U+10FFFF
}

}  // namespace
}  // namespace covercheck
