/// The report's only style sheet, inlined in the page (no web font, no external file).
enum ReportStyle {
    static let css = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0; color: #1d2630; background: #f6f7f9; font-size: 14px; }
        header { background: #1d3557; color: #fff; padding: 14px 24px; }
        header h1 { margin: 0 0 4px 0; font-size: 22px; }
        header .meta { margin: 0 0 8px 0; color: #d8e2ee; }
        header code { color: #fff; }
        nav a { color: #a8dadc; margin-right: 14px; text-decoration: none; }
        main { padding: 8px 24px 40px 24px; }
        section { margin-top: 18px; }
        h2 { border-bottom: 2px solid #457b9d; padding-bottom: 4px; color: #1d3557; }
        h3 { margin-bottom: 6px; }
        section.service { background: #fff; border: 1px solid #d5dbe3; border-radius: 6px; padding: 8px 16px 14px 16px; margin: 14px 0; }
        table { border-collapse: collapse; margin: 8px 0; background: #fff; }
        th, td { border: 1px solid #d5dbe3; padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #e8eef5; }
        code { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
        .ok { color: #1b7a33; font-weight: bold; }
        .bad { color: #b3261e; font-weight: bold; }
        .none, .note { color: #5b6b7c; font-style: italic; }
        .badge { display: inline-block; white-space: nowrap; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; }
        .charts { display: flex; flex-wrap: wrap; gap: 10px; }
        figure { margin: 0; background: #fff; border: 1px solid #e1e6ec; border-radius: 4px; padding: 6px; }
        figcaption { font-weight: bold; margin-bottom: 4px; }
        svg text.axis { font-size: 11px; fill: #46525e; }
        svg .plot { fill: #fbfcfd; stroke: #c9d1da; }
        svg .grid { stroke: #e3e8ee; stroke-width: 1; }
        svg .series { fill: none; stroke: #1f77b4; stroke-width: 2; }
        svg .point { fill: #1f77b4; stroke: #fff; stroke-width: 1.5; }
        svg .point[data-status="fail"] { fill: #d62728; }
        svg .target { fill: none; stroke: #d62728; stroke-width: 1.5; stroke-dasharray: 6 4; }
        .phase-1 { background: #4e79a7; fill: #4e79a7; }
        .phase-2 { background: #59a14f; fill: #59a14f; }
        .phase-3 { background: #edc948; fill: #edc948; color: #1d2630; }
        .phase-4 { background: #b07aa1; fill: #b07aa1; }
        .phase-5 { background: #f28e2b; fill: #f28e2b; }
        .phase-6 { background: #e15759; fill: #e15759; }
        .phase-ready { background: #2e7d32; fill: #2e7d32; }
        .phase-other { background: #888; fill: #888; }
        .sig-bad, .sig-unknown-signer { color: #b3261e; }
        .sig-good { color: #1b7a33; }

        """
}
