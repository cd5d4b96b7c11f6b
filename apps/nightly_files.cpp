#include "apps/nightly_files.h"

#include <fstream>

#include "apps/nightly_report.h"
#include "reviewer/night_report_html.h"
#include "reviewer/night_report_markdown.h"

namespace nova::app {
namespace {

core::Status WriteText(const std::filesystem::path& file, const std::string& text,
                       std::ios::openmode mode) {
  std::ofstream out(file, std::ios::binary | mode);
  out << text;
  out.close();
  if (!out) return core::UnavailableError("cannot write " + file.string());
  return core::Status::Ok();
}

}  // namespace

core::Result<std::string> WriteNightFiles(const reviewer::NightReport& report,
                                          const PublishResult* publish,
                                          const std::filesystem::path& dir,
                                          const std::optional<std::filesystem::path>& summary) {
  NOVA_RETURN_IF_ERROR(WriteText(dir / "report.json",
                                 NightReportJson(report, publish).dump(2) + "\n", std::ios::trunc));
  const std::string markdown = reviewer::RenderNightMarkdown(report);
  NOVA_RETURN_IF_ERROR(WriteText(dir / "report.md", markdown, std::ios::trunc));
  NOVA_RETURN_IF_ERROR(
      WriteText(dir / "report.html", reviewer::RenderNightHtml(report), std::ios::trunc));
  std::string written = "report.json, report.md, report.html, logs/";
  if (summary) {
    NOVA_RETURN_IF_ERROR(WriteText(*summary, markdown + "\n", std::ios::app));
    written += "; the Markdown appended to " + summary->string();
  }
  return written;
}

}  // namespace nova::app
