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
    // comment or a broken tag (`member-id "X"`, an unbalanced quote before it, `member-id: X`,
    // an element `<member-id>X</member-id>`), and the text of a <patient> element. Masking too
    // much is harmless; showing one id is not. Each pass writes a new string in one sweep.
    auto mask_into = [](std::string& to, std::string_view from) {
        for (char const c : from) {
            if (c == '\n' || c == '\r') to += c;
            else if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) to += '*';
        }
    };
    std::string named;
    named.reserve(out.size());
    for (std::size_t k = 0; k < out.size();) {
        std::string_view const rest = std::string_view(out).substr(k);
        std::size_t const name = rest.rfind("member-id", 0) == 0 ? 9 : rest.rfind("birth-date", 0) == 0 ? 10 : 0;
        if (name == 0) {
            named += out[k++];
            continue;
        }
        auto copy_while = [&](auto keep) {
            while (k < out.size() && keep(out[k])) named += out[k++];
        };
        named.append(out, k, name);
        k += name;
        copy_while(is_space);
        if (k < out.size() && (out[k] == '=' || out[k] == ':' || out[k] == '>')) named += out[k++];
        copy_while(is_space);
        if (k == out.size()) break;
        std::size_t end = k;
        if (out[k] == '"' || out[k] == '\'') {
            named += out[k++];
            end = std::min(out.find(out[k - 1], k), out.size());
        } else {
            while (end < out.size() && !is_space(out[end]) && out[end] != '<' && out[end] != '>') ++end;
        }
        mask_into(named, std::string_view(out).substr(k, end - k));
        k = end;
    }
    std::string shown;
    shown.reserve(named.size());
    for (std::size_t k = 0; k < named.size();) {
        std::size_t const at = named.find("<patient", k);
        if (at == std::string::npos) {
            shown.append(named, k, std::string::npos);
            break;
        }
        std::size_t const tag_end = named.find('>', at);
        if (tag_end == std::string::npos) {
            shown.append(named, k, std::string::npos);
            break;
        }
        shown.append(named, k, tag_end + 1 - k);
        k = tag_end + 1;
        if (named[tag_end - 1] == '/') continue;   // <patient .../>: no text
        std::size_t const close = std::min(named.find("</patient", k), named.size());
        for (; k < close; ++k) {   // the text masked, blanks kept
            char const c = named[k];
            if (is_space(c)) shown += c;
            else if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) shown += '*';
        }
    }
    return shown;
}

TreatmentPlanRead load_treatment_plan(std::string const& path) {
    return xml::load_document<TreatmentPlanRead>(path, "a treatment-plan file", "split the treatment plan into smaller files",
                                                 [&](std::string const& text) { return read_treatment_plan(text, path); });
}

}  // namespace covercheck
