// The night report page's inline stylesheet, kept apart from the markup that uses it.
// Constant data; thread-safe.
#pragma once

namespace nova::reviewer {

inline constexpr const char* kNightReportCss = R"css(
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bad:#b91c1c;--good:#15803d;--bg:#f8fafc}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans","DejaVu Sans",Arial,sans-serif}
main{max-width:960px;margin:0 auto;padding:28px 24px 48px}
h1{font-size:26px;margin:0 0 4px;letter-spacing:-.01em}
h1 .repo{color:var(--muted);font-weight:500}
h2{font-size:18px;margin:0 0 12px}
.meta{color:var(--muted);margin:0 0 20px}
.meta code{color:var(--ink)}
code{font:13px/1.4 ui-monospace,"SFMono-Regular","Liberation Mono","DejaVu Sans Mono",monospace}
section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 18px}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:13px;font-weight:600}
.badge.ok{background:#dcfce7;color:var(--good)}
.badge.partial{background:#fef3c7;color:#92400e}
.badge.failed{background:#fee2e2;color:var(--bad)}
.problems{border:2px solid var(--bad);background:#fef2f2}
.problems h2{color:var(--bad)}
.problems ul{margin:0;padding-left:20px}
.headline{display:grid;grid-template-columns:minmax(200px,1fr) 2fr;gap:14px}
.group-label{color:var(--muted);font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.06em;margin:0 0 6px}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:10px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card .label{color:var(--muted);font-size:13px}
.card .value{font-size:26px;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums}
.card.main{background:#f1f5f9;display:flex;flex-direction:column;justify-content:center;padding:16px 20px}
.card.main .label{font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.06em}
.card.main .value{font-size:52px}
.card.main .delta{font-size:18px}
.card .before{color:var(--muted);font-size:12px}
.breakdown{margin-top:8px;font-size:13px}
.sev-error{color:var(--bad);font-weight:600}.sev-warning{color:#b45309;font-weight:600}.sev-note{color:var(--muted)}
.delta{font-size:13px;font-weight:600;margin-left:4px}
.delta.worse{color:var(--bad)}.delta.better{color:var(--good)}.delta.same{color:var(--muted)}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:13px}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.reason{overflow-wrap:anywhere;width:100%}
td.nowrap{white-space:nowrap}
.muted{color:var(--muted)}
.note{color:var(--muted);font-size:13px;margin:-6px 0 12px}
svg{display:block;max-width:100%;height:auto}
svg text{font:11px system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans","DejaVu Sans",Arial,sans-serif;fill:var(--ink)}
#trend-chart .grid{stroke:#eef0f3}
#trend-chart .axis{stroke:#9ca3af}
#trend-chart .tick{fill:var(--muted)}
#trend-chart .axis-label{fill:var(--muted);font-size:12px}
#trend-chart .empty,#treemap .empty{fill:var(--muted);font-size:15px}
.legend{list-style:none;margin:10px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13px}
.legend li{display:flex;align-items:center;gap:6px}
.legend svg{display:inline-block}
#treemap .treemap-cell rect{stroke:#fff;stroke-width:1}
#treemap .treemap-cell:hover rect{stroke:var(--ink);stroke-width:2}
#treemap .treemap-cell text{pointer-events:none;fill:#1f2937}
#treemap .treemap-cell text.on-dark{fill:#fff}
#treemap .treemap-directory rect{fill:none;stroke:#334155;stroke-width:2}
#treemap .treemap-directory text{font-weight:700;font-size:12px;fill:#334155;paint-order:stroke;stroke:#fff;stroke-width:3px}
#treemap-legend{margin-top:10px}
#treemap-legend text{fill:var(--muted);font-size:12px}
footer{color:var(--muted);font-size:12px;text-align:center}
)css";

}  // namespace nova::reviewer
