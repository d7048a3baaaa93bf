package detect

import (
	"strings"
	"testing"
	"time"
)

// TestHostileInputs checks texts built to make matching expensive (one
// phrase, notice, tag or license repeated thousands of times) are handled
// in bounded time and say when matches were capped.
func TestHostileInputs(t *testing.T) {
	t.Parallel()
	mit := readFile(t, "testdata/licenses/MIT.txt")
	cases := []struct {
		name string
		text string
	}{
		{"repeated warranty phrase", strings.Repeat("the software is provided as is without warranty of any kind ", 4000)},
		{"one word", strings.Repeat("license ", 200000)},
		{"repeated license text", strings.Repeat(mit+"\n", 200)},
		{"repeated notice", strings.Repeat("licensed under the MIT license. ", 10000)},
		{"repeated GNU notice", strings.Repeat("GNU General Public License version 2 or later ", 5000)},
		{"title lines", strings.Repeat("MIT\n", 50000)},
		{"repeated tags", strings.Repeat("// SPDX-License-Identifier: MIT OR (Apache-2.0 AND BSD-3-Clause)\n", 5000)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			r := Default().Classify([]byte(tc.text))
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
			if len(r.Matches) > maxEvidence {
				t.Errorf("%d matches exceed the cap", len(r.Matches))
			}
		})
	}
}
