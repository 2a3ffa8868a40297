// The claim reader: splits the input (xml/split.hpp), decides what the root is, reads each
// native <claim> with the shared section readers (xml/elements.hpp) and each FHIR Claim with
// xml/fhir_claim.hpp, and gives out one record per claim in input order. The formats and the
// codes are documented in samples/claims/README.md.

#include "covercheck/claim_xml.hpp"

#include "xml/elements.hpp"
#include "xml/fhir_claim.hpp"
#include "xml/split.hpp"
#include "xml/xml_support.hpp"

#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <streambuf>
#include <unordered_map>
#include <utility>

namespace covercheck {
namespace {

using xml::Piece;

/// Claims held back in a Bundle waiting for a Patient or Coverage that may come later. Beyond
/// this many, the oldest is given out with what its references say.
constexpr std::size_t max_pending = 1000;
/// Patient and Coverage entries of a Bundle kept to resolve references (a few hundred bytes
/// each: the facts a claim takes, not the XML).
constexpr std::size_t max_kept = 250'000;
/// CL-SKIPPED warnings listed; the rest are summed up in one.
constexpr std::size_t max_skipped = 1000;

char const* const claim_elements_hint = "the elements of a claim are listed in samples/claims/README.md";

/// The elements a FHIR Bundle holds besides its entries: read past without a word.
bool is_bundle_element(std::string const& name) {
    for (char const* known : {"id", "meta", "implicitRules", "language", "identifier", "type", "timestamp", "total",
                              "link", "signature"}) {
        if (name == known) return true;
    }
    return false;
}

/// The first start tag of `text` made into an empty element, so that its attributes can be read
/// on their own.
std::string start_tag_alone(std::string_view text) {
    char quote = 0;
    std::size_t end = text.size();
    for (std::size_t i = 1; i < text.size(); ++i) {
        char const c = text[i];
        if (quote != 0) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>' || c == '<') {
            end = c == '>' ? i + 1 : i;
            break;
        }
    }
    std::string tag(text.substr(0, end));
    if (tag.size() >= 2 && tag.compare(tag.size() - 2, 2, "/>") == 0) return tag;
    if (!tag.empty() && tag.back() == '>') tag.pop_back();
    return tag + "/>";
}

/// An attribute of the first start tag of `text` ("" if it cannot be read).
std::string start_tag_attribute(std::string_view text, char const* name) {
    std::string const tag = start_tag_alone(text);
    pugi::xml_document doc;
    if (!doc.load_buffer(tag.data(), tag.size(), pugi::parse_default, pugi::encoding_utf8)) return "";
    return doc.document_element().attribute(name).value();
}

/// The id of a FHIR Claim from its text alone, for a Claim cut short: the value of an <id>
/// that is the first element inside <Claim> ("" when there is none).
std::string fhir_id_in(std::string_view text) {
    std::size_t at = 0;
    while (true) {
        at = text.find("<Claim", at);
        if (at == std::string_view::npos) return "";
        char const after = at + 6 < text.size() ? text[at + 6] : '\0';
        if (after == '>' || after == ' ' || after == '\t' || after == '\n' || after == '\r') break;
        at += 6;
    }
    std::size_t i = text.find('>', at);
    if (i == std::string_view::npos) return "";
    ++i;
    while (i < text.size()) {
        char const c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
        } else if (text.compare(i, 4, "<!--") == 0) {
            std::size_t const end = text.find("-->", i);
            if (end == std::string_view::npos) return "";
            i = end + 3;
        } else {
            break;
        }
    }
    bool const id_tag = text.compare(i, 3, "<id") == 0 && i + 3 < text.size() &&
                        (text[i + 3] == ' ' || text[i + 3] == '\t' || text[i + 3] == '\n' || text[i + 3] == '\r');
    if (!id_tag) return "";
    return start_tag_attribute(text.substr(i), "value");
}

/// A read-only stream over text held elsewhere (read_claims() needs no copy of the text).
class ViewBuffer : public std::streambuf {
public:
    explicit ViewBuffer(std::string_view text) {
        // The get area is never written through: std::streambuf just wants char*.
        char* const begin = const_cast<char*>(text.data());
        setg(begin, begin, begin + text.size());
    }
};

