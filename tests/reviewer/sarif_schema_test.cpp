// Checks Nova's SARIF against the official OASIS SARIF 2.1.0 JSON schema (vendored in
// tests/data with its license) using valijson, plus the URI formats valijson does not check.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "reviewer/merge.h"
#include "reviewer/render.h"
#include "reviewer/review.h"
#include "support/test_support.h"

namespace nova::reviewer {
namespace {

using core::Finding;
using core::Severity;
using nlohmann::json;

const std::filesystem::path kSchemaPath =
    std::filesystem::path(NOVA_TEST_DATA_DIR) / "sarif-schema-2.1.0.json";

// The schema parsed once for the whole suite (it is 110 KB with many $refs).
class SarifSchema {
 public:
  static const SarifSchema& Get() {
    static const SarifSchema* schema = new SarifSchema();
    return *schema;
  }

  bool loaded() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // Empty when `document` is valid; otherwise one line per violation, with its JSON path.
  std::vector<std::string> Violations(const json& document) const {
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(document);
    std::vector<std::string> violations;
    if (validator.validate(schema_, target, &results)) return violations;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      std::string path;
      for (const std::string& part : error.context) path += part;
      violations.push_back(path + ": " + error.description);
    }
    if (violations.empty()) violations.push_back("invalid, without details");
    return violations;
  }

 private:
  SarifSchema() {
    if (!std::filesystem::exists(kSchemaPath)) {
      error_ = "schema missing: " + kSchemaPath.string();
      return;
    }
    try {
      schema_document_ = json::parse(testing::ReadFile(kSchemaPath));
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
      valijson::adapters::NlohmannJsonAdapter adapter(schema_document_);
      parser.populateSchema(adapter, schema_);
    } catch (const std::exception& e) {
      error_ = std::string("schema did not load: ") + e.what();
    }
  }

  json schema_document_;
  valijson::Schema schema_;
  std::string error_;
};

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

// `format: uri` and `format: uri-reference` are not checked by valijson; GitHub rejects logs
// whose absolute URIs lack a scheme, so check the places Nova writes them.
void ExpectUriFormats(const json& log) {
  const std::regex absolute_uri("^[A-Za-z][A-Za-z0-9+.-]*:[^ \\\\]*$");
  const std::regex uri_reference("^[^ \\\\]*$");
  const json& run = log.at("runs")[0];
  const json& driver = run.at("tool").at("driver");
  if (driver.contains("informationUri")) {
    EXPECT_TRUE(std::regex_match(driver.at("informationUri").get<std::string>(), absolute_uri));
  }
  for (const json& rule : driver.at("rules")) {
    if (rule.contains("helpUri")) {
      EXPECT_TRUE(std::regex_match(rule.at("helpUri").get<std::string>(), absolute_uri))
          << rule.dump();
    }
  }
  if (run.contains("originalUriBaseIds")) {
    for (const auto& [id, location] : run.at("originalUriBaseIds").items()) {
      const std::string uri = location.at("uri").get<std::string>();
      EXPECT_TRUE(std::regex_match(uri, absolute_uri)) << uri;
      EXPECT_EQ(uri.back(), '/') << uri;
    }
  }
  for (const json& result : run.at("results")) {
    for (const json& location : result.at("locations")) {
      const std::string uri =
          location.at("physicalLocation").at("artifactLocation").at("uri").get<std::string>();
      EXPECT_TRUE(std::regex_match(uri, uri_reference)) << uri;
    }
  }
}

#define ASSERT_SCHEMA_LOADED() \
  ASSERT_TRUE(SarifSchema::Get().loaded()) << SarifSchema::Get().error()

#define EXPECT_VALID_SARIF(document)                                                      \
  do {                                                                                    \
    const std::vector<std::string> violations_ = SarifSchema::Get().Violations(document); \
    EXPECT_TRUE(violations_.empty()) << JoinLines(violations_);                           \
  } while (false)

// Where a finding points; grouped so MakeFinding's call sites read file and range as one.
struct Where {
  std::string file;
  int line, column, end_line, end_column;
};

Finding MakeFinding(std::string rule, Severity severity, Where where, std::string message,
                    std::string snippet) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = severity;
  f.file = std::move(where.file);
  f.line = where.line;
  f.column = where.column;
  f.end_line = where.end_line;
  f.end_column = where.end_column;
  f.message = std::move(message);
  f.snippet = std::move(snippet);
  return f;
}

