// Code shapes per code system, how code-set items match codes, and the retired-code table.

#include "covercheck/codes.hpp"

#include <gtest/gtest.h>

namespace covercheck {
namespace {

CodeItem exact(std::string code) { return CodeItem{CodeItem::Form::exact, std::move(code), {}, {}, {}}; }
CodeItem range(std::string first, std::string last) {
    return CodeItem{CodeItem::Form::range, std::move(first), std::move(last), {}, {}};
}
CodeItem prefix(std::string start) { return CodeItem{CodeItem::Form::prefix, std::move(start), {}, {}, {}}; }

TEST(codes_test, procedure_codes_are_cpt_or_hcpcs_shaped) {
    for (char const* good : {"97110", "00100", "0275T", "3074F", "0001U", "0002M", "J3490", "G0283"}) {
        EXPECT_TRUE(is_valid_code(CodeKind::procedure, good)) << good;
    }
    for (char const* bad : {"9711", "971100", "9711A", "j3490", "JJ349", "97-10", "", "M54.50", "0275t"}) {
        EXPECT_FALSE(is_valid_code(CodeKind::procedure, bad)) << bad;
    }
}

TEST(codes_test, diagnosis_codes_are_icd10_cm_shaped) {
    for (char const* good : {"G35", "M54.50", "G90.50", "E11.42", "T40.2X1A", "M1A", "C4A.0", "B02.29"}) {
        EXPECT_TRUE(is_valid_code(CodeKind::diagnosis, good)) << good;
    }
    for (char const* bad : {"M5", "m54.50", "54.50", "MM4.5", "M54.", "M54.12345", "M5450", "M54-50"}) {
        EXPECT_FALSE(is_valid_code(CodeKind::diagnosis, bad)) << bad;
    }
}

TEST(codes_test, drug_and_modifier_codes) {
    EXPECT_TRUE(is_valid_code(CodeKind::rxnorm, "25480"));
    EXPECT_TRUE(is_valid_code(CodeKind::rxnorm, "704"));
    EXPECT_TRUE(is_valid_code(CodeKind::rxnorm, "12345678"));
    EXPECT_FALSE(is_valid_code(CodeKind::rxnorm, "123456789"));
    EXPECT_FALSE(is_valid_code(CodeKind::rxnorm, "RX25480"));

    for (char const* good : {"0591-3672-01", "63481-687-06", "63481-0687-6", "00591-3672-01", "00591367201"}) {
        EXPECT_TRUE(is_valid_code(CodeKind::ndc, good)) << good;
    }
    for (char const* bad : {"0591367201", "591-3672-01", "63481-0687", "63481-0687-061", "6348I-0687-06"}) {
        EXPECT_FALSE(is_valid_code(CodeKind::ndc, bad)) << bad;
    }

    for (char const* good : {"KX", "GP", "59", "Q5"}) EXPECT_TRUE(is_valid_code(CodeKind::modifier, good)) << good;
    for (char const* bad : {"K", "KXX", "kx", "5-"}) EXPECT_FALSE(is_valid_code(CodeKind::modifier, bad)) << bad;
}

TEST(codes_test, prefixes_must_begin_some_code) {
    EXPECT_TRUE(is_valid_prefix(CodeKind::diagnosis, "G90.5"));
    EXPECT_TRUE(is_valid_prefix(CodeKind::diagnosis, "E11.4"));
    EXPECT_TRUE(is_valid_prefix(CodeKind::diagnosis, "G35"));
    EXPECT_TRUE(is_valid_prefix(CodeKind::procedure, "9781"));
    EXPECT_TRUE(is_valid_prefix(CodeKind::ndc, "63481-0687"));
    EXPECT_FALSE(is_valid_prefix(CodeKind::diagnosis, ""));
    EXPECT_FALSE(is_valid_prefix(CodeKind::diagnosis, "9"));
    EXPECT_FALSE(is_valid_prefix(CodeKind::procedure, "97XX"));
    EXPECT_FALSE(is_valid_prefix(CodeKind::procedure, "971100"));
}

TEST(codes_test, match_keys_ignore_case_dots_and_ndc_format) {
    EXPECT_EQ(match_key(CodeKind::diagnosis, "m54.50"), "M5450");
    EXPECT_EQ(match_key(CodeKind::procedure, "j3490"), "J3490");
    EXPECT_EQ(match_key(CodeKind::ndc, "0591-3672-01"), "00591367201");
    EXPECT_EQ(match_key(CodeKind::ndc, "63481-687-06"), "63481068706");
    EXPECT_EQ(match_key(CodeKind::ndc, "63481-0687-6"), "63481068706");
    EXPECT_EQ(match_key(CodeKind::ndc, "00591-3672-01"), "00591367201");
    EXPECT_EQ(match_key(CodeKind::ndc, "not-an-ndc"), "NOT-AN-NDC");
}

TEST(codes_test, exact_items_match_the_same_code_however_written) {
    EXPECT_TRUE(item_matches(CodeKind::procedure, exact("97110"), "97110"));
    EXPECT_FALSE(item_matches(CodeKind::procedure, exact("97110"), "97112"));
    EXPECT_TRUE(item_matches(CodeKind::diagnosis, exact("M54.50"), "M5450"));
    EXPECT_TRUE(item_matches(CodeKind::diagnosis, exact("M54.50"), "m54.50"));
    EXPECT_FALSE(item_matches(CodeKind::diagnosis, exact("M54.5"), "M54.50"));
    EXPECT_TRUE(item_matches(CodeKind::ndc, exact("0591-3672-01"), "00591367201"));
}

TEST(codes_test, ranges_are_inclusive_and_hold_codes_of_their_length) {
    CodeItem const evaluations = range("97161", "97163");
    EXPECT_TRUE(item_matches(CodeKind::procedure, evaluations, "97161"));
    EXPECT_TRUE(item_matches(CodeKind::procedure, evaluations, "97162"));
    EXPECT_TRUE(item_matches(CodeKind::procedure, evaluations, "97163"));
    EXPECT_FALSE(item_matches(CodeKind::procedure, evaluations, "97164"));
    EXPECT_FALSE(item_matches(CodeKind::procedure, evaluations, "97160"));
    EXPECT_FALSE(item_matches(CodeKind::procedure, evaluations, "9716"));

    CodeItem const crps = range("G90.50", "G90.59");
    EXPECT_TRUE(item_matches(CodeKind::diagnosis, crps, "G90.52"));
    EXPECT_TRUE(item_matches(CodeKind::diagnosis, crps, "G9059"));
    EXPECT_FALSE(item_matches(CodeKind::diagnosis, crps, "G90.5"));
    EXPECT_FALSE(item_matches(CodeKind::diagnosis, crps, "G90.521"));
}

TEST(codes_test, prefixes_match_every_code_that_starts_with_them) {
    EXPECT_TRUE(item_matches(CodeKind::diagnosis, prefix("G90.5"), "G90.50"));
    EXPECT_TRUE(item_matches(CodeKind::diagnosis, prefix("G90.5"), "G90.59"));
    EXPECT_TRUE(item_matches(CodeKind::diagnosis, prefix("G90.5"), "G9051"));
    EXPECT_FALSE(item_matches(CodeKind::diagnosis, prefix("G90.5"), "G90.4"));
    EXPECT_TRUE(item_matches(CodeKind::diagnosis, prefix("E11.4"), "E11.42"));
    EXPECT_TRUE(item_matches(CodeKind::procedure, prefix("9781"), "97813"));
    EXPECT_TRUE(item_matches(CodeKind::ndc, prefix("63481-0687"), "63481-0687-06"));
    EXPECT_TRUE(item_matches(CodeKind::ndc, prefix("63481-0687"), "63481068706"));
    EXPECT_FALSE(item_matches(CodeKind::ndc, prefix("63481-0687"), "63481-0688-06"));
}

TEST(codes_test, references_never_match_before_they_are_resolved) {
    CodeItem const reference{CodeItem::Form::reference, "physical_therapy", {}, {}, {}};
    EXPECT_FALSE(item_matches(CodeKind::procedure, reference, "physical_therapy"));
}

TEST(codes_test, retired_codes_carry_date_and_replacement) {
    auto const m545 = find_retired(CodeKind::diagnosis, "M54.5");
    ASSERT_TRUE(m545.has_value());
    EXPECT_EQ(m545->retired.iso(), "2021-10-01");
    EXPECT_NE(m545->replacement.find("M54.50"), std::string_view::npos);
    EXPECT_NE(m545->replacement.find("M54.59"), std::string_view::npos);

    auto const g35 = find_retired(CodeKind::diagnosis, "G35");
    ASSERT_TRUE(g35.has_value());
    EXPECT_EQ(g35->retired.iso(), "2025-10-01");
    EXPECT_NE(g35->replacement.find("G35.A"), std::string_view::npos);

    // Claims write codes without the dot or in lower case.
    EXPECT_TRUE(find_retired(CodeKind::diagnosis, "M545").has_value());
    EXPECT_TRUE(find_retired(CodeKind::diagnosis, "g35").has_value());
}

TEST(codes_test, codes_that_only_start_like_a_retired_code_are_current) {
    EXPECT_FALSE(find_retired(CodeKind::diagnosis, "M54.50").has_value());
    EXPECT_FALSE(find_retired(CodeKind::diagnosis, "G35.A").has_value());
    EXPECT_FALSE(find_retired(CodeKind::diagnosis, "G89.29").has_value());
    // The same characters in another code system are another code.
    EXPECT_FALSE(find_retired(CodeKind::procedure, "G35").has_value());
}

TEST(codes_test, every_retired_code_is_itself_well_formed) {
    for (RetiredCode const& r : retired_codes()) {
        EXPECT_TRUE(is_valid_code(r.kind, r.code)) << r.code;
        EXPECT_FALSE(r.replacement.empty()) << r.code;
    }
}

TEST(codes_test, shapes_are_described_for_messages) {
    EXPECT_NE(std::string(code_shape(CodeKind::procedure)).find("J3490"), std::string::npos);
    EXPECT_NE(std::string(code_shape(CodeKind::diagnosis)).find("M54.50"), std::string::npos);
}

}  // namespace
}  // namespace covercheck