/// One claim in the output queue: done, or a FHIR draft waiting for its references.
struct Slot {
    ClaimRecord record;
    std::optional<xml::fhir::ClaimDraft> draft;
};

/// What the current root is read as; `skip`: a root that is not read (in a sequence of
/// documents it is passed over whole, so the documents after it are still read).
enum class Mode { none, claims, bundle, native_claim, fhir_claim, skip };

}  // namespace

class ClaimReader::Impl {
public:
    Impl(std::istream& in, std::string path, std::size_t chunk_size) : path_(std::move(path)) {
        splitter_.emplace(in, path_, chunk_size);
    }

    Impl(std::string path, std::size_t chunk_size) : path_(std::move(path)) { open(chunk_size); }

    bool next(ClaimRecord& out) {
        try {
            while (ready_.empty() && !finished_) {
                if (!pump()) finish();
            }
        } catch (...) {
            // std::bad_alloc in practice (a claim too big for the memory left): one record, then stop.
            ready_.clear();
            pending_.clear();
            splitter_.reset();
            finished_ = true;
            if (failed_) return false;
            failed_ = true;
            ClaimRecord r;
            r.file = path_;
            r.where = SourceLocation{path_, 0, 0};
            r.diagnostics.push_back({Severity::error, "CX-FILE", r.where, "not enough memory to read this file", ""});
            out = std::move(r);
            return true;
        }
        if (ready_.empty()) return false;
        out = std::move(ready_.front());
        ready_.pop_front();
        return true;
    }

    std::vector<Diagnostic> const& skipped() const { return skipped_; }

    void allow_documents() {
        documents_ = true;
        if (splitter_) splitter_->allow_documents(true);
    }

private:
    void open(std::size_t chunk_size) {
        namespace fs = std::filesystem;
        if (path_ == "-") {
            // Standard input may carry a sequence of documents (one <claim> per record when fed
            // by Hadoop Streaming or Spark's RDD.pipe).
            splitter_.emplace(std::cin, path_, chunk_size);
            allow_documents();
            return;
        }
        std::error_code ec;
        fs::file_status const status = fs::status(path_, ec);
        if (status.type() == fs::file_type::not_found) return fail("no such file", "check the path");
        if (ec) return fail("cannot read the file: " + ec.message(), "");
        if (fs::is_directory(status)) return fail("this is a directory, not a claims file", "name an .xml file");
        auto file = std::make_unique<std::ifstream>(path_, std::ios::binary);
        if (!*file) return fail("the file cannot be opened", "check that it exists and is readable");
        owned_ = std::move(file);
        splitter_.emplace(*owned_, path_, chunk_size);
    }

    void fail(std::string message, std::string hint) {
        ClaimRecord r;
        r.file = path_;
        r.where = SourceLocation{path_, 0, 0};
        r.diagnostics.push_back({Severity::error, "CX-FILE", r.where, std::move(message), std::move(hint)});
        ready_.push_back(std::move(r));
        finished_ = true;
    }

    ClaimFormat format() const {
        return mode_ == Mode::bundle || mode_ == Mode::fhir_claim ? ClaimFormat::fhir : ClaimFormat::native;
    }

    /// Reads one piece; false when the input has no more.
    bool pump() {
        if (!splitter_) return false;
        Piece piece;
        if (!splitter_->next(piece)) return false;
        switch (piece.kind) {
        case Piece::Kind::root: root(piece); break;
        case Piece::Kind::child: child(piece); break;
        case Piece::Kind::whole: whole(piece); break;
        case Piece::Kind::problem: problem(piece); break;
        }
        return true;
    }

