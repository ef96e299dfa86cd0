import Foundation

/// Renders a `podserve-gate report` page in a real browser (Debian's headless `chromium`) and reads it back with
/// an independent HTML5 parser (Debian's `python3-html5lib`), for the report's tests. Both come from
/// `scripts/install-test-deps.sh`, which `scripts/test.sh` runs.
package enum ReportBrowser {
    /// What the browser and the parser saw.
    package struct Inspection {
        /// html5lib's parse errors of the file as written (empty for a valid page).
        package let parseErrors: [String]
        /// `data-service` of every `section.service` in the browser's DOM, in order.
        package let services: [String]
        /// Board rows in the browser's DOM: their `data-*` attributes (service, phase, number, last, findings).
        package let board: [[String: String]]
        /// Per service section, the `data-commit` of its transition rows in order.
        package let transitions: [String: [String]]
        /// `service/phase` of every approval row.
        package let approvals: [String]
        /// Per `service/metric`, the chart's points in order: their `data-*` attributes and `cy`.
        package let charts: [String: [[String: Any]]]
        /// Per combination name, the combined-memory chart's points.
        package let combinations: [String: [[String: Any]]]
        /// The page's text, whitespace collapsed.
        package let text: String
        /// The screenshot's size, its number of distinct colours, and the colours themselves (`rrggbb`).
        package let width: Int
        package let height: Int
        package let colourCount: Int
        package let colours: Set<String>
    }

    /// A missing browser or parser: the message says how to install them.
    package struct Unavailable: Error, CustomStringConvertible {
        package let description: String
    }

    /// Loads `html` in headless chromium twice (`--dump-dom`, `--screenshot`) and inspects the file, the DOM and the PNG.
    package static func inspect(html: String, scratch: GitSandbox) throws -> Inspection {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let chromium else {
            throw Unavailable(
                description: "chromium is not installed: run scripts/install-test-deps.sh (scripts/test.sh does)")
        }
        let dir = scratch.root + "/.browser"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let common = [
            "120", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", "--user-data-dir=\(dir)/profile", "--window-size=1200,1600",
        ]
        let url = "file://" + html
        let dom = try scratch.run("timeout", common + ["--dump-dom", url])
        guard dom.status == 0, dom.stdout.contains("</html>") else {
            throw Unavailable(description: "chromium --dump-dom exited \(dom.status): \(dom.stderr.suffix(2000))")
        }
        try Data(dom.stdout.utf8).write(to: URL(fileURLWithPath: dir + "/dom.html"))
        let shot = try scratch.run("timeout", common + ["--screenshot=\(dir)/shot.png", url])
        guard shot.status == 0, FileManager.default.fileExists(atPath: dir + "/shot.png") else {
            throw Unavailable(description: "chromium --screenshot exited \(shot.status): \(shot.stderr.suffix(2000))")
        }
        // Debian's python3 (html5lib is a Debian package), not whichever python3 is first on PATH.
        let result = try scratch.run("/usr/bin/python3", ["-c", script, html, dir + "/dom.html", dir + "/shot.png"])
        guard result.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        else {
            throw Unavailable(
                description: "the page inspection failed (\(result.status)); python3-html5lib comes from "
                    + "scripts/install-test-deps.sh: \(result.stderr.suffix(2000))")
        }
        let png = object["png"] as? [String: Any] ?? [:]
        return Inspection(
            parseErrors: object["errors"] as? [String] ?? ["no parse result"],
            services: object["services"] as? [String] ?? [],
            board: object["board"] as? [[String: String]] ?? [],
            transitions: object["transitions"] as? [String: [String]] ?? [:],
            approvals: object["approvals"] as? [String] ?? [],
            charts: object["charts"] as? [String: [[String: Any]]] ?? [:],
            combinations: object["combinations"] as? [String: [[String: Any]]] ?? [:],
            text: object["text"] as? String ?? "",
            width: png["width"] as? Int ?? 0, height: png["height"] as? Int ?? 0,
            colourCount: png["colours"] as? Int ?? 0, colours: Set(png["hex"] as? [String] ?? []))
    }

    /// html5lib for the file's parse errors; html5lib again over chromium's DOM for sections, board rows and
    /// chart points; the PNG decoded with zlib (no imaging library) for its distinct colours.
    static let script = #"""
        import json, struct, sys, zlib
        import html5lib

        def strict_errors(path):
            parser = html5lib.HTMLParser(strict=False)
            with open(path, "rb") as f:
                parser.parse(f.read())
            return ["%s at line %s col %s" % (code, pos[0], pos[1]) for pos, code, _ in parser.errors]

        def dom_facts(path):
            with open(path, "rb") as f:
                doc = html5lib.parse(f.read(), treebuilder="etree", namespaceHTMLElements=False)
            facts = {"services": [], "charts": {}, "combinations": {}, "board": [], "transitions": {}, "approvals": [], "text": ""}
            def local(tag):
                return tag.split("}")[-1] if isinstance(tag, str) else ""
            for el in doc.iter():
                tag, cls = local(el.tag), (el.get("class") or "").split()
                if tag == "section" and "service" in cls:
                    facts["services"].append(el.get("data-service"))
                if tag == "tr" and el.get("data-number"):
                    facts["board"].append({k[5:]: v for k, v in el.attrib.items() if k.startswith("data-")})
                if tag == "section" and "service" in cls:
                    facts["transitions"][el.get("data-service")] = [
                        t.get("data-commit") for t in el.iter() if local(t.tag) == "tr" and "transition" in (t.get("class") or "").split()]
                if tag == "tr" and "approval" in cls:
                    facts["approvals"].append(el.get("data-service") + "/" + el.get("data-phase"))
                if tag == "figure" and ("metric" in cls or "combination-memory" in cls):
                    points = []
                    for c in el.iter():
                        if local(c.tag) == "circle" and "point" in (c.get("class") or "").split():
                            points.append({k[5:]: v for k, v in c.attrib.items() if k.startswith("data-")} | {"cy": float(c.get("cy"))})
                    if "metric" in cls:
                        facts["charts"][el.get("data-service") + "/" + el.get("data-metric")] = points
                    else:
                        facts["combinations"][el.get("data-combination")] = points
            facts["text"] = " ".join("".join(doc.itertext()).split())
            return facts

        def png_colours(path):
            with open(path, "rb") as f:
                data = f.read()
            assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
            pos, idat, width = 8, b"", 0
            while pos < len(data):
                length, kind = struct.unpack(">I4s", data[pos:pos + 8])
                body = data[pos + 8:pos + 8 + length]
                if kind == b"IHDR":
                    width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
                    assert depth == 8 and ctype in (2, 6), "unexpected PNG format %d/%d" % (depth, ctype)
                    bpp = 3 if ctype == 2 else 4
                elif kind == b"IDAT":
                    idat += body
                pos += 12 + length
            raw = zlib.decompress(idat)
            stride = width * bpp
            prev = bytearray(stride)
            colours = set()
            for y in range(height):
                filt = raw[y * (stride + 1)]
                line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
                if filt == 1:
                    for i in range(bpp, stride): line[i] = (line[i] + line[i - bpp]) & 255
                elif filt == 2:
                    line = bytearray((a + b) & 255 for a, b in zip(line, prev))
                elif filt == 3:
                    for i in range(stride): line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
                elif filt == 4:
                    for i in range(stride):
                        a = line[i - bpp] if i >= bpp else 0
                        b = prev[i]
                        c = prev[i - bpp] if i >= bpp else 0
                        p = a + b - c
                        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[i] = (line[i] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
                colours.update(bytes(line[i:i + 3]) for i in range(0, stride, bpp))
                prev = line
            return {"width": width, "height": height, "colours": len(colours),
                    "hex": sorted(c.hex() for c in colours)}

        html_path, dom_path, png_path = sys.argv[1:4]
        out = {"errors": strict_errors(html_path)}
        out.update(dom_facts(dom_path))
        out["png"] = png_colours(png_path)
        json.dump(out, sys.stdout)
        """#
}
