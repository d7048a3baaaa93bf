package detect

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// listText returns the SPDX list text of id from the offline test copy.
func listText(t *testing.T, id string) string {
	t.Helper()
	for _, e := range loadSPDXTexts(t).Texts {
		if slices.Contains(e.IDs, id) {
			return e.Text
		}
	}
	t.Fatalf("no list text for %s", id)
	return ""
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestGNUOnlyOrLater checks the only / or-later decision for every GNU
// license text: from a notice before or after the text, and -only with a
// note when there is none.
func TestGNUOnlyOrLater(t *testing.T) {
	t.Parallel()
	type gnu struct{ id, name, version string }
	licenses := []gnu{
		{"GPL-2.0", "GNU General Public License", "2"},
		{"GPL-3.0", "GNU General Public License", "3"},
		{"LGPL-2.1", "GNU Lesser General Public License", "2.1"},
		{"LGPL-3.0", "GNU Lesser General Public License", "3"},
		{"LGPL-2.0", "GNU Library General Public License", "2"},
		{"AGPL-3.0", "GNU Affero General Public License", "3"},
		{"GPL-1.0", "GNU General Public License", "1"},
	}
	for _, l := range licenses {
		text := listText(t, l.id+"-only")
		later := "This program is free software; you can redistribute it and/or modify it under the terms of the " +
			l.name + " as published by the Free Software Foundation; either version " + l.version +
			" of the License, or (at your option) any later version.\n\n"
		only := "This program is free software; you can redistribute it and/or modify it under the terms of the " +
			l.name + " version " + l.version + " as published by the Free Software Foundation.\n\n"
		cases := []struct {
			name, text, want string
			note             bool
		}{
			{"notice before, or later", "Copyright (C) 2024 Example Ltd.\n\n" + later + text, l.id + "-or-later", false},
			{"notice after, or later", text + "\n\n" + later, l.id + "-or-later", false},
			{"notice before, only", only + text, l.id + "-only", false},
			{"no notice", text, l.id + "-only", true},
		}
		for _, tc := range cases {
			t.Run(l.id+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				r := Default().Classify([]byte(tc.text))
				if r.Expression != tc.want {
					t.Fatalf("Expression = %q, want %q (matches %+v, notes %q)", r.Expression, tc.want, r.Matches, r.Notes)
				}
				hasNote := slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "without a version notice") })
				if hasNote != tc.note {
					t.Errorf("notes %q: want a version-notice note = %v", r.Notes, tc.note)
				}
			})
		}
	}
}

// busl is a vendored BUSL-1.1 LICENSE as projects ship it: the parameters
// block filled in above the list text.
func busl(t *testing.T) string {
	return "License text copyright (c) 2020 MariaDB Corporation Ab, All Rights Reserved.\n" +
		"\"Business Source License\" is a trademark of MariaDB Corporation Ab.\n\n" +
		"Parameters\n\nLicensor:             Example Systems, Inc.\n" +
		"Licensed Work:        Example Engine 1.4. The Licensed Work is (c) 2024 Example Systems, Inc.\n" +
		"Additional Use Grant: You may make production use of the Licensed Work, provided\n" +
		"                      Your use does not include offering the Licensed Work to third\n" +
		"                      parties on a hosted or embedded basis in order to compete with\n" +
		"                      Example Systems' paid version(s) of the Licensed Work.\n\n" +
		"Change Date:          Four years from the date the Licensed Work is published.\n" +
		"Change License:       Mozilla Public License, version 2.0\n\n" +
		"For information about alternative licensing arrangements for the Licensed Work,\n" +
		"please contact licensing@example.com.\n\n" + listText(t, "BUSL-1.1")
}

