package locate_test

import (
	"fmt"

	"github.com/ospo-gate/ospo-gate/internal/locate"
)

func ExampleParse() {
	lock := []byte(`{
  "lockfileVersion": 3,
  "packages": {
    "node_modules/react": {"version": "18.2.0"},
    "node_modules/react-dom": {"version": "18.2.0"},
    "node_modules/legacy/node_modules/react": {"version": "16.14.0"}
  }
}`)
	ix, err := locate.Parse("web/package-lock.json", lock)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ix.Line(locate.Query{Type: "npm", Name: "react"}))
	fmt.Println(ix.Line(locate.Query{Type: "npm", Name: "react", Version: "16.14.0"}))
	fmt.Println(ix.Line(locate.Query{Type: "npm", Name: "left-pad"}))
	// Output:
	// 4
	// 6
	// 0
}

func ExampleParse_error() {
	_, err := locate.Parse("go.mod", []byte("module example.com/m\n\nrequire (\n\tgolang.org/x/mod\n)\n"))
	fmt.Println(err)
	// Output:
	// go.mod:4:2: usage: require module/path v1.2.3
}
