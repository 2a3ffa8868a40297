// The treatment-plan reader: the document and its root. The sections it holds are read by
// xml/elements.cpp, shared with the native claim reader; the format is documented, element by
// element, in samples/README.md.

#include "covercheck/treatment_xml.hpp"

#include "xml/elements.hpp"
#include "xml/xml_support.hpp"

#include <cstdint>
#include <utility>

namespace covercheck {
namespace {

using xml::Reader;


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
    return xml::without_throwing<TreatmentPlanRead>(path, [&] { return read_unguarded(text, path); });
}

std::string mask_patient_data(std::string_view text) {
    std::string out(text);
    for (std::string_view const name : {std::string_view("member-id"), std::string_view("birth-date")}) {
        for (std::size_t at = out.find(name); at != std::string::npos; at = out.find(name, at + name.size())) {
            // Only an attribute: the name stands alone and is followed by = and a quoted value.
            if (at > 0 && out[at - 1] != ' ' && out[at - 1] != '\t' && out[at - 1] != '\n' && out[at - 1] != '\r') continue;
            std::size_t i = at + name.size();
            while (i < out.size() && (out[i] == ' ' || out[i] == '\t')) ++i;
            if (i == out.size() || out[i] != '=') continue;
            ++i;
            while (i < out.size() && (out[i] == ' ' || out[i] == '\t')) ++i;
            if (i == out.size() || (out[i] != '"' && out[i] != '\'')) continue;
            char const quote = out[i++];
            // One '*' per code point, so columns after the value still line up with the caret.
            std::size_t write = i;
            std::size_t read = i;
            for (; read < out.size() && out[read] != quote && out[read] != '\n'; ++read) {
                if ((static_cast<unsigned char>(out[read]) & 0xC0U) != 0x80U) out[write++] = '*';
            }
            out.erase(write, read - write);
        }
    }
    return out;
}

TreatmentPlanRead load_treatment_plan(std::string const& path) {
    return xml::load_document<TreatmentPlanRead>(path, "a treatment-plan file", "split the treatment plan into smaller files",
                                                 [&](std::string const& text) { return read_treatment_plan(text, path); });
}

}  // namespace covercheck
