// The treatment-plan reader: the document and its root. The sections it holds are read by
// xml/elements.cpp, shared with the native claim reader; the format is documented, element by
// element, in samples/README.md.

#include "covercheck/treatment_xml.hpp"

#include "xml/elements.hpp"
#include "xml/xml_support.hpp"

#include <algorithm>
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
    auto const is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    auto const is_name = [](char c) {
        auto const b = static_cast<unsigned char>(c);
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == ':' || c == '.' || b >= 0x80;
    };
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    auto copy_to = [&](std::size_t end) {
        end = std::min(end, text.size());
        out.append(text.data() + i, end - i);
        i = end;
    };
    auto copy_through = [&](std::string_view terminator) {
        std::size_t const at = text.find(terminator, i);
        copy_to(at == std::string_view::npos ? text.size() : at + terminator.size());
    };
    auto copy_spaces = [&] {
        std::size_t end = i;
        while (end < text.size() && is_space(text[end])) ++end;
        copy_to(end);
    };
    // One '*' per code point, so columns after the value still line up with the caret; line
    // breaks stay, so the lines after it keep their numbers.
    auto masked = [&](std::size_t end) {
        for (; i < end; ++i) {
            char const c = text[i];
            if (c == '\n' || c == '\r') out += c;
            else if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) out += '*';
        }
    };
    while (i < text.size()) {
        if (text[i] != '<') {
            copy_to(text.find('<', i));   // text between tags
            continue;
        }
        if (text.compare(i, 4, "<!--") == 0) { copy_through("-->"); continue; }
        if (text.compare(i, 9, "<![CDATA[") == 0) { copy_through("]]>"); continue; }
        if (text.compare(i, 2, "<?") == 0) { copy_through("?>"); continue; }
        if (text.compare(i, 2, "<!") == 0) { copy_through(">"); continue; }
        // A tag: its name, then attributes up to '>' (or a '<': a tag left open).
        copy_to(i + 1);
        while (i < text.size() && (is_name(text[i]) || text[i] == '/')) copy_to(i + 1);
        while (i < text.size()) {
            copy_spaces();
            if (i == text.size() || text[i] == '<') break;
            if (text[i] == '>') {
                copy_to(i + 1);
                break;
            }
            std::size_t name_end = i;
            while (name_end < text.size() && is_name(text[name_end])) ++name_end;
            if (name_end == i) {
                copy_to(i + 1);   // a stray character ('/', a quote out of place)
                continue;
            }
            std::string_view const name = text.substr(i, name_end - i);
            bool const patient_data = name == "member-id" || name == "birth-date";
            copy_to(name_end);
            copy_spaces();
            if (i == text.size() || text[i] != '=') continue;
            copy_to(i + 1);
            copy_spaces();
            if (i == text.size()) break;
            if (text[i] == '"' || text[i] == '\'') {
                char const quote = text[i];
                copy_to(i + 1);
                std::size_t const close = std::min(text.find(quote, i), text.size());
                if (patient_data) masked(close);
                else copy_to(close);
                if (i < text.size()) copy_to(i + 1);
            } else {
                // An unquoted value (not XML, but shown as written).
                std::size_t end = i;
                while (end < text.size() && !is_space(text[end]) && text[end] != '>' && text[end] != '<') ++end;
                if (patient_data) masked(end);
                else copy_to(end);
            }
        }
    }
    // Then, whatever the markup: any `member-id` or `birth-date` followed by a value, even in a
    // comment or a broken tag (`member-id "X"`, an unbalanced quote before it), and the text of
    // a <patient> element. Masking too much is harmless; showing one id is not.
    auto mask_span = [&](std::size_t from, std::size_t to) {
        std::string masked_text;
        for (std::size_t k = from; k < to; ++k) {
            char const c = out[k];
            if (c == '\n' || c == '\r') masked_text += c;
            else if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) masked_text += '*';
        }
        out.replace(from, to - from, masked_text);
        return from + masked_text.size();
    };
    for (std::string_view const name : {std::string_view("member-id"), std::string_view("birth-date")}) {
        for (std::size_t at = out.find(name); at != std::string::npos; at = out.find(name, at + 1)) {
            std::size_t k = at + name.size();
            while (k < out.size() && is_space(out[k])) ++k;
            if (k < out.size() && out[k] == '=') ++k;
            while (k < out.size() && is_space(out[k])) ++k;
            if (k == out.size()) break;
            if (out[k] == '"' || out[k] == '\'') {
                std::size_t const close = std::min(out.find(out[k], k + 1), out.size());
                mask_span(k + 1, close);
            } else {
                std::size_t end = k;
                while (end < out.size() && !is_space(out[end]) && out[end] != '>' && out[end] != '<' && out[end] != '/') ++end;
                mask_span(k, end);
            }
        }
    }
    for (std::size_t at = out.find("<patient"); at != std::string::npos; at = out.find("<patient", at + 1)) {
        std::size_t const tag_end = out.find('>', at);
        if (tag_end == std::string::npos) break;
        if (out[tag_end - 1] == '/') continue;   // <patient .../>: no text
        std::size_t close = std::min(out.find("</patient", tag_end), out.size());
        std::size_t k = tag_end + 1;
        while (k < close) {   // mask the text, leave blanks as they are
            std::size_t const text_start = k;
            while (k < close && !is_space(out[k])) ++k;
            if (k > text_start) {
                std::size_t const masked_end = mask_span(text_start, k);
                close -= k - masked_end;   // multi-byte characters became one '*' each
                k = masked_end;
            }
            while (k < close && is_space(out[k])) ++k;
        }
    }
    return out;
}

TreatmentPlanRead load_treatment_plan(std::string const& path) {
    return xml::load_document<TreatmentPlanRead>(path, "a treatment-plan file", "split the treatment plan into smaller files",
                                                 [&](std::string const& text) { return read_treatment_plan(text, path); });
}

}  // namespace covercheck
