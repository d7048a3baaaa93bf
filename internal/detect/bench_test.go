package detect

import (
	"os"
	"testing"
)

// BenchmarkBuild measures the one-time construction of the detector.
func BenchmarkBuild(b *testing.B) {
	for b.Loop() {
		if _, err := build(); err != nil {
			b.Fatal(err)
		}
	}
}

func benchClassify(b *testing.B, path string) {
	text, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	d := Default()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		d.Classify(text)
	}
}

// BenchmarkClassify measures classifying typical LICENSE files.
func BenchmarkClassify(b *testing.B) {
	b.Run("MIT", func(b *testing.B) { benchClassify(b, "testdata/licenses/MIT.txt") })
	b.Run("Apache-2.0", func(b *testing.B) { benchClassify(b, "testdata/licenses/Apache-2.0.txt") })
}
