// Reading a whole input file with a size cap, for the readers that take a document at once
// (treatment plans, usage files; claims are streamed by xml/split.cpp).

#include "xml/xml_support.hpp"

#include <array>
#include <filesystem>
#include <fstream>
#include <optional>

namespace covercheck::xml {

std::optional<std::string> read_file_capped(std::string const& path, char const* what, char const* too_large_hint,
                                            Diagnostic& error) {
    namespace fs = std::filesystem;
    constexpr std::size_t max_file_size = std::size_t{64} << 20U;
    auto failed = [&](std::string message, std::string hint) {
        error = Diagnostic{Severity::error, "CX-FILE", SourceLocation{path, 0, 0}, std::move(message), std::move(hint)};
        return std::nullopt;
    };
    std::error_code ec;
    fs::file_status const status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) return failed("no such file", "check the path");
    if (ec) return failed("cannot read the file: " + ec.message(), "");
    if (fs::is_directory(status)) return failed(std::string("this is a directory, not ") + what, "name an .xml file");
    std::ifstream in(path, std::ios::binary);
    if (!in) return failed("the file cannot be opened", "check that it exists and is readable");
    std::string text;
    std::array<char, 65536> chunk{};
    while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        std::streamsize const got = in.gcount();
        if (got <= 0) break;
        text.append(chunk.data(), static_cast<std::size_t>(got));
        if (text.size() > max_file_size) {
            return failed("the file is larger than 64 MiB, the most covercheck reads", too_large_hint);
        }
    }
    if (in.bad()) return failed("the file could not be read to the end", "");
    return text;
}

}  // namespace covercheck::xml