// polyformVariant builds a PolyForm license text that is not on the SPDX
// list from the Small Business list text: new title and URL, and the
// Small Business section replaced by the variant's own section.
func polyformVariant(t *testing.T, title, slug, section string) string {
	text := listText(t, "PolyForm-Small-Business-1.0.0")
	text = strings.Replace(text, "PolyForm Small Business License 1.0.0", title, 1)
	text = strings.Replace(text, "licenses/small-business/1.0.0", "licenses/"+slug+"/1.0.0", 1)
	start := strings.Index(text, "## Small Business")
	end := strings.Index(text, "## No Other Rights")
	if start < 0 || end < start {
		t.Fatal("unexpected PolyForm-Small-Business-1.0.0 text layout")
	}
	return text[:start] + section + "\n\n" + text[end:]
}

// TestClassify covers the expressions of whole license files.
func TestClassify(t *testing.T) {
	t.Parallel()
	mit := readFile(t, "testdata/licenses/MIT.txt")
	apache := readFile(t, "testdata/licenses/Apache-2.0.txt")
	cases := []struct {
		name string
		text string
		want string
	}{
		{"MIT with copyright", mit, "MIT"},
		{"Apache-2.0", apache, "Apache-2.0"},
		{"Apache-2.0 without appendix", apache[:strings.Index(apache, "APPENDIX")], "Apache-2.0"},
		{"vendored BUSL-1.1", busl(t), "BUSL-1.1"},
		{"Elastic-2.0", listText(t, "Elastic-2.0"), "Elastic-2.0"},
		{"SSPL-1.0", listText(t, "SSPL-1.0"), "SSPL-1.0"},
		{"Unicode-3.0", listText(t, "Unicode-3.0"), "Unicode-3.0"},
		{"LGPL-3.0 with the GPL-3.0 it incorporates", listText(t, "GPL-3.0-only") + "\n\n" + listText(t, "LGPL-3.0-only"), "LGPL-3.0-only"},
		{"two licenses bundled", mit + "\n\n---\n\nThe bundled parser is licensed as follows:\n\n" + apache, "MIT AND Apache-2.0"},
		{"dual licensed", "This project is dual-licensed under the MIT license or the Apache License, Version 2.0, at your option.\n\n" +
			mit + "\n\n" + apache, "MIT OR Apache-2.0"},
		{"Apache-2.0 with LLVM exception", apache + "\n\n---- LLVM Exceptions to the Apache 2.0 License ----\n\n" +
			"As an exception, if, as a result of your compiling your source code, portions\nof this Software are embedded into an " +
			"Object form of such source code, you\nmay redistribute such embedded portions in such Object form without complying\n" +
			"with the conditions of Sections 4(a), 4(b) and 4(d) of the License.\n\nIn addition, if you combine or link compiled " +
			"forms of this Software with\nsoftware that is licensed under the GPLv2 (\"Combined Software\") and if a\ncourt of " +
			"competent jurisdiction determines that the patent provision (Section\n3), the indemnity provision (Section 9) or " +
			"other Section of the License\nconflicts with the conditions of the GPLv2, you may retroactively and\nprospectively " +
			"choose to deem waived or otherwise exclude such Section(s) of\nthe License, but only in their entirety and only " +
			"with respect to the Combined\nSoftware.\n", "Apache-2.0 WITH LLVM-exception"},
		{"GPL-2.0 with Classpath exception", listText(t, "GPL-2.0-only") + "\n\n" +
			strings.Replace(listText(t, "GPL-2.0-with-classpath-exception"), "insert GPL v2 license text here", "", 1),
			"GPL-2.0-only WITH Classpath-exception-2.0"},
		{"Apache-2.0 with Commons Clause", "\"Commons Clause\" License Condition v1.0\n\n" +
			"The Software is provided to you by the Licensor under the License, as defined below, subject to the following " +
			"condition.\n\nWithout limiting other conditions in the License, the grant of rights under the License will not " +
			"include, and the License does not grant to you, the right to Sell the Software.\n\nFor purposes of the foregoing, " +
			"\"Sell\" means practicing any or all of the rights granted to you under the License to provide to third parties, " +
			"for a fee or other consideration (including without limitation fees for hosting or consulting/ support services " +
			"related to the Software), a product or service whose value derives, entirely or substantially, from the " +
			"functionality of the Software. Any license notice or attribution required by the License must also include this " +
			"Commons Clause License Condition notice.\n\nSoftware: Example\nLicense: Apache 2.0\nLicensor: Example Inc.\n\n" + apache,
			"LicenseRef-Commons-Clause AND Apache-2.0"},
		{"PolyForm Shield", polyformVariant(t, "PolyForm Shield License 1.0.0", "shield",
			"## Noncompete\n\nAny purpose is a permitted purpose, except for providing any\nproduct that competes with the software "+
				"or any product the\nlicensor or any of its affiliates provides using the software.\n\n## Competition\n\n"+
				"Goods and services compete even when they provide functionality\nthrough different kinds of interfaces or for "+
				"different technical\nplatforms."), "LicenseRef-PolyForm-Shield-1.0.0"},
		{"PolyForm Perimeter", polyformVariant(t, "PolyForm Perimeter License 1.0.0", "perimeter",
			"## Noncompete\n\nAny purpose is a permitted purpose, except for providing any\nproduct that competes with the software."),
			"LicenseRef-PolyForm-Perimeter-1.0.0"},
		{"PolyForm Internal Use", polyformVariant(t, "PolyForm Internal Use License 1.0.0", "internal-use",
			"## Internal Business Use\n\nUse of the software for the internal business operations of\nyou and your company is use "+
				"for a permitted purpose."), "LicenseRef-PolyForm-Internal-Use-1.0.0"},
		{"PolyForm Free Trial", polyformVariant(t, "PolyForm Free Trial License 1.0.0", "free-trial",
			"## Free Trial\n\nUse to evaluate whether the software suits a particular\napplication for less than 32 consecutive "+
				"calendar days, on\nbehalf of you or your company, is use for a permitted purpose."),
			"LicenseRef-PolyForm-Free-Trial-1.0.0"},
		{"PolyForm Noncommercial", listText(t, "PolyForm-Noncommercial-1.0.0"), "PolyForm-Noncommercial-1.0.0"},
		{"CC-BY-NC-SA-4.0", listText(t, "CC-BY-NC-SA-4.0"), "CC-BY-NC-SA-4.0"},
		{"SPDX tag on a source file", "// Copyright 2024 Example\n// SPDX-License-Identifier: Apache-2.0 OR mit\n\npackage x\n",
			"Apache-2.0 OR MIT"},
		{"tag with deprecated GNU id", "# SPDX-License-Identifier: GPL-2.0+\n", "GPL-2.0-or-later"},
		{"short notice file", "Copyright 2021 Example\n\nLicensed under the Apache License, Version 2.0.\n", "Apache-2.0"},
		{"Rust dual notice", "Licensed under either of\n\n * Apache License, Version 2.0, (LICENSE-APACHE or " +
			"http://www.apache.org/licenses/LICENSE-2.0)\n * MIT license (LICENSE-MIT or http://opensource.org/licenses/MIT)\n\n" +
			"at your option.\n", "Apache-2.0 OR MIT"},
		{"GPL notice only", "This program is free software: you can redistribute it and/or modify\nit under the terms of the " +
			"GNU General Public License as published by\nthe Free Software Foundation, either version 3 of the License, or\n" +
			"(at your option) any later version.\n", "GPL-3.0-or-later"},
		{"title line", "The MIT License (MIT)\n\nCopyright (c) 2015 Example\n", "MIT"},
		{"README mentioning a license", strings.Repeat("Example is a fast widget library for building dashboards. ", 20) +
			"\n\n## License\n\nThis project is licensed under the MIT License - see the LICENSE file for details.\n", ""},
		{"no license", "just some words that are not a license at all", ""},
		{"empty", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Default().Classify([]byte(tc.text))
			if r.Expression != tc.want {
				t.Fatalf("Expression = %q, want %q\nmatches %+v\nnotes %q", r.Expression, tc.want, r.Matches, r.Notes)
			}
			for _, m := range r.Matches {
				if m.Start < 0 || m.End > len(tc.text) || m.Start >= m.End {
					t.Errorf("match %+v out of the text's %d bytes", m, len(tc.text))
				}
			}
		})
	}
}

