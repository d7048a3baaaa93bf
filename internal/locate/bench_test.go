package locate

import (
	"path"
	"testing"
)

// benchFiles are the largest lockfiles of the corpus.
var benchFiles = []string{
	"yarn-jupyterlab/yarn.lock",
	"npm-insomnia/package-lock.json",
	"go-pnpm-prometheus/web/ui/react-app/pnpm-lock.yaml",
	"go-pnpm-prometheus/web/ui/pnpm-lock.yaml",
	"rust-uv/uv.lock",
	"py-poetry/poetry.lock",
	"rust-uv/Cargo.lock",
	"go-pnpm-prometheus/go.mod",
}

func BenchmarkParse(b *testing.B) {
	for _, file := range benchFiles {
		data := readCorpus(b, file)
		b.Run(path.Base(path.Dir(file))+"/"+path.Base(file), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(file, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLine(b *testing.B) {
	ix := parseCorpus(b, "yarn-jupyterlab/yarn.lock")
	queries := []Query{
		{Type: "npm", Name: "react"},
		{Type: "npm", Name: "string-width", Version: "5.1.2"},
		{Type: "npm", Name: "@jupyterlab/application"},
		{Type: "npm", Name: "does-not-exist"},
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		ix.Line(queries[i%len(queries)])
		i++
	}
}