    void root(Piece const& piece) {
        if (mode_ != Mode::none) end_document();   // the next document of a sequence
        root_where_ = SourceLocation{path_, piece.line, piece.column};
        root_name_ = piece.name;
        // Read the start tag on its own, for its namespace (and so a malformed one is reported).
        std::string const tag = start_tag_alone(piece.text);
        ClaimRecord record = blank_record(root_where_);
        xml::Sink sink(record.diagnostics);
        xml::LineIndex const lines(tag, path_, piece.line, piece.column);
        xml::Document document;
        if (!xml::parse(tag, lines, document, sink)) {
            sink.finish();
            pass_over();
            return push(std::move(record));
        }
        bool const is_fhir = document.doc.document_element().attribute("xmlns").value() == xml::fhir::fhir_namespace;
        std::string const& name = piece.name;
        if (name == "claims") {
            mode_ = Mode::claims;
            splitter_->choose(xml::RootMode::children, "claim");
        } else if (name == "claim") {
            mode_ = Mode::native_claim;
            splitter_->choose(xml::RootMode::whole);
        } else if (name == "Bundle") {
            mode_ = Mode::bundle;
            splitter_->choose(xml::RootMode::children, "entry");
        } else if (name == "Claim") {
            mode_ = Mode::fhir_claim;
            splitter_->choose(xml::RootMode::whole);
        } else if (is_fhir) {
            skip(root_where_, name + " is not a claim; skipped");
            pass_over();
        } else {
            record.diagnostics.push_back(
                {Severity::error, "CX-ROOT", root_where_,
                 "expected the root element <claims> or <claim>, or a FHIR <Claim> or <Bundle>, found <" + name + ">",
                 name == "treatment-plan" ? "this is a treatment plan: check it with `covercheck check`"
                                          : "the claim formats are described in samples/claims/README.md"});
            pass_over();
            push(std::move(record));
        }
    }

    /// A root that is not read: the end of the input, or in a sequence of documents, the next one.
    void pass_over() {
        if (documents_) {
            mode_ = Mode::skip;
            splitter_->choose(xml::RootMode::whole);
        } else {
            splitter_->choose(xml::RootMode::stop);
        }
    }

    void child(Piece const& piece) {
        if (mode_ == Mode::bundle) return entry(piece);
        if (piece.name == "claim") return native(piece);
        ClaimRecord record = blank_record(SourceLocation{path_, piece.line, piece.column});
        record.diagnostics.push_back({Severity::error, "CL-NOT-CLAIM", record.where,
                                      "expected <claim> inside <claims>, found <" + piece.name + ">; it is not read",
                                      "a <claims> file holds <claim> elements only"});
        push(std::move(record));
    }

    void whole(Piece const& piece) {
        if (mode_ == Mode::skip) return;
        if (mode_ == Mode::native_claim) return native(piece);
        ClaimRecord record = blank_record(SourceLocation{path_, piece.line, piece.column});
        xml::Sink sink(record.diagnostics);
        xml::LineIndex const lines(piece.text, path_, piece.line, piece.column);
        xml::Document document;
        ++claims_;
        if (!xml::parse(piece.text, lines, document, sink)) {
            sink.finish();
            record.claim_id = fhir_id_in(piece.text);
            return push(std::move(record));
        }
        Slot slot;
        slot.draft = xml::fhir::read_claim(document.doc.document_element(), document, lines, "");
        slot.record = std::move(record);
        pending_.push_back(std::move(slot));
        release();
    }

    void problem(Piece const& piece) {
        ClaimRecord record = blank_record(piece.problem.where);
        record.diagnostics.push_back(piece.problem);
        if (piece.name == "claim") {
            record.claim_id = start_tag_attribute(piece.text, "id");
            ++claims_;
        } else if (format() == ClaimFormat::fhir) {
            record.claim_id = fhir_id_in(piece.text);
            if (piece.text.find("<Claim") != std::string::npos) ++claims_;
        }
        push(std::move(record));
    }

    void native(Piece const& piece) {
        ++claims_;
        ClaimRecord record = blank_record(SourceLocation{path_, piece.line, piece.column});
        xml::Sink sink(record.diagnostics);
        xml::LineIndex const lines(piece.text, path_, piece.line, piece.column);
        xml::Document document;
        if (!xml::parse(piece.text, lines, document, sink)) {
            sink.finish();
            record.claim_id = start_tag_attribute(piece.text, "id");
            return push(std::move(record));
        }
        xml::Reader reader(document, lines, sink, claim_elements_hint);
        TreatmentPlan plan;
        xml::SectionReader(reader).read_root(document.doc.document_element(), xml::claim_sections, plan);
        sink.finish();
        record.claim_id = plan.id;
        if (!has_errors(record.diagnostics)) record.claim = std::move(plan);
        push(std::move(record));
    }