// TestNoiseHasNoExpression checks a README that merely mentions a license
// lists the mention but yields no Expression, and says why.
func TestNoiseHasNoExpression(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("Widgets render quickly and scale to large dashboards. ", 30) +
		"\nReleased under the MIT license.\n"
	r := Default().Classify([]byte(text))
	if r.Expression != "" || len(r.Matches) != 1 || r.Matches[0].ID != "MIT" || r.Coverage >= ConfidentCoverage {
		t.Fatalf("got %+v", r)
	}
	if !slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "no expression") }) {
		t.Errorf("notes %q do not explain the missing expression", r.Notes)
	}
}

// TestCoverageAndMatches checks match offsets and the coverage figure of
// a file holding two licenses.
func TestCoverageAndMatches(t *testing.T) {
	t.Parallel()
	mit := readFile(t, "testdata/licenses/MIT.txt")
	bsd := listText(t, "BSD-3-Clause")
	text := mit + "\n" + bsd
	r := Default().Classify([]byte(text))
	if r.Expression != "MIT AND BSD-3-Clause" {
		t.Fatalf("Expression = %q", r.Expression)
	}
	if r.Coverage < 95 {
		t.Errorf("Coverage = %.1f, want ≥ 95", r.Coverage)
	}
	if len(r.Matches) != 2 || r.Matches[0].End > r.Matches[1].Start || r.Matches[1].Start < len(mit)-20 {
		t.Errorf("matches %+v do not split at the MIT/BSD boundary (%d)", r.Matches, len(mit))
	}
}

