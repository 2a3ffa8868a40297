#include "generate.hpp"

#include <cstdio>

namespace covercheck::bench {

std::string generate_rules(int benefits) {
    std::string out;
    out.reserve(static_cast<std::size_t>(benefits) * 420 + 1024);
    out += "# generated plan for benchmarks\n"
           "plan \"BENCH-PLAN\" {\n"
           "    name \"Generated benchmark plan\"\n"
           "    payer \"Benchmark Health\"\n"
           "    effective 2026-01-01 to 2026-12-31\n"
           "    benefit period calendar year\n"
           "    deductible individual $1,500.00 family $3,000.00\n"
           "    out-of-pocket maximum individual $6,000.00 family $12,000.00\n"
           "    coinsurance 20% after deductible\n"
           "    out of network coinsurance 40% after deductible\n"
           "}\n"
           "codes chronic_pain = icd10 G89.29, G89.4, M54.50, M54.51, M54.59, E11.42, G90.5*\n";
    char buffer[1024];
    for (int i = 0; i < benefits; ++i) {
        // Five-digit procedure-shaped codes, unique per benefit (10000 + 8*i ... ), and a range.
        int const base = 10000 + (i * 8) % 89990;
        int const letter_block = i / 11248;  // keep codes unique past the numeric space
        char const letter = static_cast<char>('A' + letter_block % 26);
        if (letter_block == 0) {
            std::snprintf(buffer, sizeof buffer,
                          "codes set_%d = cpt %05d, %05d, %05d, %05d-%05d\n", i, base, base + 1, base + 2,
                          base + 3, base + 7);
        } else {
            std::snprintf(buffer, sizeof buffer, "codes set_%d = cpt %c%04d, %c%04d, %c%04d\n", i, letter,
                          (i * 3) % 10000, letter, (i * 3 + 1) % 10000, letter, (i * 3 + 2) % 10000);
        }
        out += buffer;
        std::snprintf(buffer, sizeof buffer,
                      "benefit \"Service %d\" codes set_%d {\n"
                      "    covered when diagnosis in chronic_pain\n"
                      "    limit %d visits per calendar year, %d visits per rolling 90 days\n"
                      "    prior authorization after %d visits per calendar year\n"
                      "    copay $%d.00 per visit after deductible\n"
                      "    source \"Generated policy %d\"\n"
                      "}\n",
                      i, i, 20 + i % 10, 12, 10 + i % 5, 20 + i % 30, i);
        out += buffer;
    }
    return out;
}

}  // namespace covercheck::bench