// Findings with and without fixes (a replacement, a pure deletion, a pure insertion, edits in
// two files), a file outside the root, odd path characters, an end before the start, problems
// with and without a file, and rule metadata with and without a help URI.
Review RichReview() {
  std::vector<Finding> findings;
  Finding null = MakeFinding("use-nullptr", Severity::kWarning, Where{"/proj/src/a.cpp", 3, 10, 3, 14},
                             "use nullptr instead of NULL", "NULL");
  null.fix = {{"/proj/src/a.cpp", 31, 4, "nullptr"}};
  findings.push_back(null);
  Finding two_files = MakeFinding("use-nullptr", Severity::kError, Where{"/proj/src/a.cpp", 9, 1, 9, 2},
                                  "use nullptr instead of 0", "0");
  two_files.fix = {{"/proj/src/a.h", 120, 0, "#include <cstddef>\n"},
                   {"/proj/src/a.cpp", 88, 1, "nullptr"},
                   {"/proj/src/a.cpp", 40, 3, ""}};
  findings.push_back(two_files);
  findings.push_back(MakeFinding("function-size", Severity::kNote,
                                 Where{"/proj/src/dir with space/b+c.cpp", 1, 1, 90, 2},
                                 "function 'Run' has 90 lines (max 60)", "void Run() {"));
  findings.push_back(MakeFinding("naming", Severity::kWarning, Where{"/elsewhere/gen.cpp", 4, 7, 0, 0},
                                 "name 'x' is not snake_case", "x"));
  findings.push_back(MakeFinding("naming", Severity::kWarning, Where{"/proj/src/caf\xc3\xa9.cpp", 5, 9, 5, 3},
                                 "end before start is dropped", "y"));

  ReviewSummary summary;
  summary.translation_units = 4;
  summary.parsed_with_errors = 1;
  summary.duration_ms = 12;
  Review review =
      BuildReview("/proj", findings,
                  {{"/proj/src/gen.cpp", "no compile command"}, {"", "cache disabled"}}, summary);
  review.rules = {
      {"function-size",
       "Finds function definitions whose body is longer than a maximum number "
       "of lines.",
       ""},
      {"use-nullptr", "Finds NULL and 0 used as null pointers and replaces them with nullptr.",
       "https://example.com/docs/rules.md#use-nullptr"},
      {"unused-rule", "A rule with no results is listed too.", ""},
  };
  return review;
}

TEST(SarifSchemaTest, VendoredSchemaLoads) {
  ASSERT_SCHEMA_LOADED();
  EXPECT_VALID_SARIF(json::parse(R"({"version": "2.1.0", "runs": []})"));
}

// The negative control: without it a validator that accepts everything would pass every test.
TEST(SarifSchemaTest, RejectsBrokenLogs) {
  ASSERT_SCHEMA_LOADED();
  const json valid = json::parse(RenderSarif(RichReview()));
  ASSERT_TRUE(SarifSchema::Get().Violations(valid).empty());

  // One mutation of the valid log per row; each must make the schema reject it.
  const std::vector<std::pair<std::string, std::function<void(json&)>>> breakages = {
      {"no version", [](json& d) { d.erase("version"); }},
      {"wrong version", [](json& d) { d["version"] = "2.0.0"; }},
      {"result without message", [](json& d) { d["runs"][0]["results"][0].erase("message"); }},
      {"unknown level", [](json& d) { d["runs"][0]["results"][0]["level"] = "fatal"; }},
      {"startLine 0",
       [](json& d) {
         d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;
       }},
      {"negative byteLength",
       [](json& d) {
         d["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
             ["deletedRegion"]["byteLength"] = -1;
       }},
      {"driver without name", [](json& d) { d["runs"][0]["tool"]["driver"].erase("name"); }},
      {"property the schema does not define",
       [](json& d) { d["runs"][0]["results"][0]["file"] = "src/a.cpp"; }},
      {"non-string fingerprint",
       [](json& d) { d["runs"][0]["results"][0]["partialFingerprints"]["novaFingerprint/v2"] = 7; }},
  };

  for (const auto& [what, breakage] : breakages) {
    json document = valid;
    breakage(document);
    EXPECT_FALSE(SarifSchema::Get().Violations(document).empty()) << what;
  }
}

TEST(SarifSchemaTest, RenderedLogWithFixesProblemsAndRulesIsValid) {
  ASSERT_SCHEMA_LOADED();
  const json log = json::parse(RenderSarif(RichReview()));
  EXPECT_VALID_SARIF(log);
  ExpectUriFormats(log);
  // The sample really exercises what it claims to.
  const json& run = log.at("runs")[0];
  EXPECT_EQ(run.at("results").size(), 5u);
  EXPECT_EQ(run.at("tool").at("driver").at("rules").size(), 4u);
  EXPECT_EQ(run.at("invocations")[0].at("toolExecutionNotifications").size(), 2u);
  int with_fixes = 0;
  for (const json& result : run.at("results")) with_fixes += result.contains("fixes") ? 1 : 0;
  EXPECT_EQ(with_fixes, 2);
}

TEST(SarifSchemaTest, EmptyReviewIsValid) {
  ASSERT_SCHEMA_LOADED();
  const json log = json::parse(RenderSarif(BuildReview("/proj", {}, {}, {})));
  EXPECT_VALID_SARIF(log);
  ExpectUriFormats(log);
}

TEST(SarifSchemaTest, ReviewWithoutAbsoluteRootIsValid) {
  ASSERT_SCHEMA_LOADED();
  Review review = RichReview();
  review.root = "";
  const json log = json::parse(RenderSarif(review));
  EXPECT_VALID_SARIF(log);
  EXPECT_FALSE(log.at("runs")[0].contains("originalUriBaseIds"));
}

TEST(SarifSchemaTest, MergedLogIsValid) {
  ASSERT_SCHEMA_LOADED();
  Review first = RichReview();
  Review second = RichReview();
  second.findings.erase(second.findings.begin());
  second.rules = {{"other-rule", "Only the second shard knows this rule.", ""}};
  const core::Result<std::string> merged =
      MergeReports({RenderSarif(first), RenderSarif(second)}, "sarif");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  const json log = json::parse(*merged);
  EXPECT_VALID_SARIF(log);
  ExpectUriFormats(log);
}

}  // namespace
}  // namespace nova::reviewer