// TestConcurrentClassify runs Classify from many goroutines (run with
// -race to check the shared detector is read-only).
func TestConcurrentClassify(t *testing.T) {
	t.Parallel()
	texts := []string{readFile(t, "testdata/licenses/MIT.txt"), readFile(t, "testdata/licenses/Apache-2.0.txt"), busl(t)}
	want := []string{"MIT", "Apache-2.0", "BUSL-1.1"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				k := (g + i) % len(texts)
				if got := Default().Classify([]byte(texts[k])).Expression; got != want[k] {
					t.Errorf("goroutine %d: got %q, want %q", g, got, want[k])
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestWarm checks Warm and Default share one detector.
func TestWarm(t *testing.T) {
	t.Parallel()
	Warm()
	if Default() != Default() {
		t.Fatal("Default built twice")
	}
}

// TestLongTextIsTruncated checks the size bound and its note.
func TestLongTextIsTruncated(t *testing.T) {
	t.Parallel()
	text := readFile(t, "testdata/licenses/MIT.txt") + strings.Repeat("x ", MaxTextSize/2)
	r := Default().Classify([]byte(text))
	if r.Expression != "MIT" {
		t.Errorf("Expression = %q, want MIT", r.Expression)
	}
	if !slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "only the first") }) {
		t.Errorf("notes %q do not mention the truncation", r.Notes)
	}
}

// TestVendoredBUSL follows what the gate does for a vendored Go module and
// an npm package whose only license evidence is a BUSL-1.1 text: pick the
// primary license files of the package directory and classify them.
func TestVendoredBUSL(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	dirs := map[string][]string{
		"vendor/github.com/example/engine": {"LICENSE", "engine.go", "README.md"},
		"node_modules/@example/engine":     {"LICENSE.md", "package.json", "index.js"},
	}
	for dir, files := range dirs {
		full := filepath.Join(root, dir)
		if err := os.MkdirAll(full, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			body := "package engine\n"
			if IsLicenseFile(f) {
				body = busl(t)
			}
			if err := os.WriteFile(filepath.Join(full, f), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		entries, err := os.ReadDir(full)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		primary := PrimaryLicenseFiles(names)
		if len(primary) != 1 {
			t.Fatalf("%s: primary license files %q", dir, primary)
		}
		text, err := os.ReadFile(filepath.Join(full, primary[0]))
		if err != nil {
			t.Fatal(err)
		}
		if got := Default().Classify(text).Expression; got != "BUSL-1.1" {
			t.Errorf("%s/%s: got %q, want BUSL-1.1", dir, primary[0], got)
		}
	}
}
