// The usage file: <usage> of <member> elements, each a <benefit-period> and a <history> as in a
// treatment plan (xml/elements.cpp reads them).

#include "covercheck/usage_xml.hpp"

#include "xml/elements.hpp"
#include "xml/xml_support.hpp"

#include <optional>
#include <set>
#include <utility>

namespace covercheck {
namespace {


UsageRead read_unguarded(std::string_view text, std::string const& path) {
    UsageRead result;
    xml::Sink sink(result.diagnostics);
    xml::LineIndex const lines(text, path);
    xml::Document document;
    if (!xml::parse(text, lines, document, sink)) {
        sink.finish();
        return result;
    }
    xml::Reader reader(document, lines, sink);
    pugi::xml_node const root = document.doc.document_element();
    if (std::string(root.name()) != "usage") {
        sink.error("CX-ROOT", reader.where(root), "expected the root element <usage>, found <" + std::string(root.name()) + ">",
                   "a usage file starts with <usage>; see samples/claims/README.md");
        sink.finish();
        return result;
    }
    reader.attributes(root, {});
    std::set<std::pair<std::string, std::string>> seen;
    std::vector<MemberUsage> members;
    for (pugi::xml_node node = root.first_child(); node; node = node.next_sibling()) {
        if (node.type() != pugi::node_element) continue;
        if (std::string(node.name()) != "member") {
            reader.unknown_element(node, {"member"});
            continue;
        }
        reader.attributes(node, {"id", "plan"});
        MemberUsage m;
        m.where = reader.where(node);
        std::optional<std::string> id = reader.text(node, "id", true);
        std::optional<std::string> plan = reader.text(node, "plan", true);
        TreatmentPlan holder;
        xml::SectionReader sections(reader);
        for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
            if (child.type() != pugi::node_element) continue;
            std::string const name = child.name();
            if (name == "benefit-period") sections.benefit_period(child, holder);
            else if (name == "history") sections.history(child, holder);
            else reader.unknown_element(child, {"benefit-period", "history"});
        }
        reader.content(node, true);
        if (!id || !plan) continue;
        if (!seen.insert({*id, *plan}).second) {
            // The member id is patient data: the message does not quote it.
            sink.error("CX-BAD-VALUE", m.where, "this member and plan are given twice", "merge the two <member> elements");
            continue;
        }
        m.member_id = std::move(*id);
        m.plan_id = std::move(*plan);
        m.met = holder.met;
        m.prior_usage = std::move(holder.prior_usage);
        m.history = std::move(holder.history);
        members.push_back(std::move(m));
    }
    reader.content(root, true);
    sink.finish();
    if (!has_errors(result.diagnostics)) result.members = std::move(members);
    return result;
}

}  // namespace

UsageRead read_usage(std::string_view text, std::string const& path) {
    return xml::without_throwing<UsageRead>(path, [&] { return read_unguarded(text, path); });
}

UsageRead load_usage(std::string const& path) {
    return xml::load_document<UsageRead>(path, "a usage file", "",
                                         [&](std::string const& text) { return read_usage(text, path); });
}

}  // namespace covercheck
