// The treatment-plan reader: the document and its root. The sections it holds are read by
// xml/elements.cpp, shared with the native claim reader; the format is documented, element by
// element, in samples/README.md.

#include "covercheck/treatment_xml.hpp"

#include "xml/elements.hpp"
#include "xml/xml_support.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <new>
#include <utility>

namespace covercheck {
namespace {

using xml::Reader;

constexpr std::uintmax_t max_file_size = 64U * 1024U * 1024U;

std::string name_of(pugi::xml_node node) { return node.name(); }

TreatmentPlanRead read_unguarded(std::string_view text, std::string const& path) {
    TreatmentPlanRead result;
    xml::Sink sink(result.diagnostics);
    xml::LineIndex const lines(text, path);
    xml::Document document;
    if (!xml::parse(text, lines, document, sink)) {
        sink.finish();
        return result;
    }
    Reader reader(document, lines, sink);
    pugi::xml_node const root = document.doc.document_element();
    if (name_of(root) != "treatment-plan") {
        sink.error("CX-ROOT", reader.where(root),
                   "expected the root element <treatment-plan>, found <" + name_of(root) + ">",
                   "a treatment plan starts with <treatment-plan id=\"...\" plan=\"...\">; see samples/README.md");
        sink.finish();
        return result;
    }
    TreatmentPlan plan;
    xml::SectionReader(reader).read_root(root, xml::treatment_plan_sections, plan);
    sink.finish();
    if (!has_errors(result.diagnostics)) result.plan = std::move(plan);
    return result;
}

}  // namespace

TreatmentPlanRead read_treatment_plan(std::string_view text, std::string const& path) {
    try {
        return read_unguarded(text, path);
    } catch (std::bad_alloc const&) {
        TreatmentPlanRead failed;
        failed.diagnostics.push_back({Severity::error, "CX-FILE", SourceLocation{path, 0, 0},
                                      "not enough memory to read this file", ""});
        return failed;
    }
}

TreatmentPlanRead load_treatment_plan(std::string const& path) {
    namespace fs = std::filesystem;
    auto failed = [&](std::string message, std::string hint) {
        TreatmentPlanRead r;
        r.diagnostics.push_back({Severity::error, "CX-FILE", SourceLocation{path, 0, 0}, std::move(message), std::move(hint)});
        return r;
    };
    std::error_code ec;
    fs::file_status const status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) return failed("no such file", "check the path");
    if (ec) return failed("cannot read the file: " + ec.message(), "");
    if (fs::is_directory(status)) return failed("this is a directory, not a treatment-plan file", "name an .xml file");
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
            return failed("the file is larger than 64 MiB, the most covercheck reads",
                          "split the treatment plan into smaller files");
        }
    }
    if (in.bad()) return failed("the file could not be read to the end", "");
    return read_treatment_plan(text, path);
}

}  // namespace covercheck