    void entry(Piece const& piece) {
        SourceLocation const where{path_, piece.line, piece.column};
        if (piece.name != "entry") {
            if (!is_bundle_element(piece.name)) skip(where, "<" + piece.name + "> is not an element of a Bundle; skipped");
            return;
        }
        ClaimRecord record = blank_record(where);
        xml::Sink sink(record.diagnostics);
        xml::LineIndex const lines(piece.text, path_, piece.line, piece.column);
        xml::Document document;
        if (!xml::parse(piece.text, lines, document, sink)) {
            sink.finish();
            record.claim_id = fhir_id_in(piece.text);
            if (piece.text.find("<Claim") != std::string::npos) ++claims_;
            return push(std::move(record));
        }
        xml::Reader reader(document, lines, sink);
        pugi::xml_node const node = document.doc.document_element();
        std::string const full_url = node.child("fullUrl").attribute("value").value();
        pugi::xml_node const resource = node.child("resource").find_child(
            [](pugi::xml_node n) { return n.type() == pugi::node_element; });
        if (!resource) return skip(where, "a Bundle entry with no resource; skipped");
        std::string const type = resource.name();
        if (type == "Claim") {
            ++claims_;
            Slot slot;
            slot.draft = xml::fhir::read_claim(resource, document, lines, full_url);
            slot.record = std::move(record);
            pending_.push_back(std::move(slot));
            return release();
        }
        if (type == "Patient" || type == "Coverage") {
            if (kept_.size() >= max_kept) {
                return skip(reader.where(resource), type + " not kept: the Bundle has more than " + std::to_string(max_kept) +
                                                        " Patient and Coverage resources; skipped");
            }
            kept_.push_back(type == "Patient" ? xml::fhir::read_patient(resource, reader)
                                              : xml::fhir::read_coverage(resource, reader));
            xml::fhir::Kept& kept = kept_.back();
            for (std::string const& key : xml::fhir::keys_of(full_url, type, kept.id)) by_key_.emplace(key, &kept);
            return release();
        }
        skip(reader.where(resource), type + " is not a claim; skipped");
    }

    ClaimRecord blank_record(SourceLocation where) const {
        ClaimRecord r;
        r.file = path_;
        r.format = format();
        r.where = std::move(where);
        return r;
    }

    void push(ClaimRecord record) {
        Slot slot;
        slot.record = std::move(record);
        pending_.push_back(std::move(slot));
        release();
    }

    void skip(SourceLocation where, std::string message) {
        if (skipped_.size() < max_skipped) {
            skipped_.push_back({Severity::warning, "CL-SKIPPED", std::move(where), std::move(message), ""});
        } else {
            ++skipped_dropped_;
        }
    }

    /// The Patient or Coverage (`type`) a reference names: contained in the claim, or an entry
    /// of the Bundle. Null when there is none (yet).
    xml::fhir::Kept* find(xml::fhir::ClaimDraft& draft, xml::fhir::Ref const& ref, char const* type) {
        if (ref.reference.empty()) return nullptr;
        if (xml::fhir::is_contained(ref.reference)) {
            auto const it = draft.contained.find(ref.reference);
            return it != draft.contained.end() && it->second.type == type ? &it->second : nullptr;
        }
        for (std::string const& key : xml::fhir::lookup_keys(ref.reference)) {
            auto const it = by_key_.find(key);
            if (it != by_key_.end() && it->second->type == type) return it->second;
        }
        return nullptr;
    }

    /// Whether a reference could still be resolved by a Bundle entry read later.
    bool may_come(xml::fhir::ClaimDraft& draft, xml::fhir::Ref const& ref, char const* type) {
        return mode_ == Mode::bundle && !ref.reference.empty() && !xml::fhir::is_contained(ref.reference) &&
               find(draft, ref, type) == nullptr;
    }

    /// Gives out, in input order, every claim at the front of the queue that is complete; with
    /// `all`, every claim, resolving references with what is known.
    void release(bool all = false) {
        while (!pending_.empty()) {
            Slot& front = pending_.front();
            if (front.draft) {
                xml::fhir::ClaimDraft& draft = *front.draft;
                bool const waiting =
                    may_come(draft, draft.patient, "Patient") || may_come(draft, draft.coverage, "Coverage");
                if (waiting && !all && pending_.size() <= max_pending) return;
                xml::fhir::resolve(draft, find(draft, draft.patient, "Patient"), find(draft, draft.coverage, "Coverage"));
                ClaimRecord& r = front.record;
                r.claim_id = draft.plan.id;
                r.where = draft.plan.where;
                r.diagnostics = std::move(draft.diagnostics);
                if (!has_errors(r.diagnostics)) r.claim = std::move(draft.plan);
                front.draft.reset();
            }
            ++records_;
            ready_.push_back(std::move(front.record));
            pending_.pop_front();
        }
    }

