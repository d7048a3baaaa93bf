package licenses

// data.json is rebuilt from the npm packages pinned in gen/curated.yaml (needs
// npm and the npm registry) with:
//
//	go generate ./internal/licenses
//
// Offline, with the tarballs already in DIR: go run ./gen -packs DIR
//
//go:generate go run ./gen -curated gen/curated.yaml -out data.json
