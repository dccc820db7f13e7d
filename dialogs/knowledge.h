// Questions in chat: ranked retrieval over the curated knowledge base (content/knowledge.json).
// BM25 over each entry's title, the ways people ask it and its answer; English Snowball
// stemming (libstemmer); synonym groups from the content file (a phrase or a word in a group
// matches the others); tolerance for typos (a word the base does not know matches one it does
// within one edit, two for long words). Immutable once built; Search is thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace achilles::dialogs {

struct KnowledgeEntry {
  std::string id;
  std::string title;
  std::vector<std::string> asks;        // ways people ask it (matched, never shown)
  std::string answer;                   // chat-sized
  std::string evidence;                 // where CLINICAL.md supports it (for reviewers)
  std::vector<std::string> follow_ups;  // "plan", "book": buttons under the answer
};

struct KnowledgeMatch {
  const KnowledgeEntry* entry;
  double score;     // BM25; comparable within one question only
  double coverage;  // the share of the question's content words this entry holds, 0-1,
                    // each word weighted by how rare it is in the base
};

class KnowledgeBase {
 public:
  KnowledgeBase();  // empty: every search finds nothing
  KnowledgeBase(std::vector<KnowledgeEntry> entries,
                const std::vector<std::vector<std::string>>& synonyms);
  ~KnowledgeBase();
  KnowledgeBase(KnowledgeBase&&) noexcept;
  KnowledgeBase& operator=(KnowledgeBase&&) noexcept;

  // The best `limit` entries for `question`, best first; none when no word of it is known.
  std::vector<KnowledgeMatch> Search(std::string_view question, std::size_t limit) const;

  const KnowledgeEntry* Find(std::string_view id) const;
  const std::vector<KnowledgeEntry>& entries() const;

 private:
  struct Index;
  std::unique_ptr<Index> index_;
};

// What to do with a question: answer it, offer the closest topics when unsure, or say it is
// outside what the bot knows.
struct QuestionAnswer {
  enum class Kind { kAnswer, kUnsure, kOutOfScope };
  Kind kind = Kind::kOutOfScope;
  const KnowledgeEntry* entry = nullptr;       // kAnswer
  std::vector<const KnowledgeEntry*> closest;  // kUnsure: up to three
};

// Confident when the best match scores at least kConfidentScore, holds at least
// kConfidentCoverage of the question's content words, and clearly beats the next.
inline constexpr double kConfidentScore = 4.0;
inline constexpr double kConfidentCoverage = 0.6;
inline constexpr double kClearLead = 1.1;  // best / second

QuestionAnswer AnswerQuestion(const KnowledgeBase& base, std::string_view question);

}  // namespace achilles::dialogs
