// The batch engine, in three phases:
//   1. read: workers take whole inputs, stream their claims and encode each into one of
//      `partitions` buckets by a hash of (member id, plan id); a bucket that grows past its
//      budget is appended to the worker's spill file, so memory stays bounded;
//   2. check: workers take whole buckets, group the claims by member and plan, check each group
//      (check_member), render every result (CSV rows, JSON line, HTML rows) and append them,
//      in input order, to the worker's result file;
//   3. write: the calling thread merges the buckets' results by input order into the outputs.
// A claim's place in the output is its input order, and a member's group is decided by the
// hash alone, so the outputs are identical for any number of workers.

#include "covercheck/batch.hpp"

#include "batch/codec.hpp"
#include "batch/member.hpp"
#include "covercheck/batch_report.hpp"
#include "covercheck/claim_xml.hpp"
#include "covercheck/load.hpp"
#include "covercheck/rule_book.hpp"
#include "covercheck/usage_xml.hpp"
#include "report/batch_text.hpp"

#include <stdlib.h>   // mkdtemp

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>
#include <tuple>

namespace covercheck {
namespace {

namespace fs = std::filesystem;
using batch::ReadClaim;

/// Partitions: at least 256, and one per 4 MiB of input, so a partition checked in memory stays
/// a few MiB however large the input (standard input, of unknown size, gets 256).
constexpr std::size_t min_partitions = 256;
/// Errors of unreadable claims kept for stderr (all are in the outputs).
constexpr std::size_t max_claim_errors = 20;
constexpr std::uintmax_t input_per_partition = std::uintmax_t{4} << 20U;

std::size_t partitions_for(std::vector<std::string> const& inputs) {
    std::uintmax_t total = 0;
    for (std::string const& input : inputs) {
        std::error_code ec;
        std::uintmax_t const size = input == "-" ? 0 : fs::file_size(input, ec);
        if (!ec) total += size;
    }
    return std::max<std::size_t>(min_partitions, static_cast<std::size_t>(total / input_per_partition) + 1);
}
/// Bytes of encoded claims held in memory by all workers together before buckets spill.
constexpr std::size_t bucket_budget = std::size_t{32} << 20U;

/// FNV-1a: a hash that is the same on every machine, so buckets do not depend on the platform.
std::uint64_t stable_hash(std::string_view a, std::string_view b) {
    std::uint64_t h = 14695981039346656037ULL;
    auto mix = [&](std::string_view s) {
        for (char c : s) {
            h ^= static_cast<unsigned char>(c);
            h *= 1099511628211ULL;
        }
    };
    mix(a);
    h ^= 0xff;
    h *= 1099511628211ULL;
    mix(b);
    return h;
}

/// A temporary file that is removed when this goes away.
class TempFile {
public:
    explicit TempFile(fs::path path) : path_(std::move(path)) {
        stream_.open(path_, std::ios::binary | std::ios::in | std::ios::out | std::ios::trunc);
        if (!stream_) throw std::runtime_error("cannot create the temporary file " + path_.string());
    }
    ~TempFile() {
        stream_.close();
        std::error_code ec;
        fs::remove(path_, ec);
    }
    TempFile(TempFile const&) = delete;
    TempFile& operator=(TempFile const&) = delete;

