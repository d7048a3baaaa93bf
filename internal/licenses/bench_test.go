package licenses

import "testing"

func BenchmarkNormalize(b *testing.B) {
	for _, in := range []string{"MIT", "(MIT OR Apache-2.0)", "Apache License, Version 2.0",
		"License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)", "Dual MIT/GPL",
		"https://www.apache.org/licenses/LICENSE-2.0.txt", "Some Company Internal License"} {
		b.Run(in, func(b *testing.B) {
			for b.Loop() {
				Normalize(in)
			}
		})
	}
}