    /// The end of the input: waiting claims given out, summaries made.
    void finish() {
        if (finished_) return;
        finished_ = true;
        end_document();
        if (skipped_dropped_ > 0) {
            Diagnostic summary = skipped_.back();
            summary.message = "and " + std::to_string(skipped_dropped_) + " more resources that are not claims, skipped";
            skipped_.push_back(std::move(summary));
            skipped_dropped_ = 0;
        }
        splitter_.reset();
    }

    /// The end of one document: waiting claims resolved, unused resources reported, an empty
    /// <claims> or Bundle said so; ready for another document (standard input may hold several).
    void end_document() {
        release(true);
        if (mode_ == Mode::bundle) {
            for (xml::fhir::Kept const& k : kept_) {
                if (!k.used) skip(k.where, k.type + " is not a claim, and no claim in the Bundle refers to it; skipped");
            }
        }
        if ((mode_ == Mode::bundle || mode_ == Mode::claims) && claims_ == 0 && records_ == 0) {
            ClaimRecord record = blank_record(root_where_);
            record.diagnostics.push_back(
                {Severity::error, "CL-NO-CLAIM", root_where_,
                 mode_ == Mode::bundle ? "the Bundle holds no Claim" : "<claims> holds no <claim>",
                 mode_ == Mode::bundle ? "a Bundle of claims has entries whose resource is a <Claim>" : ""});
            ready_.push_back(std::move(record));
        }
        mode_ = Mode::none;
        claims_ = 0;
        records_ = 0;
        by_key_.clear();
        kept_.clear();
    }

    std::unique_ptr<std::istream> owned_;
    std::string path_;
    std::optional<xml::Splitter> splitter_;
    Mode mode_ = Mode::none;
    bool finished_ = false;
    bool failed_ = false;
    bool documents_ = false;   ///< a sequence of documents (standard input)
    std::deque<ClaimRecord> ready_;
    std::deque<Slot> pending_;
    std::vector<Diagnostic> skipped_;
    std::size_t skipped_dropped_ = 0;
    std::size_t records_ = 0;    ///< records given to ready_ so far
    std::size_t claims_ = 0;     ///< <claim> elements and FHIR Claims met, broken ones included
    SourceLocation root_where_;
    std::string root_name_;
    std::deque<xml::fhir::Kept> kept_;   ///< a deque: the addresses in by_key_ stay valid
    std::unordered_map<std::string, xml::fhir::Kept*> by_key_;
};

ClaimReader::ClaimReader(std::istream& in, std::string path, std::size_t chunk_size)
    : impl_(std::make_unique<Impl>(in, std::move(path), chunk_size)) {}

ClaimReader::ClaimReader(std::string path, std::size_t chunk_size)
    : impl_(std::make_unique<Impl>(std::move(path), chunk_size)) {}

ClaimReader::~ClaimReader() = default;
ClaimReader::ClaimReader(ClaimReader&&) noexcept = default;
ClaimReader& ClaimReader::operator=(ClaimReader&&) noexcept = default;

bool ClaimReader::next(ClaimRecord& out) { return impl_->next(out); }

std::vector<Diagnostic> const& ClaimReader::skipped() const { return impl_->skipped(); }

void ClaimReader::allow_documents() { impl_->allow_documents(); }

std::vector<ClaimRecord> read_claims(std::string_view text, std::string const& path, std::vector<Diagnostic>* skipped,
                                     std::size_t chunk_size) {
    ViewBuffer buffer(text);
    std::istream in(&buffer);
    ClaimReader reader(in, path, chunk_size);
    std::vector<ClaimRecord> records;
    ClaimRecord record;
    while (reader.next(record)) records.push_back(std::move(record));
    if (skipped != nullptr) *skipped = reader.skipped();
    return records;
}

}  // namespace covercheck