    /// Appends `bytes`; returns where they start.
    std::uint64_t append(std::string_view bytes) {
        stream_.seekp(0, std::ios::end);
        auto const at = static_cast<std::uint64_t>(stream_.tellp());
        stream_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        stream_.flush();   // other streams read the file
        if (!stream_) throw std::runtime_error("cannot write the temporary file " + path_.string());
        return at;
    }
    /// Reads `size` bytes at `offset`. Safe from several threads (one reader at a time per file).
    void read(std::uint64_t offset, std::size_t size, std::string& into) {
        std::lock_guard<std::mutex> lock(read_mutex_);
        into.resize(size);
        stream_.seekg(static_cast<std::streamoff>(offset));
        stream_.read(into.data(), static_cast<std::streamsize>(size));
        if (!stream_) throw std::runtime_error("cannot read the temporary file " + path_.string());
    }
    fs::path const& path() const { return path_; }

private:
    fs::path path_;
    std::fstream stream_;
    std::mutex read_mutex_;
};

/// A folder of this run's own (mode 0700) under `parent` (the system's temporary folder when
/// empty), removed with everything in it when this goes away.
class PrivateDir {
public:
    explicit PrivateDir(std::string const& parent) {
        fs::path const base = parent.empty() ? fs::temp_directory_path() : fs::path(parent);
        std::string pattern = (base / "covercheck-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("cannot create a temporary folder in " + base.string());
        }
        path_ = pattern;
    }
    ~PrivateDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    PrivateDir(PrivateDir const&) = delete;
    PrivateDir& operator=(PrivateDir const&) = delete;
    fs::path const& path() const { return path_; }

private:
    fs::path path_;
};

/// A span of a temporary file.
struct Chunk {
    std::uint64_t offset = 0;
    std::size_t size = 0;
};

/// The plans under --rules, by id. A plan whose files have errors is not usable: claims for it
/// get a result saying so.
struct Plans {
    std::map<std::string, RuleBook> books;
    std::map<std::string, std::string> broken;   ///< plan id -> why it cannot be used
};

Plans load_plans(std::string const& path, BatchOutcome& outcome) {
    Plans plans;
    std::vector<std::string> files;
    std::error_code ec;
    if (fs::is_directory(path, ec)) files = list_rules_files(path);
    else files.push_back(path);
    if (files.empty()) {
        outcome.problems.push_back({Severity::error, "BA-NO-RULES", SourceLocation{path, 0, 0},
                                    "no .rules files found", "give a rules file or a folder holding them"});
    }
    for (std::string const& file : files) {
        LoadedRules loaded = load_rules(file);
        bool const errors = has_errors(loaded.diagnostics);
        if (errors) {
            for (Diagnostic const& d : loaded.diagnostics) {
                if (d.severity == Severity::error) outcome.problems.push_back(d);
            }
            for (auto const& [p, text] : loaded.sources) outcome.sources.emplace_back(p, text);
        }
        if (loaded.files.empty() || !loaded.files.back().plan) continue;   // a base file
        std::string const id = loaded.files.back().plan->id;
        if (plans.books.count(id) != 0 || plans.broken.count(id) != 0) {
            outcome.problems.push_back({Severity::error, "BA-DUPLICATE-PLAN", SourceLocation{file, 0, 0},
                                        "plan '" + id + "' is also defined in another file", ""});
            continue;
        }
        if (errors) {
            plans.broken.emplace(id, "the rules of plan " + id + " (" + file + ") have errors");
            continue;
        }
        plans.books.emplace(id, RuleBook::build(std::move(loaded.files)));
    }
    return plans;
}

/// The input files: each file as given, directories expanded to their *.xml entries sorted by
/// path (an entry that is not a regular file, a dangling link say, is kept: its reader gives its
/// error record), "-" kept. A path that does not exist is kept too. A file named twice (by any
/// path) is read once, and said so in `problems`; a folder that cannot be walked is a problem,
/// and one that holds no *.xml file a warning.
std::vector<std::string> expand_inputs(std::vector<std::string> const& inputs, std::vector<Diagnostic>& problems) {
    std::vector<std::string> files;
    for (std::string const& input : inputs) {
        std::error_code ec;
        if (input != "-" && fs::is_directory(input, ec)) {
            std::vector<std::string> found;
            fs::recursive_directory_iterator it(input, ec);
            for (fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
                std::error_code type_ec;
                if (it->path().extension() == ".xml" && !it->is_directory(type_ec)) found.push_back(it->path().string());
            }
            if (ec) {
                problems.push_back({Severity::error, "BA-INPUT", SourceLocation{input, 0, 0},
                                    "the folder could not be read to the end: " + ec.message(),
                                    "check the permissions of the folders below it"});
            }
            if (found.empty() && !ec) {
                problems.push_back({Severity::warning, "BA-INPUT", SourceLocation{input, 0, 0},
                                    "the folder holds no *.xml file: no claims were read from it",
                                    "check the folder, and that the claim files end in .xml"});
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.push_back(input);
        }
    }
    // Each file once: the same file named twice would count its claims twice.
    std::vector<std::string> unique;
    std::set<std::string> seen;
    for (std::string const& file : files) {
        std::error_code ec;
        std::string const key = file == "-" ? file : fs::weakly_canonical(file, ec).string();
        if (!seen.insert(ec ? file : key).second) {
            problems.push_back({Severity::warning, "BA-INPUT", SourceLocation{file, 0, 0},
                                "this input is named more than once; it is read once", ""});
            continue;
        }
        unique.push_back(file);
    }
    return unique;
}

/// One worker's state across the phases.
struct Worker {
    std::unique_ptr<TempFile> spill;                 ///< phase 1 overflow
    std::vector<std::string> buckets;                ///< phase 1: encoded claims per partition
    std::vector<std::vector<Chunk>> spilled;         ///< phase 1: spilled chunks per partition
    std::unique_ptr<TempFile> results;               ///< phase 2 output
    std::vector<std::pair<std::size_t, Chunk>> result_chunks;   ///< (partition, chunk)
    BatchTotals totals;
    std::vector<Diagnostic> problems;
    std::int64_t skipped = 0;
    std::vector<std::pair<std::uint64_t, Diagnostic>> claim_errors;   ///< (sequence, first error)
    std::string error;                               ///< a failure that stops the batch
};

/// One rendered result in a result file, in input order within its chunk.
struct Rendered {
    std::uint64_t sequence = 0;
    std::string csv;
    std::string jsonl;
    std::vector<std::string> html;
};

/// A Rendered as the merge reads it back: views of the reader's buffer, valid until its next().
struct RenderedView {
    std::uint64_t sequence = 0;
    std::string_view csv;
    std::string_view jsonl;
    std::vector<std::string_view> html;
};

void encode_rendered(Rendered const& r, std::string& out) {
    thread_local std::string body;   // reused: one per worker, not one per claim
    body.clear();
    batch::put_number(body, r.sequence);
    batch::put_string(body, r.csv);
    batch::put_string(body, r.jsonl);
    batch::put_number(body, r.html.size());
    for (std::string const& row : r.html) batch::put_string(body, row);
    batch::put_string(out, body);
}

/// Reads one chunk of rendered results a piece at a time (for the merge).
class ChunkReader {
public:
    ChunkReader(fs::path const& path, Chunk chunk) : in_(path, std::ios::binary), left_(chunk.size) {
        in_.seekg(static_cast<std::streamoff>(chunk.offset));
    }
    bool next(RenderedView& r) {
        if (left_ == 0) return false;
        std::uint64_t size = 0;
        for (int shift = 0;; shift += 7) {
            int const c = in_.get();
            if (c == EOF || shift > 56) throw std::runtime_error("a result file is cut short");
            --left_;
            size |= static_cast<std::uint64_t>(c & 0x7f) << shift;
            if ((c & 0x80) == 0) break;
        }
        if (size > left_) throw std::runtime_error("a result file is cut short");
        buffer_.resize(size);
        in_.read(buffer_.data(), static_cast<std::streamsize>(size));
        if (!in_) throw std::runtime_error("a result file is cut short");
        left_ -= size;
        std::string_view body = buffer_;
        r.sequence = batch::get_number(body);
        r.csv = batch::get_string(body);
        r.jsonl = batch::get_string(body);
        r.html.resize(batch::get_number(body));
        for (std::string_view& row : r.html) row = batch::get_string(body);
        return true;
    }

private:
    std::ifstream in_;
    std::size_t left_;
    std::string buffer_;
};

/// An output file, written beside its target and renamed into place by commit(), so a reader
/// never sees half a file. A target that exists and is not a regular file (a device such as
/// /dev/null, a pipe) is written directly: renaming over it would replace it.
class AtomicOutput {
public:
    explicit AtomicOutput(std::string target) : target_(std::move(target)), buffer_(1U << 20U) {
        // A large buffer: the outputs run to hundreds of megabytes, written a claim at a time.
        stream_.rdbuf()->pubsetbuf(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        std::error_code ec;
        fs::file_status const status = fs::status(target_, ec);
        direct_ = !ec && fs::exists(status) && !fs::is_regular_file(status);
        if (direct_) {
            stream_.open(target_, std::ios::binary);
            return;
        }
        std::random_device random;
        for (int attempt = 0; attempt < 100; ++attempt) {
            temp_ = target_ + ".tmp-" + std::to_string(random());
            if (!fs::exists(temp_, ec)) break;
        }
        stream_.open(temp_, std::ios::binary | std::ios::trunc);
    }
    ~AtomicOutput() {
        if (!committed_ && !direct_) {
            stream_.close();
            std::error_code ec;
            fs::remove(temp_, ec);
        }
    }
    AtomicOutput(AtomicOutput const&) = delete;
    AtomicOutput& operator=(AtomicOutput const&) = delete;

    bool ok() const { return static_cast<bool>(stream_); }
    std::ostream& stream() { return stream_; }
    /// Flushes, closes and renames; false (and the target untouched) on any failure.
    bool commit() {
        stream_.flush();
        bool const good = static_cast<bool>(stream_);
        stream_.close();
        if (!good) return false;
        if (direct_) {
            committed_ = true;
            return true;
        }
        std::error_code ec;
        fs::rename(temp_, target_, ec);
        if (ec) return false;
        committed_ = true;
        return true;
    }
    std::string const& target() const { return target_; }

private:
    std::string target_;
    std::string temp_;
    std::vector<char> buffer_;   ///< the stream's buffer: declared first, so it outlives the stream
    std::ofstream stream_;
    bool direct_ = false;
    bool committed_ = false;
};

/// Runs `work(worker index)` on `count` threads and reports progress from this thread meanwhile.
template <typename Work>
void run_workers(std::size_t count, Work work, std::function<void()> const& tick) {
    std::mutex mutex;
    std::condition_variable done;
    std::size_t running = count;
    std::vector<std::thread> threads;
    threads.reserve(count);
    for (std::size_t w = 0; w < count; ++w) {
        threads.emplace_back([&, w] {
            work(w);
            std::lock_guard<std::mutex> lock(mutex);
            if (--running == 0) done.notify_all();
        });
    }
    {
        std::unique_lock<std::mutex> lock(mutex);
        while (running > 0) {
            if (done.wait_for(lock, std::chrono::milliseconds(200), [&] { return running == 0; })) break;
            lock.unlock();
            if (tick) tick();
            lock.lock();
        }
    }
    for (std::thread& t : threads) t.join();
    if (tick) tick();
}

ClaimResult error_result(ReadClaim const& c) {
    ClaimResult r;
    r.sequence = c.sequence;
    r.file = c.where.file;
    r.claim_id = c.claim_id;
    r.where = c.where;
    r.status = ClaimStatus::error;
    r.diagnostics = c.diagnostics;
    if (c.claim) {
        r.member_id = c.claim->patient.member_id;
        r.plan_id = c.claim->plan_id;
    }
    return r;
}

}  // namespace

BatchOutcome run_batch(BatchOptions const& options, std::ostream& out,
                       std::function<void(BatchProgress const&)> const& progress) {
    BatchOutcome outcome;
    std::size_t const jobs = options.jobs > 0 ? static_cast<std::size_t>(options.jobs)
                                              : std::max(1U, std::thread::hardware_concurrency());
    outcome.jobs = static_cast<int>(jobs);

    Plans const plans = load_plans(options.rules, outcome);
    if (!options.default_plan.empty() && plans.books.count(options.default_plan) == 0 &&
        plans.broken.count(options.default_plan) == 0) {
        outcome.problems.push_back({Severity::warning, "BA-NO-PLAN", SourceLocation{options.rules, 0, 0},
                                    "--plan names plan '" + options.default_plan + "', which no rules file here defines",
                                    "claims that name no plan will each get BA-NO-PLAN; check the plan id"});
    }

    // What members had used before the batch, by (member id, plan id).
    std::map<std::pair<std::string, std::string>, batch::MemberSeed> seeds;
    if (!options.usage.empty()) {
        UsageRead usage = load_usage(options.usage);
        bool const broken = has_errors(usage.diagnostics);
        for (Diagnostic& d : usage.diagnostics) outcome.problems.push_back(std::move(d));
        if (broken) return outcome;   // not run on half a usage file
        for (MemberUsage& m : usage.members) {
            batch::MemberSeed& seed = seeds[{m.member_id, m.plan_id}];
            seed.met = m.met;
            seed.prior_usage = std::move(m.prior_usage);
            seed.history = std::move(m.history);
        }
    }
    std::vector<std::string> const inputs = expand_inputs(options.inputs, outcome.problems);
    outcome.inputs = static_cast<std::int64_t>(inputs.size());

    // The outputs are opened first: a path that cannot be written is known before the work.
    std::optional<AtomicOutput> csv;
    std::optional<AtomicOutput> jsonl;
    std::optional<AtomicOutput> html;
    auto open = [&](std::optional<AtomicOutput>& output, std::string const& path) {
        if (path.empty() || path == "-") return true;
        output.emplace(path);
        if (output->ok()) return true;
        outcome.problems.push_back({Severity::error, "BA-OUTPUT", SourceLocation{path, 0, 0},
                                    "cannot write the output file", "check the folder exists and is writable"});
        return false;
    };
    // Each output is tried, so every one that cannot be written is reported.
    bool const csv_ok = open(csv, options.csv);
    bool const jsonl_ok = open(jsonl, options.jsonl);
    bool const html_ok = open(html, options.html);
    bool const outputs_ok = csv_ok && jsonl_ok && html_ok;
    if (!outputs_ok) return outcome;
    bool const jsonl_to_out = options.jsonl == "-";
    bool const want_csv = csv.has_value();
    bool const want_jsonl = jsonl.has_value() || jsonl_to_out;
    bool const want_html = html.has_value();

    // Spill files hold patient data: they go in a folder of this run's own, readable by its
    // user only, removed at the end.
    std::unique_ptr<PrivateDir> private_dir;
    try {
        private_dir = std::make_unique<PrivateDir>(options.temp_dir);
    } catch (std::exception const& e) {
        outcome.problems.push_back({Severity::error, "BA-IO", SourceLocation{options.temp_dir, 0, 0}, e.what(),
                                    "give a writable folder with --temp-dir"});
        return outcome;
    }
    fs::path const temp_dir = private_dir->path();

    std::vector<Worker> workers(jobs);
    std::atomic<std::int64_t> claims_read{0};
    std::atomic<std::int64_t> claims_checked{0};
    std::int64_t results_written = 0;
    char const* phase = "reading";
    auto tick = [&] {
        if (progress) progress(BatchProgress{phase, claims_read.load(), claims_checked.load(), results_written});
    };

    using clock = std::chrono::steady_clock;
    auto seconds_since = [](clock::time_point t) { return std::chrono::duration<double>(clock::now() - t).count(); };
    auto phase_start = clock::now();

    // Phase 1: read.
    std::size_t const partitions = partitions_for(inputs);
    std::size_t const bucket_limit = std::max<std::size_t>(std::size_t{4} << 10U, bucket_budget / (jobs * partitions));
    std::atomic<std::size_t> next_input{0};
    run_workers(
        jobs,
        [&](std::size_t w) {
            Worker& me = workers[w];
            me.buckets.assign(partitions, {});
            me.spilled.assign(partitions, {});
            try {
                me.spill = std::make_unique<TempFile>(temp_dir / ("worker-" + std::to_string(w) + ".claims"));
                for (std::size_t i = next_input++; i < inputs.size(); i = next_input++) {
                    ClaimReader reader(inputs[i]);
                    ClaimRecord record;
                    std::uint64_t ordinal = 0;
                    while (reader.next(record)) {
                        ReadClaim c;
                        c.sequence = (static_cast<std::uint64_t>(i) << 32U) | ordinal++;
                        c.claim_id = std::move(record.claim_id);
                        c.where = record.where;
                        if (c.where.file.empty()) c.where.file = record.file;
                        c.diagnostics = std::move(record.diagnostics);
                        c.claim = std::move(record.claim);
                        if (c.claim && c.claim->plan_id.empty()) c.claim->plan_id = options.default_plan;
                        std::size_t const p =
                            c.claim ? static_cast<std::size_t>(stable_hash(c.claim->patient.member_id, c.claim->plan_id) % partitions)
                                    : static_cast<std::size_t>(c.sequence % partitions);
                        batch::encode(c, me.buckets[p]);
                        if (me.buckets[p].size() > bucket_limit) {
                            std::uint64_t const at = me.spill->append(me.buckets[p]);
                            me.spilled[p].push_back({at, me.buckets[p].size()});
                            me.buckets[p].clear();
                        }
                        ++claims_read;
                    }
                    // Skipped resources are counted; the first few per worker are kept to show.
                    for (Diagnostic const& d : reader.skipped()) {
                        if (++me.skipped <= 100) me.problems.push_back(d);
                    }
                }
            } catch (std::exception const& e) {
                me.error = e.what();
            }
        },
        tick);
    for (Worker const& w : workers) {
        if (!w.error.empty()) {
            outcome.problems.push_back({Severity::error, "BA-IO", SourceLocation{temp_dir.string(), 0, 0}, w.error, ""});
            return outcome;
        }
    }
    outcome.claims_in = claims_read.load();
    outcome.seconds_reading = seconds_since(phase_start);
    phase_start = clock::now();

    // Phase 2: check.
    phase = "checking";
    std::atomic<std::size_t> next_partition{0};
    std::int64_t const html_limit = options.html_flagged_limit;
    run_workers(
        jobs,
        [&](std::size_t w) {
            Worker& me = workers[w];
            try {
                me.results = std::make_unique<TempFile>(temp_dir / ("worker-" + std::to_string(w) + ".results"));
                std::string bytes;
                for (std::size_t p = next_partition++; p < partitions; p = next_partition++) {
                    std::vector<ReadClaim> claims;
                    for (Worker& from : workers) {
                        for (Chunk const& chunk : from.spilled[p]) {
                            std::string part;
                            from.spill->read(chunk.offset, chunk.size, part);   // workers share spill files
                            std::string_view in = part;
                            ReadClaim c;
                            while (batch::decode(in, c)) claims.push_back(std::move(c));
                        }
                        std::string_view in = from.buckets[p];
                        ReadClaim c;
                        while (batch::decode(in, c)) claims.push_back(std::move(c));
                    }
                    if (claims.empty()) continue;

                    std::vector<ClaimResult> results;
                    results.reserve(claims.size());
                    std::map<std::pair<std::string, std::string>, std::vector<ReadClaim const*>> groups;
                    for (ReadClaim const& c : claims) {
                        if (!c.claim) {
                            results.push_back(error_result(c));
                            continue;
                        }
                        groups[{c.claim->patient.member_id, c.claim->plan_id}].push_back(&c);
                    }
                    for (auto& [key, group] : groups) {
                        std::string const& plan_id = key.second;
                        // A claim id seen before for this member (the same claim sent twice) is
                        // an error record and is not counted: it would use the limits twice.
                        std::vector<ReadClaim const*> members;
                        std::map<std::string, ReadClaim const*> first_of;
                        std::sort(group.begin(), group.end(),
                                  [](ReadClaim const* a, ReadClaim const* b) { return a->sequence < b->sequence; });
                        for (ReadClaim const* c : group) {
                            auto const [at, fresh] = first_of.emplace(c->claim_id, c);
                            if (fresh || c->claim_id.empty()) {
                                members.push_back(c);
                                continue;
                            }
                            ClaimResult r = error_result(*c);
                            r.diagnostics.push_back({Severity::error, "BA-DUPLICATE", c->where,
                                                     "claim " + c->claim_id + " of this member was already read at " +
                                                         to_string(at->second->where) + "; not counted again",
                                                     "remove the copy, or give a corrected claim its own id"});
                            results.push_back(std::move(r));
                        }
                        auto const book = plans.books.find(plan_id);
                        if (book == plans.books.end()) {
                            auto const broken = plans.broken.find(plan_id);
                            for (ReadClaim const* c : members) {
                                ClaimResult r = error_result(*c);
                                r.status = ClaimStatus::no_plan;
                                std::string const why =
                                    plan_id.empty() ? "the claim names no plan"
                                    : broken != plans.broken.end() ? broken->second
                                                                    : "no rules file holds plan " + plan_id;
                                r.diagnostics.push_back({Severity::error, "BA-NO-PLAN", c->where, why,
                                                         "add the plan's rules file to --rules"});
                                results.push_back(std::move(r));
                            }
                            continue;
                        }
                        // A preauthorization or predetermination proposes services: it is checked
                        // on its own (with the member's usage file, if any) and changes no count
                        // of the claims for services given.
                        auto const seed_at = seeds.find(key);
                        batch::MemberSeed const* seed = seed_at == seeds.end() ? nullptr : &seed_at->second;
                        auto const proposed = std::stable_partition(
                            members.begin(), members.end(), [](ReadClaim const* c) { return !c->claim->proposed; });
                        std::vector<std::vector<ReadClaim const*>> units;
                        if (proposed != members.begin()) units.emplace_back(members.begin(), proposed);
                        for (auto it = proposed; it != members.end(); ++it) units.push_back({*it});
                        for (std::vector<ReadClaim const*> const& unit : units) {
                            std::vector<ClaimResult> checked = batch::check_member(book->second, unit, seed, me.problems);
                            for (ClaimResult& r : checked) results.push_back(std::move(r));
                        }
                    }
                    std::sort(results.begin(), results.end(),
                              [](ClaimResult const& a, ClaimResult const& b) { return a.sequence < b.sequence; });

                    bytes.clear();
                    std::int64_t html_rows = 0;
                    for (ClaimResult const& r : results) {
                        me.totals.add(r);
                        if (r.status == ClaimStatus::error) {
                            Diagnostic const* first = report::first_error(r);
                            if (first != nullptr) me.claim_errors.emplace_back(r.sequence, *first);
                        }
                        Rendered rendered;
                        rendered.sequence = r.sequence;
                        if (want_csv) rendered.csv = batch_csv_rows(r);
                        if (want_jsonl) rendered.jsonl = batch_jsonl_record(r);
                        if (want_html && html_rows < html_limit) {
                            rendered.html = batch_html_flagged_rows(r);
                            html_rows += static_cast<std::int64_t>(rendered.html.size());
                        }
                        encode_rendered(rendered, bytes);
                    }
                    // Only the batch's first errors are shown: keep this worker's first ones by
                    // input order (partitions come in any order).
                    std::sort(me.claim_errors.begin(), me.claim_errors.end(),
                              [](auto const& a, auto const& b) { return a.first < b.first; });
                    if (me.claim_errors.size() > max_claim_errors) me.claim_errors.resize(max_claim_errors);
                    claims_checked += static_cast<std::int64_t>(results.size());
                    std::uint64_t const at = me.results->append(bytes);
                    me.result_chunks.push_back({p, Chunk{at, bytes.size()}});
                }
            } catch (std::exception const& e) {
                me.error = e.what();
            }
        },
        tick);
    std::vector<std::pair<std::uint64_t, Diagnostic>> first_errors;
    for (Worker& w : workers) {
        if (!w.error.empty()) {
            outcome.problems.push_back({Severity::error, "BA-IO", SourceLocation{temp_dir.string(), 0, 0}, w.error, ""});
            return outcome;
        }
        outcome.totals.add(w.totals);
        for (auto& e : w.claim_errors) first_errors.push_back(std::move(e));
        outcome.skipped += w.skipped;
        for (Diagnostic& d : w.problems) outcome.problems.push_back(std::move(d));
        // The spill files are no longer needed.
        w.spill.reset();
        w.buckets.clear();
    }

    // Each worker kept its first errors by input order; the batch's first ones are among them.
    std::sort(first_errors.begin(), first_errors.end(), [](auto const& a, auto const& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < first_errors.size() && i < max_claim_errors; ++i) {
        outcome.claim_errors.push_back(std::move(first_errors[i].second));
    }
    outcome.seconds_checking = seconds_since(phase_start);
    phase_start = clock::now();

    // Phase 3: merge the results of every bucket by input order.
    phase = "writing";
    struct Source {
        std::unique_ptr<ChunkReader> reader;
        RenderedView current;
    };
    std::vector<Source> sources;
    auto later = [&](std::size_t a, std::size_t b) { return sources[a].current.sequence > sources[b].current.sequence; };
    std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> heap(later);
    if (csv) csv->stream() << batch_csv_header();
    std::vector<std::string> html_rows;
    auto last_tick = std::chrono::steady_clock::now();
    try {
        for (Worker& w : workers) {
            for (auto const& [p, chunk] : w.result_chunks) {
                Source s;
                s.reader = std::make_unique<ChunkReader>(w.results->path(), chunk);
                if (s.reader->next(s.current)) sources.push_back(std::move(s));
            }
        }
        for (std::size_t i = 0; i < sources.size(); ++i) heap.push(i);
        while (!heap.empty()) {
            std::size_t const i = heap.top();
            heap.pop();
            RenderedView const& r = sources[i].current;
            if (csv) csv->stream().write(r.csv.data(), static_cast<std::streamsize>(r.csv.size()));
            if (jsonl) jsonl->stream().write(r.jsonl.data(), static_cast<std::streamsize>(r.jsonl.size()));
            if (jsonl_to_out) out.write(r.jsonl.data(), static_cast<std::streamsize>(r.jsonl.size()));
            for (std::string_view row : r.html) {
                if (static_cast<std::int64_t>(html_rows.size()) < html_limit) html_rows.emplace_back(row);
            }
            ++results_written;
            if (sources[i].reader->next(sources[i].current)) heap.push(i);
            if (progress && std::chrono::steady_clock::now() - last_tick > std::chrono::milliseconds(200)) {
                last_tick = std::chrono::steady_clock::now();
                tick();
            }
        }
    } catch (std::exception const& e) {
        outcome.problems.push_back({Severity::error, "BA-IO", SourceLocation{temp_dir.string(), 0, 0}, e.what(), ""});
        return outcome;
    }
    tick();
    outcome.results_out = results_written;

    if (html) {
        BatchSummary summary;
        summary.inputs = options.inputs;
        summary.rules = options.rules;
        summary.jobs = outcome.jobs;
        summary.claims_in = outcome.claims_in;
        summary.results_out = outcome.results_out;
        summary.skipped_resources = outcome.skipped;
        summary.generated = options.generated;
        html->stream() << render_batch_html(outcome.totals, summary, html_rows,
                                           outcome.totals.flagged_lines + outcome.totals.errors + outcome.totals.no_plan);
    }
    for (std::optional<AtomicOutput>* output : {&csv, &jsonl, &html}) {
        if (!*output) continue;
        if ((*output)->commit()) {
            outcome.written.push_back((*output)->target());
        } else {
            outcome.problems.push_back({Severity::error, "BA-OUTPUT", SourceLocation{(*output)->target(), 0, 0},
                                        "cannot write the output file", "check the disk space and permissions"});
        }
    }
    if (jsonl_to_out) {
        out.flush();
        if (!out) {
            outcome.problems.push_back({Severity::error, "BA-OUTPUT", SourceLocation{"-", 0, 0},
                                        "cannot write the JSON Lines to standard output", ""});
        }
    }
    // Problems in a fixed order, whatever the workers' timing.
    std::stable_sort(outcome.problems.begin(), outcome.problems.end(), [](Diagnostic const& a, Diagnostic const& b) {
        return std::tie(a.where.file, a.where.line, a.where.column, a.code) <
               std::tie(b.where.file, b.where.line, b.where.column, b.code);
    });
    outcome.seconds_writing = seconds_since(phase_start);
    return outcome;
}

}  // namespace covercheck
